/**
 * A video's size, rotation and duration from its header, by container:
 * MP4/MOV boxes or WebM elements. Null when the header cannot be read.
 * @module
 */
import { probeMp4 } from "./mp4_probe.ts";
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
