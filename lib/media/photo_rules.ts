/**
 * TikTok's photo rules as PM3K applies them (docs/media.md#photo-mode):
 * JPEG or WebP, at most 20 MB, 1 to 35 images, and at most 1080 px on each
 * side. TikTok's own wording is "maximum 1080p"; the API's contract
 * ("Image exceeds 1080px on one side") is the stricter reading, so a
 * 1080×1350 portrait is refused and 864×1080 (4:5) or 1080×1080 pass
 * (docs/decisions.md#where-the-contract-is-silent).
 * @module
 */
import { AppError } from "../errors.ts";
import { PHOTO_MAX_SIDE_PX } from "./photo_limits.ts";

export {
  PHOTO_MAX_BYTES,
  PHOTO_MAX_IMAGES,
  PHOTO_MAX_SIDE_PX,
} from "./photo_limits.ts";

/** True when neither side is over 1080 px. */
export function photoSizeAllowed(width: number, height: number): boolean {
  return width <= PHOTO_MAX_SIDE_PX && height <= PHOTO_MAX_SIDE_PX;
}

/** `image_too_large_px` for an image over the limit, else null. */
export function photoSizeError(width: number, height: number): AppError | null {
  if (photoSizeAllowed(width, height)) return null;
  return new AppError(
    "image_too_large_px",
    `Image exceeds ${PHOTO_MAX_SIDE_PX}px on one side (${width}×${height}; TikTok photos may be at most ${PHOTO_MAX_SIDE_PX} px wide and ${PHOTO_MAX_SIDE_PX} px high).`,
  );
}
