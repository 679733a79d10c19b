/**
 * Whether a failed post was posted again, and by which post or scheduled
 * post (docs/dashboard.md#post-again): worked out by the server from the
 * account's posts and calendar, not from the posts a list happens to
 * hold, so a newer post on an earlier page and a post only scheduled
 * again count too. Same media is same_media.ts's: the same upload, the
 * same photos in the same order, or the same bytes (a video's, or a photo
 * post's images' in the same order) from other uploads.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import type { JobCalendar } from "../jobs/job_record.ts";
import type { ListedPost } from "./post_record.ts";
import { liveCalendarEntries } from "./posting_calendar.ts";
import { mediaMarks } from "./same_media.ts";
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
 * What a caller read already in the same request, so that
 * {@link postedAgain} does not read it again (the compose page,
 * docs/dashboard.md#freshness): the account's newest posts, from the
 * newest on and newest first, as the first page of its posts gives them,
 * and its job calendar.
 */
export interface PostedAgainReads {
  newest: ListedPost[];
  calendar: JobCalendar | null;
}

/**
 * For each failed post of `posts` (one account's, any page), what posted
 * its media again, by post id: the oldest newer post with the same media
 * that did not fail, else a scheduled post with it. Linear in the posts
 * read: one pass, newest first, keeping per mark (same_media.ts) the
 * oldest such post seen so far. What `read` holds is not read again.
 */
export async function postedAgain(
  deps: ListDeps,
  openId: string,
  posts: ListedPost[],
  read?: PostedAgainReads,
): Promise<Map<string, PostedAgain>> {
  const found = new Map<string, PostedAgain>();
  const failed = posts.filter((p) => p.state === "failed");
  if (failed.length === 0) return found;
  const [newer, calendar] = await Promise.all([
    read && holdsAll(read.newest, failed)
      ? read.newest
      : postsBackTo(deps, openId, failed),
    read
      ? read.calendar
      : getTyped(deps.kv, keys.jobCalendar(openId)).then((e) => e.value),
  ]);
  const jobs = new Map<string, { jobId: string; runAt: number }>();
  for (const e of liveCalendarEntries(calendar, deps.clock.now())) {
    for (const m of mediaMarks(e)) {
      if (!jobs.has(m)) jobs.set(m, { jobId: e.jobId, runAt: e.at });
    }
  }
  const wanted = new Set(failed.map((p) => p.id));
  const since = new Map<string, PostedAgain>();
  for (const p of newer) {
    // The same upload first, then the same bytes from another one.
    const marks = mediaMarks(p);
    if (wanted.has(p.id)) {
      // Not the job that made the failed post, while it settles.
      const again = marks.map((m) => since.get(m)).find(Boolean) ??
        marks.map((m) => jobs.get(m)).find((j) => j && j.jobId !== p.jobId);
      if (again) found.set(p.id, again);
    }
    // A post of the same media made by a job is that job's run: the
    // post, not the job, is linked.
    if (p.state !== "failed") {
      for (const m of marks) since.set(m, { postId: p.id });
    }
  }
  return found;
}

/**
 * Whether the newest posts, from the newest on, hold every failed post:
 * they then hold every post newer than each, all the rule looks at (the
 * posts after a failed one in the list are older, and not looked at for
 * it), so a read back to the oldest failed one would add nothing.
 */
function holdsAll(newest: ListedPost[], failed: ListedPost[]): boolean {
  const ids = new Set(newest.map((p) => p.id));
  return failed.every((p) => ids.has(p.id));
}

/**
 * Every post back to the oldest failed one, newest first: a list's own
 * and those of earlier pages, up to POSTED_PAGES.
 */
async function postsBackTo(
  deps: ListDeps,
  openId: string,
  failed: ListedPost[],
): Promise<ListedPost[]> {
  const oldest = Math.min(...failed.map((p) => p.createdAt));
  return (await postsSince(deps, openId, oldest, POSTED_PAGES)).posts;
}
