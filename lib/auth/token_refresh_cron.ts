/**
 * The refresh cron (docs/tiktok.md#token-refresh): every minute, the
 * accounts whose TikTok access token ends within REFRESH_AHEAD_MS are
 * refreshed, soonest first, at most MAX_REFRESHES_PER_ROUND a round and
 * within the round's time budget, so a post at 3 a.m. finds a live token.
 * Each refresh is a claim in KV (token_refresh.ts): several processes
 * running this cron refresh one account once. A transient failure (5xx,
 * timeout) is logged and the next round tries again; `invalid_grant`
 * disconnects the account.
 * @module
 */
import { listAccounts } from "../accounts/accounts_store.ts";
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
  const due = (await listAccounts(deps))
    .filter((a) =>
      a.tiktok && !a.tiktokReauthRequired &&
      a.tiktok.accessExpiresAt - REFRESH_AHEAD_MS <= now
    )
    .sort((a, b) => a.tiktok!.accessExpiresAt - b.tiktok!.accessExpiresAt)
    .slice(0, MAX_REFRESHES_PER_ROUND);
  const round: RefreshRound = {
    refreshed: 0,
    disconnected: 0,
    failed: 0,
    busy: 0,
  };
  for (const account of due) {
    if (performance.now() - started > ROUND_BUDGET_MS) break;
    try {
      const result = await refreshAccountToken(
        deps,
        account.openId,
        (grant, at) => grant.accessExpiresAt - REFRESH_AHEAD_MS <= at,
      );
      if (result.outcome === "refreshed") round.refreshed++;
      else if (result.outcome === "disconnected") round.disconnected++;
      else if (result.outcome === "busy") round.busy++;
    } catch (error) {
      round.failed++;
      deps.log({
        level: "warn",
        message: "refreshing a TikTok token failed; the next round retries",
        open_id: account.openId,
        access_expires_at: new Date(account.tiktok!.accessExpiresAt)
          .toISOString(),
        ...errorFields(error),
      });
    }
  }
  return round;
}
