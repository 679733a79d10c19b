/**
 * A usable TikTok access token for an account: decrypted, and refreshed
 * here only when the refresh cron (lib/auth/token_refresh_cron.ts) has not
 * already done so, through the same claimed refresh (lib/auth/token_refresh.ts).
 * A disconnected account (docs/tiktok.md#disconnected-accounts) answers 401
 * `tiktok_reauth_required`, naming the cause, until the user signs in again.
 * @module
 */
import { AppError } from "../errors.ts";
import { decryptText } from "../crypto/token_cipher.ts";
import { refreshAccountToken } from "../auth/token_refresh.ts";
import type { TokenRefreshDeps } from "../auth/token_refresh.ts";
import { DISCONNECT_CAUSES } from "../accounts/disconnect.ts";
import { accountBeingDeleted } from "../accounts/accounts_store.ts";
import { logFailure } from "../runtime/logger.ts";
import type { Account } from "../accounts/account_record.ts";
import { PRODUCTION_TIMING } from "../runtime/timing.ts";
import type { Timing } from "../runtime/timing.ts";

/** Refresh this long before the access token expires. */
export const REFRESH_MARGIN_MS = 5 * 60_000;
/** What a refused post is told to wait: a renewal lasts 15 s at most. */
const TOKEN_BUSY_RETRY_SECONDS = 5;
/**
 * A token living this much longer still serves a call to TikTok when its
 * early refresh fails in passing: it outlasts the call (TIKTOK_TIMEOUT_MS,
 * 20 s by default, docs/configuration.md).
 */
const STILL_LIVE_MS = 60_000;

export type TikTokSessionDeps =
  & TokenRefreshDeps
  & Partial<{ timing: Pick<Timing, "tokenRefreshWaitMs"> }>;

/** 401 tiktok_reauth_required, naming why the account was disconnected. */
export function reauthError(account: Account | null): AppError {
  const cause = account?.disconnectReason
    ? ` (${DISCONNECT_CAUSES[account.disconnectReason]})`
    : "";
  return new AppError(
    "tiktok_reauth_required",
    `TikTok access for this account ended${cause}: sign in with TikTok again in the dashboard.`,
  );
}

/** Whether TikTok still serves the account (a grant, not disconnected). */
export function isConnected(account: Account): boolean {
  return Boolean(account.tiktok) && !account.tiktokReauthRequired;
}

/**
 * Refuses a disconnected account (401 tiktok_reauth_required): the one
 * check every TikTok-backed answer makes first, before any cache, so
 * nothing cached answers for an account TikTok no longer serves.
 */
export function checkConnected(account: Account): void {
  if (!isConnected(account)) throw reauthError(account);
}

/** The account's access token, refreshed when needed. */
export async function accessTokenFor(
  deps: TikTokSessionDeps,
  account: Account,
): Promise<string> {
  checkConnected(account);
  const grant = account.tiktok!;
  if (grant.accessExpiresAt - REFRESH_MARGIN_MS > deps.clock.now()) {
    return await decryptText(deps.tokenKey, grant.accessToken);
  }
  // Usually the refresh cron did this hours ago (auth/token_refresh_cron.ts).
  const waitUntil = performance.now() +
    (deps.timing?.tokenRefreshWaitMs ?? PRODUCTION_TIMING.tokenRefreshWaitMs);
  for (;;) {
    let result;
    try {
      result = await refreshAccountToken(
        deps,
        account.openId,
        (g, now) => g.accessExpiresAt - REFRESH_MARGIN_MS <= now,
      );
    } catch (error) {
      // A refresh failing in passing (TikTok's 5xx, no answer) while the
      // token still lives is no reason to fail the post: the token is
      // refreshed ahead of its end, and the next use or the refresh cron
      // tries again (docs/tiktok.md#token-refresh). Only a token about
      // to end makes the failure the post's.
      if (grant.accessExpiresAt - STILL_LIVE_MS <= deps.clock.now()) {
        throw error;
      }
      logFailure(deps.log, "refreshing a TikTok token (the live one is used)", {
        open_id: account.openId,
      })(error);
      return await decryptText(deps.tokenKey, grant.accessToken);
    }
    if (result.outcome === "disconnected") throw reauthError(result.account);
    if (result.outcome === "deleting") throw accountBeingDeleted();
    if (result.outcome !== "busy") {
      return await decryptText(
        deps.tokenKey,
        result.account.tiktok!.accessToken,
      );
    }
    if (performance.now() > waitUntil) {
      // Another process holds the renewal (or died holding it, until its
      // claim lapses): a moment later the token is there. Not a 500: the
      // client may retry, and a job is run again (docs/tiktok.md#token-refresh).
      throw new AppError(
        "tiktok_token_busy",
        "Another server process is renewing this account's TikTok access right now: retry in a few seconds.",
        { extra: { retry_after_seconds: TOKEN_BUSY_RETRY_SECONDS } },
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
