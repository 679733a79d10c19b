/**
 * Uploads of one file name told apart on the media page: two phones'
 * `video.mp4`, or one file sent twice within a minute, would otherwise
 * show the same name, size and "Kept until" minute, and their Delete
 * buttons the same name (docs/dashboard.md#calendar-posts-and-media).
 * The server names them, so no dashboard JavaScript is spent on it.
 * @module
 */
import type { UploadJson } from "./api_responses.ts";
import { nameAmong } from "../media/upload_tag.ts";

/**
 * The uploads, in their order, each of a file name shared with another
 * named with its upload's tag (upload_tag.ts), "clip.mp4, upload 4KQ7XM",
 * as the composer's picker names it; the tag stays when the other upload
 * is deleted. A name used once is kept as it is.
 */
export function namedApart(uploads: UploadJson[]): UploadJson[] {
  return uploads.map((u) => ({ ...u, filename: nameAmong(uploads, u) }));
}
