/**
 * How long the account's own recent posts were Processing: from the post
 * sent to TikTok to PM3K seeing it published, said while a post is
 * Processing instead of a general "a few minutes"
 * (docs/dashboard.md#calendar-posts-and-media).
 * @module
 */
import type { ListedPost } from "./post_record.ts";

/** The newest finished posts measured: recent enough to be today's TikTok. */
export const MEASURED_POSTS = 5;

/** The middle of the measured posts' Processing times, and how many. */
export interface PublishTime {
  ms: number;
  posts: number;
}

/**
 * From `posts`, newest first: the median time the newest published posts
 * (at most {@link MEASURED_POSTS}) took, or null when none was published.
 * A post's `updatedAt` is when PM3K saw it published (publish_outcome.ts),
 * so it counts the follower's checks as the creator's lists do. The median,
 * not the mean: one post finished after a night's outage says nothing of
 * the next. Drafts are left out: TikTok hands them to the inbox, which is
 * not publishing.
 */
export function recentPublishTime(
  posts: readonly Pick<
    ListedPost,
    "state" | "postMode" | "createdAt" | "updatedAt"
  >[],
): PublishTime | null {
  const times = posts
    .filter((p) => p.state === "done" && p.postMode !== "MEDIA_UPLOAD")
    .slice(0, MEASURED_POSTS)
    .map((p) => Math.max(0, p.updatedAt - p.createdAt))
    .sort((a, b) => a - b);
  if (times.length === 0) return null;
  const middle = times.length >> 1;
  const ms = times.length % 2
    ? times[middle]
    : (times[middle - 1] + times[middle]) / 2;
  return { ms, posts: times.length };
}
