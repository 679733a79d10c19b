/**
 * The account's posts, newest first, for the dashboard and the API, and
 * one of them by id (Post again, docs/posting.md#posts-page).
 * @module
 */
import { getTyped, keys, listTyped } from "../kv_keys.ts";
import type { ListedPost, PostRecord } from "./post_record.ts";
import type { AppDeps } from "../runtime/app_deps.ts";

export async function listPosts(
  deps: Pick<AppDeps, "kv">,
  openId: string,
  limit = 50,
): Promise<ListedPost[]> {
  const { kv } = deps;
  const ids = (await listTyped(kv, keys.postsByAccountPrefix(openId), {
    reverse: true,
    limit,
  })).map((e) => e.value);
  const out: ListedPost[] = [];
  for (let i = 0; i < ids.length; i += 10) {
    const batch = await kv.getMany<PostRecord[]>(
      ids.slice(i, i + 10).map((id) => keys.post(id)),
    );
    for (const { value } of batch) {
      if (value && isListed(value)) out.push(value);
    }
  }
  return out;
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
