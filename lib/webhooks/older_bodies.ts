/**
 * Deliveries recorded by an older PM3K and still waiting at an upgrade
 * (docs/webhooks.md#deliveries-recorded-before-an-upgrade): a `post.failed`
 * or `post.published` body recorded before `fail_message` and `title` were
 * part of its data gets them before its first attempt, from what they are
 * derived from: `fail_message` from the body's own `fail_reason`, `title`
 * from the post's record. The caller stores the filled body before it
 * sends it, so that attempt and every retry send and sign that one body; a
 * delivery already tried keeps the body it was first sent with.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { failMessage } from "../tiktok/fail_reasons.ts";
import type { WebhookDelivery } from "./webhook_record.ts";

/**
 * The body `d` should be sent with when it was recorded before its event
 * carried `fail_message` and `title`; null when it is to be sent as it is
 * (already tried, another event, nothing missing). A `title` is added only
 * from the account's own post record: with the post gone it is left out
 * rather than guessed.
 */
export async function filledOlderBody(
  kv: Deno.Kv,
  d: WebhookDelivery,
): Promise<string | null> {
  if (d.attempts > 0) return null;
  if (d.event !== "post.failed" && d.event !== "post.published") return null;
  const event = JSON.parse(d.body);
  const data = event?.data;
  if (typeof data !== "object" || data === null) return null;
  const added: Record<string, unknown> = {};
  if (!("fail_message" in data) && "fail_reason" in data) {
    added.fail_message = failMessage(data.fail_reason ?? null);
  }
  if (!("title" in data) && typeof data.post_id === "string") {
    const post = (await getTyped(kv, keys.post(data.post_id))).value;
    if (post && post.openId === d.openId) added.title = post.title;
  }
  if (Object.keys(added).length === 0) return null;
  return JSON.stringify({ ...event, data: { ...data, ...added } });
}
