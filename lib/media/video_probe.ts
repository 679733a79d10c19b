/**
 * A video's size, rotation and duration from its header, by container:
 * MP4/MOV boxes or WebM elements. Null when the header cannot be read.
 * @module
 */
import { AppError } from "../errors.ts";
import { boxPastEnd, probeMp4 } from "./mp4_probe.ts";
import type { RangeReader } from "./mp4_probe.ts";
import type { VideoProbe } from "./media_record.ts";
import { probeWebm } from "./webm_probe.ts";

export function probeVideo(
  ext: string,
  read: RangeReader,
  size: number,
): Promise<VideoProbe | null> {
  const probe = ext === "webm" ? probeWebm(read, size) : probeMp4(read, size);
  return probe.catch(() => null);
}

/**
 * Why an MP4/MOV file is refused as cut short (an upload or copy stopped
 * early), or null; a WebM is not walked. Said when the bytes arrive rather
 * than by TikTok's processing minutes after posting
 * (docs/media.md#videos-tiktok-refuses).
 */
export async function cutShortError(
  ext: string,
  read: RangeReader,
  size: number,
): Promise<AppError | null> {
  if (ext === "webm") return null;
  // Safe to pass over a failed read: the check only spares a later
  // failure at TikTok, and the probe that follows reads the same object.
  const past = await boxPastEnd(read, size).catch(() => null);
  if (!past) return null;
  return new AppError(
    "bad_request",
    `The video file is cut short: its ${past.type} box runs to byte ${past.end}, but the file ends after ${size} bytes. Upload the whole file again.`,
  );
}
