/**
 * The account's posts, newest first, for the dashboard and the API, and
 * one of them by id (Post again, docs/posting.md#posts-page).
 * @module
 */
import { encodeTime } from "ulid";
import { getManyTyped, getTyped, keys, newestIdsPage } from "../kv_keys.ts";
import type { ListedPost, PostRecord } from "./post_record.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { postMaxDurationMs } from "./post_duration.ts";

/** What listing needs: KV, and the clock and limits that date a request. */
export type ListDeps = Pick<
  AppDeps,
  "kv" | "clock" | "config" | "ingestLimits"
>;

/** The account's `limit` newest posts. */
export async function listPosts(
  deps: ListDeps,
  openId: string,
  limit = 50,
): Promise<ListedPost[]> {
  return (await postPage(deps, openId, { limit })).posts;
}

/**
 * A page of the account's posts, newest first, and the cursor of the next
 * one (null at the end), as `GET /api/jobs` pages jobs.
 */
export async function postPage(
  deps: ListDeps,
  openId: string,
  query: { limit: number; cursor?: string },
): Promise<{ posts: ListedPost[]; cursor: string | null }> {
  const { records, cursor } = await recordsPage(deps, openId, query);
  return { posts: listed(deps, records), cursor };
}

/** A page of the account's post ids, newest first, with their records. */
interface RecordsPage {
  ids: string[];
  records: (PostRecord | null)[];
  cursor: string | null;
}

async function recordsPage(
  deps: Pick<AppDeps, "kv">,
  openId: string,
  query: { limit: number; cursor?: string },
): Promise<RecordsPage> {
  const { ids, cursor } = await newestIdsPage(
    deps.kv,
    keys.postsByAccountPrefix(openId),
    query,
  );
  const records = await getManyTyped(deps.kv, ids.map((id) => keys.post(id)));
  return { ids, records, cursor };
}

/**
 * The cursor of the page of the account's posts that starts with `postId`
 * (the next newer post's id: a page lists the posts below its cursor), or
 * null when no post is newer, or `postId` is not the account's: its page
 * is then the first. The dashboard's posts page opens a linked post's page
 * so (docs/dashboard.md#calendar-posts-and-media).
 */
export async function cursorOfPageFrom(
  deps: Pick<AppDeps, "kv">,
  openId: string,
  postId: string,
): Promise<string | null> {
  const prefix = keys.postsByAccountPrefix(openId);
  const ids: string[] = [];
  for await (
    const e of deps.kv.list<string>({ prefix, start: [...prefix, postId] }, {
      limit: 2,
    })
  ) ids.push(String(e.key.at(-1)));
  return ids[0] === postId ? ids[1] ?? null : null;
}

/**
 * The id of the account's newest post below `cursor` (a page's cursor), or
 * null: where the posts page's "Older posts" opens (`?post=<id>`).
 */
export async function firstPostIdBelow(
  deps: Pick<AppDeps, "kv">,
  openId: string,
  cursor: string,
): Promise<string | null> {
  const { ids } = await newestIdsPage(
    deps.kv,
    keys.postsByAccountPrefix(openId),
    { limit: 1, cursor },
  );
  return ids[0] ?? null;
}

/**
 * Pages of 100 posts read to know which uploads were posted: an account
 * posts 10 a day at most and files are kept 30 days at most, so 10 pages
 * cover every upload listed. Should they not, the composer chooses nothing
 * for the creator (`complete` of {@link postsSince}), and the media page
 * marks only the posts read (lib/media/media_uses.ts).
 */
export const POSTED_PAGES = 10;

/** How many posts {@link postsSince} reads at a time. */
const SINCE_PAGE = 100;

/**
 * The account's posts back to `since` (and perhaps a few older), newest
 * first, read 100 at a time for at most `maxPages` pages; `complete` says
 * whether they reach back that far.
 */
export function postsSince(
  deps: ListDeps,
  openId: string,
  since: number,
  maxPages: number,
): Promise<{ posts: ListedPost[]; complete: boolean }> {
  return postsBackFrom(deps, openId, since, maxPages, null);
}

/** {@link postsSince}, its first page `first` when read already. */
async function postsBackFrom(
  deps: ListDeps,
  openId: string,
  since: number,
  maxPages: number,
  first: RecordsPage | null,
): Promise<{ posts: ListedPost[]; complete: boolean }> {
  const posts: ListedPost[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const read = page === 0 && first
      ? first
      : await recordsPage(deps, openId, { limit: SINCE_PAGE, cursor });
    const found = listed(deps, read.records);
    posts.push(...found);
    const last = found.at(-1);
    if (!read.cursor || !last || last.createdAt < since) {
      return { posts, complete: true };
    }
    cursor = read.cursor;
  }
  return { posts, complete: false };
}

