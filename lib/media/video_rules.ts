/**
 * What TikTok refuses of a video, by its header
 * (docs/media.md#videos-tiktok-refuses): not vertical as displayed (the rotation matrix applied),
 * or longer than the creator may post. One rule for both places that judge
 * a video: completing an upload and posting.
 * @module
 */
import { AppError } from "../errors.ts";
import type { VideoProbe } from "./media_record.ts";
import { videoTooLongMessage } from "./video_length_message.ts";

/** Why a video is not vertical as it displays, or null. */
export function videoShapeError(v: VideoProbe): AppError | null {
  if (v.displayHeight > v.displayWidth) return null;
  return new AppError(
    "bad_request",
    `The video must be vertical (9:16); this one displays ${v.displayWidth}×${v.displayHeight}${
      v.rotation ? ` (rotated ${v.rotation}°)` : ""
    }. Videos are posted as they are, never re-encoded or rotated.`,
  );
}

/**
 * Why a video is too long for a creator whose longest post is `maxSec`
 * (0: TikTok gave none), or null; a video of unknown length passes.
 */
export function videoDurationError(
  v: VideoProbe,
  maxSec: number,
): AppError | null {
  if (maxSec <= 0 || v.durationSec === null || v.durationSec <= maxSec) {
    return null;
  }
  return new AppError(
    "bad_request",
    videoTooLongMessage(v.durationSec, maxSec),
  );
}
