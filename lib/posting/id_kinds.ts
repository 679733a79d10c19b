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
import type { PostRecord } from "./post_record.ts";
import type { JobRecord } from "../jobs/job_record.ts";

/** The kinds of id a 404 here may be asked for. */
export type AskedId = "publish_id" | "post_id" | "job_id";

/**
 * The `not_found` for `id`, given as an `asked` id this account has none
 * of: "No publish_id "X" on this account." and, when `id` is another kind
 * of this account's ids, what it is and what to send instead. `job` is the
 * record under `keys.job(id)` when the caller has just read it (null: none
 * there), so it is not read again.
 */
export async function notFoundAs(
  kv: Deno.Kv,
  openId: string,
  asked: AskedId,
  id: string,
  job?: JobRecord | null,
): Promise<AppError> {
  return notOnAccount(
    asked === "publish_id" ? "publish_id" : asked === "job_id" ? "job" : "post",
    id,
    await whatIdIs(kv, openId, asked, id, job),
  );
}

/** A sentence saying which of `openId`'s ids `id` is, or null. */
async function whatIdIs(
  kv: Deno.Kv,
  openId: string,
  asked: AskedId,
  id: string,
  read: JobRecord | null | undefined,
): Promise<string | null> {
  const [post, publish, job, upload, album] = await Promise.all([
    getTyped(kv, keys.post(id)),
    getTyped(kv, keys.postByPublishId(id)),
    read !== undefined ? read : getTyped(kv, keys.job(id)).then((e) => e.value),
    getTyped(kv, keys.uploadByAccount(openId, id)),
    getTyped(kv, keys.albumByAccount(openId, id)),
  ]);
  const notJob = asked === "job_id"
    ? await notAJob(kv, openId, post.value, publish.value)
    : null;
  if (notJob) return notJob;
  if (asked === "publish_id" && post.value?.openId === openId) {
    return post.value.publishId
      ? `it is a post_id; that post's publish_id is "${post.value.publishId}".`
      : `it is a post_id of a post TikTok gave no publish_id; its state is in the posts list (GET /api/tiktok/posts, MCP list_posts).`;
  }
  if (asked === "post_id" && publish.value?.openId === openId) {
    return `it is a publish_id; that post's post_id is "${publish.value.postId}".`;
  }
  if (job?.openId === openId) {
    const { publishId, state } = job;
    if (asked === "publish_id" && publishId) {
      return `it is a job_id; that job posted with publish_id "${publishId}".`;
    }
    return `it is a job_id of a job ${state}: a job is read by its job_id (GET /api/jobs/{id}, MCP get_scheduled), which gives its publish_id once it posted.`;
  }
  if (asked === "job_id" && (upload.value || album.value)) {
    return becomesAJob(upload.value ? "upload" : "album");
  }
  if (upload.value) {
    return `it is an upload_id: an upload has no ${asked} until its url is posted as source_url (POST /api/tiktok/direct_post, MCP post_video), which answers a publish_id.`;
  }
  if (album.value) {
    return `it is an album_id: an album has no ${asked} until its images are posted as photo_images (POST /api/tiktok/direct_post, MCP post_photos), which answers a publish_id.`;
  }
  return null;
}

/** What an upload's or album's id given as a job_id is, and what to do. */
function becomesAJob(kind: "upload" | "album"): string {
  const [what, field] = kind === "upload"
    ? ["its url is", "source_url"]
    : ["its images are", "photo_images"];
  return `it is an ${kind}_id: an ${kind} becomes a job when ${what} scheduled as ${field} (POST /api/jobs, MCP schedule_post), which answers a job_id.`;
}

/**
 * What a post's id given as a job_id (GET, PATCH, DELETE /api/jobs/{id};
 * MCP get_scheduled, change_scheduled, cancel_scheduled) is: a post sent
 * at once has no job, and a sent post is not cancelled here; one a job
 * made names its job. Null when `id` is neither of this account's.
 */
async function notAJob(
  kv: Deno.Kv,
  openId: string,
  post: PostRecord | null,
  publish: { openId: string; postId: string } | null,
): Promise<string | null> {
  const kind = post?.openId === openId
    ? "post_id"
    : publish?.openId === openId
    ? "publish_id"
    : null;
  if (!kind) return null;
  const made = kind === "post_id"
    ? post
    : (await getTyped(kv, keys.post(publish!.postId))).value;
  return made?.jobId
    ? `it is a ${kind}; the scheduled job that made that post is "${made.jobId}".`
    : `it is a ${kind} of a post sent at once, not a scheduled job: it has no job to read, change or cancel, and a post sent to TikTok is not taken back here; follow it with POST /api/tiktok/status (MCP get_post_status).`;
}
