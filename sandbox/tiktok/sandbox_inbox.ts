/**
 * The simulator's cap on pending drafts: TikTok holds at most 5 pending
 * shares (drafts not yet posted by the creator) per user in 24 hours and
 * refuses a sixth with spam_risk_too_many_pending_share.
 * @module
 */
import { getTyped } from "../../lib/kv_keys.ts";
import type { Clock } from "../../lib/clock.ts";
import { sandboxKeys } from "./sandbox_keys.ts";
import type { SandboxPublish } from "./sandbox_records.ts";

export const MAX_PENDING_SHARES = 5;
const SHARE_WINDOW_MS = 24 * 3600_000;

/**
 * Counts `publishId` as a new draft of the user unless five are pending;
 * returns false (nothing written) when the inbox is full.
 */
export async function takeInboxShare(
  kv: Deno.Kv,
  clock: Clock,
  openId: string,
  publishId: string,
): Promise<boolean> {
  for (;;) {
    const entry = await getTyped(kv, sandboxKeys.inboxShares(openId));
    const now = clock.now();
    const recent = (entry.value ?? []).filter((s) =>
      s.at > now - SHARE_WINDOW_MS
    );
    const publishes = await kv.getMany<SandboxPublish[]>(
      recent.map((s) => sandboxKeys.publish(s.publishId)),
    );
    // Posted by the creator or failed before the inbox: no longer pending.
    const pending = publishes.filter((p) =>
      p.value?.status !== "PUBLISH_COMPLETE" && p.value?.status !== "FAILED"
    ).length;
    if (pending >= MAX_PENDING_SHARES) {
      return false;
    }
    const res = await kv.atomic().check(entry)
      .set(entry.key, [...recent, { publishId, at: now }])
      .commit();
    if (res.ok) {
      return true;
    }
  }
}
