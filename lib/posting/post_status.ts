/**
 * `/api/tiktok/status` from KV: the caller's own publish only (others: 404),
 * under the per-account status limits.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { AppError } from "../errors.ts";
import type { Clock } from "../clock.ts";
import { countStatusCall } from "./status_limits.ts";
import { stateOf } from "./follow_publishes.ts";
import type { PostRecord } from "./post_record.ts";

export interface StatusAnswer {
  status: string;
  state: "pending" | "done" | "failed";
  fail_reason: string | null;
  raw: Record<string, unknown>;
}

export async function publishStatus(
  deps: { kv: Deno.Kv; clock: Clock },
  openId: string,
  publishId: string,
): Promise<StatusAnswer> {
  const postId =
    (await getTyped(deps.kv, keys.postByPublishId(publishId))).value;
  const post: PostRecord | null = postId
    ? (await getTyped(deps.kv, keys.post(postId))).value
    : null;
  if (!post || post.openId !== openId) {
    throw new AppError(
      "not_found",
      `No publish_id "${publishId}" on this account.`,
    );
  }
  await countStatusCall(deps, openId);
  const status = post.tiktokStatus ?? "PROCESSING_DOWNLOAD";
  return {
    status,
    state: stateOf(status) === "done"
      ? "done"
      : stateOf(status) === "failed"
      ? "failed"
      : "pending",
    fail_reason: post.failReason,
    raw: post.raw ?? {},
  };
}