/**
 * The compose page's posts (docs/dashboard.md#freshness): the `limit`
 * newest, as {@link postPage} pages them, and, when `since`
 * is given, the posts back to it as {@link postsSince} reads them. The
 * newest are the first of those: KV lists them once, not twice (up to
 * 100 newest; more are read apart).
 */
export async function newestAndSince(
  deps: ListDeps,
  openId: string,
  limit: number,
  since: number | null,
  maxPages: number,
): Promise<{
  newest: { posts: ListedPost[]; cursor: string | null };
  since: { posts: ListedPost[]; complete: boolean };
}> {
  if (since === null) {
    return {
      newest: await postPage(deps, openId, { limit }),
      since: { posts: [], complete: true },
    };
  }
  if (limit > SINCE_PAGE || maxPages < 1) {
    return {
      newest: await postPage(deps, openId, { limit }),
      since: await postsSince(deps, openId, since, maxPages),
    };
  }
  const first = await recordsPage(deps, openId, { limit: SINCE_PAGE });
  return {
    newest: {
      posts: listed(deps, first.records.slice(0, limit)),
      // As postPage's: a full page has a cursor, its last id.
      cursor: first.ids.length >= limit ? first.ids[limit - 1] : null,
    },
    since: await postsBackFrom(deps, openId, since, maxPages, first),
  };
}

/**
 * The account's `limit` newest post records, `reserved` ones included: a
 * post TikTok is being asked to make, which the lists do not show, or
 * whose answer never came (docs/media.md#deleting-media).
 */
export async function newestPostRecords(
  deps: Pick<AppDeps, "kv">,
  openId: string,
  limit: number,
): Promise<PostRecord[]> {
  const { ids } = await newestIdsPage(
    deps.kv,
    keys.postsByAccountPrefix(openId),
    { limit },
  );
  const posts = await getManyTyped(deps.kv, ids.map((id) => keys.post(id)));
  return posts.filter((post) => post !== null);
}

/**
 * The account's post records made at or after `since`, `reserved` ones
 * included, oldest first. Post ids are ULIDs of their making
 * (direct_post.ts), so only the keys from `since` on are read.
 */
export async function postRecordsSince(
  deps: Pick<AppDeps, "kv">,
  openId: string,
  since: number,
): Promise<PostRecord[]> {
  const prefix = keys.postsByAccountPrefix(openId);
  const ids: string[] = [];
  for await (
    const e of deps.kv.list<string>({
      prefix,
      start: [...prefix, encodeTime(since, 10)],
    })
  ) ids.push(String(e.key.at(-1)));
  const posts = await getManyTyped(deps.kv, ids.map((id) => keys.post(id)));
  return posts.filter((post) => post !== null);
}

/**
 * Whether a reserved post's outcome is unknown
 * (docs/posting.md#outcome-unknown): TikTok did not answer its init in
 * time, or its request can no longer be running (its process ended before
 * TikTok's answer was recorded). A post whose request may still be running
 * is not decided yet.
 */
export function hasUnknownOutcome(
  deps: ListDeps,
  post: PostRecord,
  startedBefore = lastLiveStart(deps),
): boolean {
  return post.state === "reserved" &&
    (post.outcomeUnknownAt !== undefined || post.createdAt <= startedBefore);
}

/** The latest start of a request that can no longer be running. */
function lastLiveStart(deps: ListDeps): number {
  return deps.clock.now() - postMaxDurationMs(deps);
}

/**
 * The posts the lists show: each past its reservation, and each reserved
 * one whose outcome is unknown, as `unknown`.
 */
function listed(deps: ListDeps, posts: (PostRecord | null)[]): ListedPost[] {
  const startedBefore = lastLiveStart(deps);
  const shown: ListedPost[] = [];
  for (const post of posts) {
    if (post === null) continue;
    if (post.state !== "reserved") shown.push({ ...post, state: post.state });
    else if (hasUnknownOutcome(deps, post, startedBefore)) {
      shown.push({ ...post, state: "unknown" });
    }
  }
  return shown;
}

/**
 * One listed post of the account by its id, or null: another account's
 * post reads as unknown, as `/status` answers another account's publish.
 */
export async function findOwnPost(
  deps: ListDeps,
  openId: string,
  postId: string,
): Promise<ListedPost | null> {
  const post = (await getTyped(deps.kv, keys.post(postId))).value;
  return post && post.openId === openId
    ? listed(deps, [post])[0] ?? null
    : null;
}
