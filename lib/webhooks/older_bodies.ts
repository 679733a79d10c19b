/**
 * Deliveries recorded by an older PM3K and still waiting at an upgrade
 * (docs/webhooks.md#deliveries-recorded-before-an-upgrade): a `post.failed`
 * or `post.published` body recorded before `fail_message` and `title` were
 * part of its data gets them before its first attempt, from what they are
 * derived from: `fail_message` from the body's own `fail_reason`, `title`
 * from the post's record. A `job.failed` body recorded before a job's
 * error named an unknown outcome gets `outcome` and `post_id` in its
 * `error`, from the post the job made. The caller stores the filled body
 * before it sends it, so that attempt and every retry send and sign that
 * one body; a delivery already tried keeps the body it was first sent with.
 * @module
 */
import { getManyTyped, getTyped, keys, listTyped } from "../kv_keys.ts";
import { failMessage } from "../tiktok/fail_reasons.ts";
import type { WebhookDelivery } from "./webhook_record.ts";

type Data = Record<string, unknown>;

/**
 * The body `d` should be sent with when it was recorded before its event
 * carried the fields added since; null when it is to be sent as it is
 * (already tried, another event, nothing missing). A field is added only
 * from the account's own records: with the post gone it is left out
 * rather than guessed.
 */
export async function filledOlderBody(
  kv: Deno.Kv,
  d: WebhookDelivery,
): Promise<string | null> {
  if (d.attempts > 0) return null;
  const fill = d.event === "job.failed"
    ? jobFailedFields
    : d.event === "post.failed" || d.event === "post.published"
    ? postFields
    : null;
  if (!fill) return null;
  const event = JSON.parse(d.body);
  const data = event?.data;
  if (typeof data !== "object" || data === null) return null;
  const added = await fill(kv, d.openId, data);
  if (Object.keys(added).length === 0) return null;
  return JSON.stringify({ ...event, data: { ...data, ...added } });
}

/** `fail_message` and `title` of a `post.*` body recorded without them. */
async function postFields(kv: Deno.Kv, openId: string, data: Data) {
  const added: Data = {};
  if (!("fail_message" in data) && "fail_reason" in data) {
    // Recorded by PM3K itself: a string or null, as a new body has it.
    added.fail_message = failMessage(
      (data.fail_reason ?? null) as string | null,
    );
  }
  if (!("title" in data) && typeof data.post_id === "string") {
    const post = (await getTyped(kv, keys.post(data.post_id))).value;
    if (post && post.openId === openId) added.title = post.title;
  }
  return added;
}

/**
 * A `job.failed` error recorded before it named an unknown outcome: when
 * the post the job made was one TikTok never answered (its record says
 * so), the error gets `outcome: "unknown"` and that `post_id`, as a job
 * failing so now records them. Found among the account's posts (kept 30
 * days); read once, for a delivery's first attempt only.
 */
async function jobFailedFields(kv: Deno.Kv, openId: string, data: Data) {
  const error = data.error;
  if (
    typeof error !== "object" || error === null || "outcome" in error ||
    typeof data.job_id !== "string"
  ) return {};
  const ids = (await listTyped(kv, keys.postsByAccountPrefix(openId)))
    .map((e) => e.value);
  const post = (await getManyTyped(kv, ids.map(keys.post))).find((p) =>
    p?.openId === openId && p.jobId === data.job_id &&
    p.outcomeUnknownAt !== undefined
  );
  if (!post) return {};
  return { error: { ...error, outcome: "unknown", post_id: post.id } };
}
