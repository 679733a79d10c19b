/**
 * A video's size, rotation and duration from its header, by container:
 * MP4/MOV boxes or WebM elements. Null when the header cannot be parsed;
 * storage failing meanwhile is thrown, never taken for a bad header
 * (docs/media.md#video-probes).
 * @module
 */
import { AppError } from "../errors.ts";
import { StorageError } from "../storage/object_storage.ts";
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
  return probe.catch(unlessStorageFailed);
}

/**
 * Null for a header the parser threw on (a box or element running past
 * its bytes: a RangeError); a read that failed is rethrown. The reads are
 * a storedRangeReader's, whose failures are AppErrors (503
 * `storage_unavailable`, 404 `not_found`): passed over, a brief outage
 * would complete the video with a check skipped for good, at upload and
 * at posting (docs/media.md#video-probes).
 */
function unlessStorageFailed(error: unknown): null {
  if (error instanceof AppError || error instanceof StorageError) throw error;
  return null;
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
  // A read that failed is thrown, not taken for a file whose boxes fit:
  // a blip would let a cut-short file through for good.
  const past = await boxPastEnd(read, size).catch(unlessStorageFailed);
  if (!past) return null;
  if (/^[\x20-\x7e]{4}$/.test(past.type)) {
    return new AppError(
      "bad_request",
      `The video file is cut short: its ${past.type} box runs to byte ${past.end}, but the file ends after ${size} bytes. Upload the whole file again.`,
    );
  }
  // A box's type is four printable ASCII letters (mdat, moov, free):
  // other bytes there are no box, so there is no name to give (bytes
  // appended to the file, or a damaged one). Said as hex, never as the
  // raw bytes, which read as Latin-1 garbage or controls
  // (docs/media.md#videos-tiktok-refuses).
  const bytes = [...past.type].map((ch) =>
    ch.charCodeAt(0).toString(16).padStart(2, "0")
  ).join(" ");
  return new AppError(
    "bad_request",
    `The video file is damaged or cut short: the bytes at ${past.at} are no MP4 box (${bytes} where a box's type goes; read as one, it would run to byte ${past.end}, and the file ends after ${size} bytes). Upload the original file again, whole and unchanged.`,
  );
}
