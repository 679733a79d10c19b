/**
 * When two posts, or a post and a scheduled post (its calendar entry),
 * hold the same media (docs/dashboard.md#post-again): the
 * same fingerprint (the same upload, or the same photos in the same order:
 * what video_duplicate compares), or the same bytes from other uploads
 * (docs/media.md#content-digest): a video's, or a photo post's images'
 * in the same order. The API does not refuse those, but "Posted again",
 * "Scheduled again" and (for a video) "(already posted)" tell. Islands
 * import this module: it holds no server-only import such as node:crypto, so a
 * photo post's digest is made in photos_digest.ts.
 * @module
 */
import type { ListedPost } from "./post_record.ts";
import type { UploadRecord } from "../media/media_record.ts";

/**
 * A video post that did not fail: its video counts as posted, and posting
 * it again gets `video_duplicate` (docs/posting.md#duplicates); a failed
 * post gives its video back. The one place of that rule: the composer's
 * lists use it too (components/posted_videos.ts).
 */
export function holdsItsVideo(
  post: Pick<ListedPost, "kind" | "state">,
): boolean {
  return post.kind === "video" && post.state !== "failed";
}

/**
 * What a video's bytes, or a photo post's (photos_digest.ts), are matched
 * by: the first 16 hex digits (64 bits) of their SHA-256, no two files
 * alike in practice, and short enough for a job calendar's 250 entries to
 * keep one each within KV's 64 KiB value (lib/jobs/job_record.ts).
 */
export function bytesMarkOf(sha256: string): string {
  return sha256.slice(0, 16);
}

/**
 * What a post's or a scheduled post's media is known by: its fingerprint,
 * then its bytes (a post's digest, a video's or its photos', a calendar
 * entry's bytesMark; one written before either was kept has none).
 */
export function mediaMarks(
  media:
    & Partial<Pick<ListedPost, "fingerprint" | "videoSha256" | "photosSha256">>
    & { bytesMark?: string },
): string[] {
  const marks = media.fingerprint ? [media.fingerprint] : [];
  const sha256 = media.videoSha256 ?? media.photosSha256;
  const bytes = media.bytesMark ?? (sha256 && bytesMarkOf(sha256));
  return bytes ? [...marks, `bytes:${bytes}`] : marks;
}

/**
 * The URLs of `uploads` whose bytes a video post of `posts` that did not
 * fail posted from another upload (a post whose outcome is unknown is not
 * known to be posted): not refused, but "(already posted)" in the picker.
 */
export function samePostedBytes(
  uploads: Pick<UploadRecord, "url" | "sha256">[],
  posts: Pick<
    ListedPost,
    "kind" | "state" | "videoSha256" | "mediaUrls" | "sourceUrls"
  >[],
): string[] {
  const posted = posts.filter((p) => holdsItsVideo(p) && p.state !== "unknown");
  // Matched as mediaMarks matches bytes: by their mark, the one form.
  const bytes = new Set(
    posted.flatMap((p) => p.videoSha256 ? [bytesMarkOf(p.videoSha256)] : []),
  );
  const urls = new Set(
    posted.flatMap((p) => [...p.sourceUrls, ...p.mediaUrls]),
  );
  return uploads
    .filter((u) =>
      u.sha256 && bytes.has(bytesMarkOf(u.sha256)) && !urls.has(u.url)
    )
    .map((u) => u.url);
}
