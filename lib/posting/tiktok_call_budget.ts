/**
 * A per-token budget for PM3K's calls to TikTok's status endpoint. TikTok
 * allows 30 status/fetch calls a minute per access token, on a sliding
 * window (docs/tiktok.md#errors-and-limits), and answers 429 past it. Each
 * account keeps the times of its calls of the last minute in one KV entry;
 * a call first takes a slot there with a checked write, so every follower
 * process together stays under the limit.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import type { AppDeps } from "../runtime/app_deps.ts";

/** Below TikTok's 30: room for clock skew between us and TikTok. */
const STATUS_CALLS_PER_MINUTE = 25;
const WINDOW_MS = 60_000;

type CallSlot = { ok: true } | { ok: false; retryAt: number };

/**
 * Takes one status-call slot for `openId` at `now`, or says when to retry.
 * `deps.statusCallsPerMinute` replaces the budget in tests.
 */
export async function takeStatusCallSlot(
  deps: Pick<AppDeps, "kv" | "statusCallsPerMinute">,
  openId: string,
  now: number,
): Promise<CallSlot> {
  const { kv } = deps;
  const perMinute = deps.statusCallsPerMinute ?? STATUS_CALLS_PER_MINUTE;
  const key = keys.tiktokStatusCalls(openId);
  // A few rounds for processes racing on the same entry; a loser of all of
  // them simply waits a second, which is always safe.
  for (let round = 0; round < 5; round++) {
    const entry = await getTyped(kv, key);
    const recent = (entry.value ?? [])
      .filter((t) => t > now - WINDOW_MS)
      .sort((a, b) => a - b);
    if (recent.length >= perMinute) {
      // The oldest call leaving the window frees the next slot.
      return {
        ok: false,
        retryAt: recent[recent.length - perMinute] + WINDOW_MS + 1,
      };
    }
    recent.push(now);
    const done = await kv.atomic().check(entry)
      .set(key, recent, { expireIn: 2 * WINDOW_MS })
      .commit();
    if (done.ok) return { ok: true };
  }
  return { ok: false, retryAt: now + 1_000 };
}
