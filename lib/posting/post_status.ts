/**
 * `/api/tiktok/status` from KV: the caller's own publish only (others: 404),
 * under the per-account status limits. One read round trip fetches the
 * publish snapshot and the limit state together; one write counts the call.
 * @module
 */
import { keys } from "../kv_keys.ts";
import { AppError } from "../errors.ts";
import type { Clock } from "../clock.ts";
import { countStatusCall } from "./status_limits.ts";
import { stateOf } from "./follow_publishes.ts";

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
  const entry = await countStatusCall(
    deps,
    openId,
    keys.postByPublishId(publishId),
    (e) => {
      if (!e.value || e.value.openId !== openId) {
        throw new AppError(
          "not_found",
          `No publish_id "${publishId}" on this account.`,
        );
      }
    },
  );
  const snapshot = entry.value!;
  return {
    status: snapshot.status,
    state: stateOf(snapshot.status),
    fail_reason: snapshot.failReason,
    raw: snapshot.raw ?? {},
  };
}
