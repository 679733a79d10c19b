/**
 * The account's posts, newest first, for the dashboard and the API, and
 * one of them by id (Post again, docs/posting.md#posts-page).
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { refuseInvalidCursor } from "../errors.ts";
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
 * @throws {AppError} `bad_request` for a cursor KV does not take; any other
 * failure as it came
 */
export async function postPage(
  deps: Pick<AppDeps, "kv">,
  openId: string,
  query: { limit: number; cursor?: string },
): Promise<{ posts: ListedPost[]; cursor: string | null }> {
  const { kv } = deps;
  const { ids, cursor } = await postIds(kv, openId, query).catch(
    refuseInvalidCursor,
  );
  const posts: ListedPost[] = [];
  for (let i = 0; i < ids.length; i += 10) {
    const batch = await kv.getMany<PostRecord[]>(
      ids.slice(i, i + 10).map((id) => keys.post(id)),
    );
    for (const { value } of batch) {
      if (value && isListed(value)) posts.push(value);
    }
  }
  return { posts, cursor };
}

/** The ids of a page of the account's posts, and the next page's cursor. */
async function postIds(
  kv: Deno.Kv,
  openId: string,
  query: { limit: number; cursor?: string },
): Promise<{ ids: string[]; cursor: string | null }> {
  const iter = kv.list<string>({ prefix: keys.postsByAccountPrefix(openId) }, {
    reverse: true,
    limit: query.limit,
    cursor: query.cursor || undefined,
  });
  const ids: string[] = [];
  for await (const e of iter) ids.push(e.value);
  return {
    ids,
    cursor: ids.length === query.limit && iter.cursor ? iter.cursor : null,
  };
}

function isListed(post: PostRecord): post is ListedPost {
  return post.state !== "reserved";
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
