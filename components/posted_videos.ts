/**
 * Which uploaded videos this account already posted, from the posts as
 * `GET /api/tiktok/posts` gives them (`source_urls`, `state`): posting one
 * of those again gets `video_duplicate`, so the composer does not choose
 * one for the creator and marks them "already posted"; likewise a video a
 * scheduled post will use, marked "scheduled" (lib/jobs/scheduled_media.ts;
 * docs/dashboard.md#freshness). A failed post leaves its video free: it
 * can be posted again.
 * @module
 */
import type { PostJson } from "../lib/http/api_responses.ts";
import { holdsItsVideo } from "../lib/posting/same_media.ts";

/** The video URLs of the account's posts that did not fail. */
export function postedVideoUrls(
  posts: Pick<PostJson, "kind" | "state" | "source_urls">[],
): string[] {
  const urls = new Set<string>();
  for (const p of posts) {
    if (holdsItsVideo(p)) {
      for (const url of p.source_urls) urls.add(url);
    }
  }
  return [...urls];
}

/**
 * The video URLs held only by posts whose outcome is unknown (TikTok never
 * answered, docs/posting.md#outcome-unknown): held as posted ones are, but
 * not known to be posted, so the picker does not say "already posted".
 * A video another post that did not fail also used is posted.
 */
export function outcomeUnknownVideoUrls(
  posts: Pick<PostJson, "kind" | "state" | "source_urls">[],
): string[] {
  const posted = postedVideoUrls(posts.filter((p) => p.state !== "unknown"));
  return postedVideoUrls(posts.filter((p) => p.state === "unknown"))
    .filter((url) => !posted.includes(url));
}

/**
 * The video the composer starts with: the newest one neither posted (its
 * bytes from another upload neither) nor scheduled, or none ("") rather
 * than one that is. `videos` are newest
 * first.
 */
export function videoToChoose(
  videos: {
    url: string;
    posted?: boolean;
    scheduled?: boolean;
    sameFile?: boolean;
  }[],
): string {
  return videos.find((v) => !v.posted && !v.scheduled && !v.sameFile)?.url ??
    "";
}
