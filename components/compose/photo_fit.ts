/**
 * For the composer's photos: TikTok takes photos at most 1080 px a side
 * (lib/media/photo_limits.ts), and a phone's photo (1080×1920, 3024×4032)
 * is larger. Rather than a refusal per photo, the browser scales a larger
 * JPEG or WebP down to fit, as a JPEG, before it is uploaded; and TikTok
 * takes JPEG and WebP only, so any other image the browser can decode (a
 * PNG screenshot, a GIF) is converted to a JPEG, its transparency on white.
 * The photo's line says what was done (docs/dashboard.md#compose). A
 * JPEG or WebP the browser cannot decode or scale goes up as it is, for the
 * server to name what is wrong; any other image it cannot convert (no
 * OffscreenCanvas, HEIC in Chromium) is refused here, not uploaded: the
 * server would only refuse its type, and it would cost one of the day's
 * uploads. One whose bytes the browser cannot decode at all is said to be
 * no picture.
 * @module
 */
import { PHOTO_MAX_SIDE_PX } from "../../lib/media/photo_limits.ts";
import { pageWords } from "../page_words.ts";

/** The photo to upload, and what the browser did to it. */
export interface FittedPhoto {
  file: File;
  /** Its size as picked, when it was scaled down. */
  scaledFrom?: string;
  /** It was no JPEG or WebP, and was converted to a JPEG. */
  converted?: boolean;
}

/**
 * The photo to upload; throws, with the page's words, for an image that is
 * no JPEG or WebP and that this browser cannot convert.
 */
export async function fitPhoto(file: File): Promise<FittedPhoto> {
  // Only what says it is an image is decoded: a video picked here would be
  // read whole for nothing.
  if (!file.type.startsWith("image/")) return { file };
  const taken = /^image\/(jpeg|webp)$/.test(file.type);
  try {
    return await converted(file, taken);
  } catch (error) {
    if (taken) return { file };
    // createImageBitmap's "could not be decoded": no picture, unless a
    // HEIC this browser does not read (docs/dashboard.md#compose).
    throw new Error(
      pageWords()[
        (error as Error).name === "InvalidStateError" &&
          !/hei[cf]/.test(file.type)
          ? "photoNotPicture"
          : "photoNotConverted"
      ],
    );
  }
}

async function converted(file: File, taken: boolean): Promise<FittedPhoto> {
  // The photo's EXIF orientation applied (the JPEG made keeps no EXIF).
  const bitmap = await createImageBitmap(file, {
    imageOrientation: "from-image",
  });
  const { width, height } = bitmap;
  const scale = Math.min(1, PHOTO_MAX_SIDE_PX / Math.max(width, height));
  if (scale === 1 && taken) {
    bitmap.close();
    return { file };
  }
  // At least 1 px: a panorama's short side may round to nothing.
  const canvas = new OffscreenCanvas(
    Math.max(1, Math.round(width * scale)),
    Math.max(1, Math.round(height * scale)),
  );
  const context = canvas.getContext("2d")!;
  // A JPEG has no transparency: what was see-through is white, as on the
  // page it came from, not the encoder's black.
  context.fillStyle = "#fff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  // JPEG everywhere: not every browser encodes WebP (Safari makes a PNG).
  const blob = await canvas.convertToBlob({
    type: "image/jpeg",
    quality: 0.92,
  });
  return {
    file: new File([blob], file.name.replace(/\.\w+$/, "") + ".jpg", {
      type: "image/jpeg",
    }),
    ...(scale < 1 && { scaledFrom: `${width}×${height}` }),
    ...(!taken && { converted: true }),
  };
}
