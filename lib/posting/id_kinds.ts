/**
 * What an id given where another kind is asked is (docs/api.md#limits-on-every-request): a
 * newcomer or an agent holding a post_id, a job_id or an upload_id sends it
 * as the publish_id of /api/tiktok/status, or a publish_id as a post's id.
 * The field is right, so no unknown-field hint says it; the 404 stays a
 * `not_found`, and its message says which of this account's ids it is and,
 * where the account has it, the id asked for. Read only for an id no record
 * of the asked kind has: a found id costs nothing more.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { notOnAccount } from "../errors.ts";
import type { AppError } from "../errors.ts";

/** The kinds of id a 404 here may be asked for. */
export type AskedId = "publish_id" | "post_id";

/**
 * The `not_found` for `id`, given as an `asked` id this account has none
 * of: "No publish_id "X" on this account." and, when `id` is another kind
 * of this account's ids, what it is and what to send instead.
 */
export async function notFoundAs(
  kv: Deno.Kv,
  openId: string,
  asked: AskedId,
  id: string,
): Promise<AppError> {
  return notOnAccount(
    asked === "publish_id" ? "publish_id" : "post",
    id,
    await whatIdIs(kv, openId, asked, id),
  );
}

/** A sentence saying which of `openId`'s ids `id` is, or null. */
async function whatIdIs(
  kv: Deno.Kv,
  openId: string,
  asked: AskedId,
  id: string,
): Promise<string | null> {
  const [post, publish, job, upload, album] = await Promise.all([
    getTyped(kv, keys.post(id)),
    getTyped(kv, keys.postByPublishId(id)),
    getTyped(kv, keys.job(id)),
    getTyped(kv, keys.uploadByAccount(openId, id)),
    getTyped(kv, keys.albumByAccount(openId, id)),
  ]);
  if (asked === "publish_id" && post.value?.openId === openId) {
    return post.value.publishId
      ? `it is a post_id; that post's publish_id is "${post.value.publishId}".`
      : `it is a post_id of a post TikTok gave no publish_id; its state is in the posts list (GET /api/tiktok/posts, MCP list_posts).`;
  }
  if (asked === "post_id" && publish.value?.openId === openId) {
    return `it is a publish_id; that post's post_id is "${publish.value.postId}".`;
  }
  if (job.value?.openId === openId) {
    const { publishId, state } = job.value;
    if (asked === "publish_id" && publishId) {
      return `it is a job_id; that job posted with publish_id "${publishId}".`;
    }
    return `it is a job_id of a job ${state}: a job is read by its job_id (GET /api/jobs/{id}, MCP get_scheduled), which gives its publish_id once it posted.`;
  }
  if (upload.value) {
    return `it is an upload_id: an upload has no ${asked} until its url is posted as source_url (POST /api/tiktok/direct_post, MCP post_video), which answers a publish_id.`;
  }
  if (album.value) {
    return `it is an album_id: an album has no ${asked} until its images are posted as photo_images (POST /api/tiktok/direct_post, MCP post_photos), which answers a publish_id.`;
  }
  return null;
}
