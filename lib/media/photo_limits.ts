/**
 * TikTok's photo limits as PM3K applies them (docs/media.md#photo-mode), free
 * of imports so the dashboard's composer can scale a photo down to them
 * before uploading (components/compose/photo_fit.ts).
 * @module
 */

export const PHOTO_MAX_BYTES = 20 * 1000 * 1000;
export const PHOTO_MAX_IMAGES = 35;
export const PHOTO_MAX_SIDE_PX = 1080;
