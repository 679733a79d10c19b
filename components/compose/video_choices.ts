/**
 * The videos the composer offers (docs/dashboard.md#freshness): the
 * account's newest uploads, a post made again's own video among them, a
 * new upload first, and those posted marked so.
 * @module
 */
// Types only: the schemas (and zod) stay on the server.
import type { UploadJson } from "../../lib/http/api_responses.ts";
import type { ComposePrefill } from "../../lib/posting/post_again.ts";
import { videoToChoose } from "../posted_videos.ts";

/**
 * What the composer needs of an upload to offer it as a video: its URL and
 * name, its length when known, and when it was uploaded (no post before
 * then used it, video_posted.ts), as the upload's JSON gives them.
 */
export type VideoChoice =
  & Pick<UploadJson, "url" | "filename">
  & Partial<Pick<UploadJson, "duration_sec" | "created_at">>
  & {
    /** Posted on this account already: posting it again is a duplicate. */
    posted?: boolean;
    /**
     * Held by a post whose outcome is unknown (TikTok never answered):
     * `posted` too, as it is held so, but not said posted
     * (docs/dashboard.md#freshness).
     */
    unknown?: boolean;
    /** A scheduled post uses it: posted now, that post would be a duplicate. */
    scheduled?: boolean;
    /**
     * Its bytes were posted from another upload: not refused, but said
     * "already posted" (lib/posting/same_media.ts).
     */
    sameFile?: boolean;
  };

/** The uploads offered, with a post's video made again among them. */
export function againVideos(
  videos: VideoChoice[],
  again: ComposePrefill | null,
): VideoChoice[] {
  const video = again?.video;
  // Only the newest uploads are listed; an older one still stored joins.
  return video && !videos.some((v) => v.url === video.url)
    ? [video, ...videos]
    : videos;
}

/**
 * The video the composer starts with. A post made again starts from its
 * own video, or from none when that video is gone: never silently from
 * another one. Otherwise from the newest video not posted yet: a posted one
 * would only get video_duplicate (posted_videos.ts). `postedKnown` false:
 * the page could not tell which were posted, so none.
 */
export function startingVideo(
  videos: VideoChoice[],
  again: ComposePrefill | null,
  postedKnown: boolean | undefined,
): string {
  return again
    ? again.video?.url ?? ""
    : postedKnown === false
    ? ""
    : videoToChoose(videos);
}

/** The list with a new upload first (and nowhere else). */
export function withUpload(
  videos: VideoChoice[],
  upload: VideoChoice,
): VideoChoice[] {
  return [upload, ...videos.filter((v) => v.url !== upload.url)];
}

/**
 * The list with the video at `url` marked posted, scheduled, or posted
 * from another upload; `unknown`: its post's outcome is unknown.
 */
export function markedUsed(
  videos: VideoChoice[],
  url: string,
  use: "posted" | "scheduled" | "sameFile",
  unknown?: boolean,
): VideoChoice[] {
  return videos.map((v) => v.url === url ? { ...v, [use]: true, unknown } : v);
}
