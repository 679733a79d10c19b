/**
 * The refresh cron (docs/tiktok.md#token-refresh): every minute, the
 * accounts whose TikTok access token ends within REFRESH_AHEAD_MS are
 * refreshed, soonest first, at most MAX_REFRESHES_PER_ROUND a round and
 * within the round's time budget, so a post at 3 a.m. finds a live token.
 * They are found in the token expiry index (one ranged list), so a round
 * reads only the accounts that are due, however many there are.
 * Each refresh is a claim in KV (token_refresh.ts): several processes
 * running this cron refresh one account once. A transient failure (5xx,
 * timeout) is logged and the next round tries again; `invalid_grant`
 * disconnects the account.
 * @module
 */
import {
  backfillTokenExpiryIndex,
  dropStaleTokenExpiry,
  tokensEndingBy,
} from "../accounts/token_expiry_index.ts";
import { refreshAccountToken } from "./token_refresh.ts";
import type { TokenRefreshDeps } from "./token_refresh.ts";
import { errorFields } from "../runtime/logger.ts";

/**
 * Refresh when less than this remains. An hour gives a TikTok outage about
 * sixty rounds to pass before a token lapses, and still suits the shortest
 * lifetime TikTok documents (2 h: refreshed every hour; 24 h: every 23 h).
 */
export const REFRESH_AHEAD_MS = 60 * 60_000;
/** Refreshes one round makes at most (the rest wait for the next minute). */
export const MAX_REFRESHES_PER_ROUND = 25;
/** A round stops starting refreshes after this long (cron ticks a minute apart). */
const ROUND_BUDGET_MS = 40_000;

export interface RefreshRound {
  refreshed: number;
  disconnected: number;
  failed: number;
  /** Due but left to another process (it held the claim). */
  busy: number;
}

/** One round of the cron. */
export async function refreshDueTokens(
  deps: TokenRefreshDeps,
): Promise<RefreshRound> {
  const started = performance.now();
  const now = deps.clock.now();
  // Accounts from before the index: indexed once, a page a round.
  await backfillTokenExpiryIndex(deps);
  const due = await tokensEndingBy(
    deps.kv,
    now + REFRESH_AHEAD_MS,
    MAX_REFRESHES_PER_ROUND,
  );
  const round: RefreshRound = {
    refreshed: 0,
    disconnected: 0,
    failed: 0,
    busy: 0,
  };
  for (const entry of due) {
    if (performance.now() - started > ROUND_BUDGET_MS) break;
    try {
      const result = await refreshAccountToken(
        deps,
        entry.openId,
        (grant, at) => grant.accessExpiresAt - REFRESH_AHEAD_MS <= at,
      );
      if (result.outcome === "refreshed") round.refreshed++;
      else if (result.outcome === "disconnected") round.disconnected++;
      else if (result.outcome === "busy") round.busy++;
      // An account gone, or whose grant moved on since the list: its
      // entry would stay first in line.
      if (result.outcome !== "busy" && result.outcome !== "refreshed") {
        await dropStaleTokenExpiry(deps.kv, entry);
      }
    } catch (error) {
      round.failed++;
      deps.log({
        level: "warn",
        message: "refreshing a TikTok token failed; the next round retries",
        open_id: entry.openId,
        access_expires_at: new Date(entry.at).toISOString(),
        ...errorFields(error),
      });
    }
  }
  return round;
}
