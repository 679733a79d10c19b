/**
 * TikTok's photo rules as PM3K applies them (seed §4.3, tiktok-api.md §7):
 * JPEG or WebP, at most 20 MB, 1 to 35 images, and "maximum 1080p".
 *
 * "1080p" is read as a 1080p frame in either orientation: the short side at
 * most 1080 px and the long side at most 1920 px. So a 1080×1350 portrait
 * (TikTok's usual 4:5 photo) passes and 2000×1500 does not.
 * @module
 */

export const PHOTO_MAX_BYTES = 20 * 1000 * 1000;
export const PHOTO_MAX_IMAGES = 35;
export const PHOTO_MAX_SHORT_SIDE = 1080;
export const PHOTO_MAX_LONG_SIDE = 1920;

/** True when the pixel size fits TikTok's 1080p limit. */
export function photoSizeAllowed(width: number, height: number): boolean {
  return Math.min(width, height) <= PHOTO_MAX_SHORT_SIDE &&
    Math.max(width, height) <= PHOTO_MAX_LONG_SIDE;
}
