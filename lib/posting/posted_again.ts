/**
 * Whether a failed post was posted again, and by which post or scheduled
 * post (docs/dashboard.md#post-again): worked out by the server from the
 * account's posts and calendar, not from the posts a list happens to
 * hold, so a newer post on an earlier page and a post only scheduled
 * again count too. Same media means the same fingerprint: the same
 * upload, or the same photos in the same order.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import type { ListedPost } from "./post_record.ts";
import { liveCalendarEntries } from "./posting_calendar.ts";
import { POSTED_PAGES, postsSince } from "./post_list.ts";
import type { ListDeps } from "./post_list.ts";

/**
 * The post or scheduled post (its job, and when it runs, ms) that posts a
 * failed post's media again; lib/http/post_json.ts makes it JSON.
 */
export type PostedAgain =
  | { postId: string }
  | { jobId: string; runAt: number };

/**
 * For each failed post of `posts` (one account's, any page), what posted
 * its media again, by post id: the oldest newer post with the same media
 * that did not fail, else a scheduled post with it. Linear in the posts
 * read: one pass, newest first, keeping per fingerprint the oldest such
 * post seen so far.
 */
export async function postedAgain(
  deps: ListDeps,
  openId: string,
  posts: ListedPost[],
): Promise<Map<string, PostedAgain>> {
  const found = new Map<string, PostedAgain>();
  const failed = posts.filter((p) => p.state === "failed");
  if (failed.length === 0) return found;
  const oldest = Math.min(...failed.map((p) => p.createdAt));
  // Every post back to the oldest failed one, newest first: the list's
  // own and those of earlier pages.
  const [{ posts: newer }, calendar] = await Promise.all([
    postsSince(deps, openId, oldest, POSTED_PAGES),
    getTyped(deps.kv, keys.jobCalendar(openId)),
  ]);
  const jobs = new Map<string, { jobId: string; runAt: number }>();
  for (const e of liveCalendarEntries(calendar.value, deps.clock.now())) {
    if (e.fingerprint && !jobs.has(e.fingerprint)) {
      jobs.set(e.fingerprint, { jobId: e.jobId, runAt: e.at });
    }
  }
  const wanted = new Set(failed.map((p) => p.id));
  const since = new Map<string, PostedAgain>();
  for (const p of newer) {
    if (wanted.has(p.id)) {
      const job = jobs.get(p.fingerprint);
      // Not the job that made the failed post, while it settles.
      const again = since.get(p.fingerprint) ??
        (job?.jobId !== p.jobId ? job : undefined);
      if (again) found.set(p.id, again);
    }
    // A post of the same media made by a job is that job's run: the
    // post, not the job, is linked.
    if (p.state !== "failed") {
      since.set(p.fingerprint, { postId: p.id });
    }
  }
  return found;
}
