/**
 * For the composer's photos: TikTok takes photos at most 1080 px a side
 * (lib/media/photo_limits.ts), and a phone's photo (1080×1920, 3024×4032)
 * is larger. Rather than a refusal per photo, the browser scales a larger
 * JPEG or WebP down to fit, as a JPEG, before it is uploaded; the photo's
 * line says so (docs/dashboard.md#compose). What the browser cannot
 * decode goes up as it is, for the server to name what is wrong.
 * @module
 */
import { PHOTO_MAX_SIDE_PX } from "../../lib/media/photo_limits.ts";

/** The photo to upload, and its size before when it was scaled down. */
export interface FittedPhoto {
  file: File;
  scaledFrom?: string;
}

export async function fitPhoto(file: File): Promise<FittedPhoto> {
  if (!/^image\/(jpeg|webp)$/.test(file.type)) return { file };
  let bitmap: ImageBitmap;
  try {
    // The photo's EXIF orientation applied (the JPEG made keeps no EXIF).
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    return { file };
  }
  const { width, height } = bitmap;
  const scale = PHOTO_MAX_SIDE_PX / Math.max(width, height);
  if (scale >= 1) {
    bitmap.close();
    return { file };
  }
  // At least 1 px: a panorama's short side may round to nothing.
  const canvas = new OffscreenCanvas(
    Math.max(1, Math.round(width * scale)),
    Math.max(1, Math.round(height * scale)),
  );
  canvas.getContext("2d")!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
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
    scaledFrom: `${width}×${height}`,
  };
}
