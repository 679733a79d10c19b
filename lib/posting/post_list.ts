/**
 * The account's posts, newest first, for the dashboard and the API, and
 * one of them by id (Post again, docs/posting.md#posts-page).
 * @module
 */
import { getManyTyped, getTyped, keys, newestIdsPage } from "../kv_keys.ts";
import type { ListedPost, PostRecord } from "./post_record.ts";
import type { AppDeps } from "../runtime/app_deps.ts";

/** The account's `limit` newest posts. */
export async function listPosts(
  deps: Pick<AppDeps, "kv">,
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
  deps: Pick<AppDeps, "kv">,
  openId: string,
  query: { limit: number; cursor?: string },
): Promise<{ posts: ListedPost[]; cursor: string | null }> {
  const { ids, cursor } = await newestIdsPage(
    deps.kv,
    keys.postsByAccountPrefix(openId),
    query,
  );
  const posts = await getManyTyped(deps.kv, ids.map((id) => keys.post(id)));
  return { posts: posts.filter(isListed), cursor };
}

/**
 * The account's posts back to `since` (and perhaps a few older), newest
 * first, read 100 at a time for at most `maxPages` pages; `complete` says
 * whether they reach back that far.
 */
export async function postsSince(
  deps: Pick<AppDeps, "kv">,
  openId: string,
  since: number,
  maxPages: number,
): Promise<{ posts: ListedPost[]; complete: boolean }> {
  const posts: ListedPost[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const found = await postPage(deps, openId, { limit: 100, cursor });
    posts.push(...found.posts);
    const last = found.posts.at(-1);
    if (!found.cursor || !last || last.createdAt < since) {
      return { posts, complete: true };
    }
    cursor = found.cursor;
  }
  return { posts, complete: false };
}

/**
 * The account's `limit` newest post records, `reserved` ones included: a
 * post TikTok is being asked to make, or whose answer never came, which
 * the lists do not show (docs/media.md#deleting-media).
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

function isListed(post: PostRecord | null): post is ListedPost {
  return post !== null && post.state !== "reserved";
}

/**
 * One listed post of the account by its id, or null: another account's
 * post reads as unknown, as `/status` answers another account's publish.
 */
export async function findOwnPost(
  deps: Pick<AppDeps, "kv">,
  openId: string,
  postId: string,
): Promise<ListedPost | null> {
  const post = (await getTyped(deps.kv, keys.post(postId))).value;
  return post && post.openId === openId && isListed(post) ? post : null;
}
