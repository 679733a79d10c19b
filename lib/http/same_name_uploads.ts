/**
 * Uploads of one file name told apart on the media page: two phones'
 * `video.mp4`, or one file sent twice within a minute, would otherwise
 * show the same name, size and "Kept until" minute, and their Delete
 * buttons the same name (docs/dashboard.md#calendar-posts-and-media).
 * The server names them, so no dashboard JavaScript is spent on it.
 * @module
 */
import type { UploadJson } from "./api_responses.ts";

/** "1st", "2nd", "3rd", "4th"… "11th", "12th", "13th", "21st". */
function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13
    ? "th"
    : ["th", "st", "nd", "rd"][n % 10] ?? "th";
  return `${n}${suffix}`;
}

/**
 * The uploads, in their order, each of a file name shared with another
 * named by its place among them in upload order, oldest first:
 * "clip.mp4 (1st upload)", "clip.mp4 (2nd upload)". A name used once is
 * kept as it is.
 */
export function namedApart(uploads: UploadJson[]): UploadJson[] {
  const byName = new Map<string, UploadJson[]>();
  for (const u of uploads) {
    byName.set(u.filename, [...byName.get(u.filename) ?? [], u]);
  }
  const place = new Map<string, number>();
  for (const same of byName.values()) {
    if (same.length < 2) continue;
    same.sort((a, b) =>
      a.created_at.localeCompare(b.created_at) ||
      a.upload_id.localeCompare(b.upload_id)
    ).forEach((u, i) => place.set(u.upload_id, i + 1));
  }
  return uploads.map((u) => {
    const n = place.get(u.upload_id);
    return n ? { ...u, filename: `${u.filename} (${ordinal(n)} upload)` } : u;
  });
}
