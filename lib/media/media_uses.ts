/**
 * What the media page says of each video or album a post used or a
 * scheduled post will use ("Posted …", "Scheduled for …"), with a link to
 * that post on the posts page or that job on the calendar
 * (docs/dashboard.md#calendar-posts-and-media). Worked out by the server,
 * which has the posts and the jobs at hand: the browser would need both
 * lists and the rules below, which the dashboard's JavaScript budget has
 * no room for (docs/dashboard.md#budget).
 * @module
 */
import { POSTED_PAGES, postsSince } from "../posting/post_list.ts";
import { accountJobsStillToPost, jobUrls } from "../jobs/scheduled_media.ts";
import type { AppDeps } from "../runtime/app_deps.ts";

/** One use of a video or an album: words, the instant after them, a link. */
export interface MediaUse {
  /** "Posted", "Sent to TikTok", "Sent to TikTok drafts", "Scheduled for"… */
  text: string;
  /** The instant the words lead to (ISO, UTC), shown in local time. */
  at: string;
  /** The post on the posts page, or the job's week on the calendar. */
  href: string;
  /** Whose use: a scheduled post still to run, or a post already made. */
  by: "job" | "post";
  /**
   * A post TikTok never answered (state `unknown`): it may or may not be
   * on the profile, so it is not said "Posted", and the way to post the
   * media again is to say on the posts page that it is not there
   * (docs/dashboard.md#calendar-posts-and-media).
   */
  outcomeUnknown?: true;
}

/** A video (its URL) or an album (its images' URLs), keyed by its id. */
export interface MediaItem {
  id: string;
  urls: string[];
  createdAt: number;
}

const iso = (t: number) => new Date(t).toISOString();

/**
 * The uses of each item (by id; items no post or job uses are left out):
 * the scheduled posts still to run first, soonest first, then the posts
 * made, newest first. A failed post is no use: its media is free to post
 * again, as the composer counts (components/posted_videos.ts).
 */
export async function mediaUses(
  deps: Parameters<typeof postsSince>[0] & Pick<AppDeps, "kv">,
  openId: string,
  items: MediaItem[],
): Promise<Record<string, MediaUse[]>> {
  if (items.length === 0) return {};
  // Only a post made after an item's upload can have used it.
  const { posts } = await postsSince(
    deps,
    openId,
    Math.min(...items.map((i) => i.createdAt)),
    POSTED_PAGES,
  );
  const jobs = (await accountJobsStillToPost(deps, openId))
    .sort((a, b) => a.runAt - b.runAt);
  const uses: Record<string, MediaUse[]> = {};
  for (const item of items) {
    const mine = (urls: string[]) => urls.some((u) => item.urls.includes(u));
    const found: MediaUse[] = [
      ...jobs.filter((j) => mine(jobUrls(j))).map((j) => ({
        text: j.state === "scheduled"
          ? "Scheduled for"
          : "Being sent to TikTok, scheduled for",
        at: iso(j.runAt),
        href: `/dashboard/calendar?job=${j.id}`,
        by: "job" as const,
      })),
      ...posts.filter((p) => p.state !== "failed" && mine(p.sourceUrls)).map((
        p,
      ) => ({
        text: p.state === "unknown"
          ? "Outcome unknown: sent"
          : p.postMode === "MEDIA_UPLOAD"
          ? "Sent to TikTok drafts"
          // "Posted" once TikTok finished; until then it may still fail
          // there (docs/dashboard.md#words-not-codes).
          : p.state === "done"
          ? "Posted"
          : "Sent to TikTok",
        at: iso(p.createdAt),
        // The page from this post on, since it may be older than the 50
        // newest the posts page lists (routes/dashboard/posts.tsx).
        href: `/dashboard/posts?post=${p.id}#post-${p.id}`,
        by: "post" as const,
        ...(p.state === "unknown" ? { outcomeUnknown: true as const } : {}),
      })),
    ];
    if (found.length > 0) uses[item.id] = found;
  }
  return uses;
}
