/**
 * One refresh of an account's TikTok tokens, claimed in KV so several
 * processes (the refresh cron, a post needing a token now) never refresh
 * one account at once: TikTok rotates refresh tokens, so a second refresh
 * with the old one would be refused and wrongly disconnect the account
 * (docs/tiktok.md#token-refresh). `invalid_grant`, or a refresh token past
 * its end, disconnects the account (reason refresh_failed); anything else
 * (5xx, timeouts) is thrown for the caller to retry later. An account whose
 * deletion is marked is not refreshed, and tokens TikTok renewed while its
 * deletion began are revoked, not stored
 * (docs/accounts.md#deleting-an-account).
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { accountWithMark, updateAccount } from "../accounts/accounts_store.ts";
import { disconnectAccount } from "../accounts/disconnect.ts";
import { decryptText, encryptText } from "../crypto/token_cipher.ts";
import { TikTokApiError } from "../tiktok/tiktok_api_error.ts";
import { OAUTH_TIMEOUT_MS } from "../tiktok/oauth_client.ts";
import { logFailure } from "../runtime/logger.ts";
import type { Account, TikTokGrant } from "../accounts/account_record.ts";
import type { AppDeps } from "../runtime/app_deps.ts";

/** A claim outlives the refresh it guards (bounded by the OAuth timeout). */
export const REFRESH_CLAIM_MS = 4 * OAUTH_TIMEOUT_MS;

export type TokenRefreshDeps = Pick<
  AppDeps,
  "kv" | "clock" | "tokenKey" | "tiktokOAuth" | "log" | "enqueueWebhook"
>;

export type RefreshResult =
  /** New tokens stored (`account` holds them). */
  | { outcome: "refreshed"; account: Account }
  /** Nothing to do: another process refreshed it first, or it is not due. */
  | { outcome: "fresh"; account: Account }
  /** Another process is refreshing it right now. */
  | { outcome: "busy" }
  /** The account has no usable TikTok grant (now or after this refresh). */
  | { outcome: "disconnected"; account: Account | null }
  /** Its deletion is marked: nothing is refreshed nor stored. */
  | { outcome: "deleting" };

/**
 * Refreshes the account's tokens if `due` still says so once the claim is
 * held (read again under it, so a refresh made meanwhile is seen).
 * @throws what TikTok's failure was, when it may pass (5xx, timeouts)
 */
export async function refreshAccountToken(
  deps: TokenRefreshDeps,
  openId: string,
  due: (grant: TikTokGrant, now: number) => boolean,
): Promise<RefreshResult> {
  const { kv, clock } = deps;
  const claimKey = keys.tokenRefreshClaim(openId);
  const current = await getTyped(kv, claimKey);
  const startedAt = clock.now();
  if (current.value && current.value.until > startedAt) {
    return { outcome: "busy" };
  }
  const claim = {
    owner: crypto.randomUUID(),
    until: startedAt + REFRESH_CLAIM_MS,
  };
  const claimed = await kv.atomic().check(current)
    .set(claimKey, claim, { expireIn: REFRESH_CLAIM_MS })
    .commit();
  if (!claimed.ok) return { outcome: "busy" };
  try {
    return await refreshClaimed(deps, openId, due);
  } finally {
    await kv.atomic()
      .check({ key: claimKey, versionstamp: claimed.versionstamp })
      .delete(claimKey)
      .commit()
      .catch(logFailure(deps.log, "releasing a token refresh claim", {
        open_id: openId,
      }));
  }
}

async function refreshClaimed(
  deps: TokenRefreshDeps,
  openId: string,
  due: (grant: TikTokGrant, now: number) => boolean,
): Promise<RefreshResult> {
  const [entry, mark] = await accountWithMark(deps.kv, openId);
  // The deletion revokes the grant it reads: a token renewed after it
  // would stay live at TikTok.
  if (mark.value !== null) return { outcome: "deleting" };
  const account = entry.value;
  const grant = account?.tiktok;
  if (!account || !grant || account.tiktokReauthRequired) {
    return { outcome: "disconnected", account };
  }
  const now = deps.clock.now();
  if (!due(grant, now)) return { outcome: "fresh", account };
  // Only this grant ends: a sign-in meanwhile brought a new refresh token.
  const thisGrant = (g: TikTokGrant | null) =>
    g?.refreshToken === grant.refreshToken;
  if (grant.refreshExpiresAt <= now) {
    await disconnectAccount(deps, openId, "refresh_failed", {
      tiktok_code: "refresh_token_expired",
    }, thisGrant);
    return { outcome: "disconnected", account };
  }
  let tokens;
  try {
    tokens = await deps.tiktokOAuth.refresh(
      await decryptText(deps.tokenKey, grant.refreshToken),
    );
  } catch (error) {
    if (
      error instanceof TikTokApiError && error.tiktokCode === "invalid_grant"
    ) {
      await disconnectAccount(deps, openId, "refresh_failed", {
        tiktok_code: error.tiktokCode,
      }, thisGrant);
      return { outcome: "disconnected", account };
    }
    throw error;
  }
  const accessToken = await encryptText(deps.tokenKey, tokens.accessToken);
  const refreshToken = await encryptText(deps.tokenKey, tokens.refreshToken);
  const renewed = (a: Account): Account => ({
    ...a,
    tiktok: {
      accessToken,
      refreshToken,
      accessExpiresAt: now + tokens.expiresIn * 1000,
      refreshExpiresAt: now + tokens.refreshExpiresIn * 1000,
      scope: tokens.scope || grant.scope,
      grantedAt: grant.grantedAt,
    },
    updatedAt: now,
  });
  // The mark checked absent: a deletion marked meanwhile makes it fail.
  const stored = await updateAccount(
    deps,
    openId,
    renewed,
    async (current, marked): Promise<RefreshResult | undefined> => {
      if (!current || marked) {
        // Its deletion began (or ended) during the refresh and revoked the
        // grant it read: the renewed one is known to nobody else.
        await revokeUnstored(deps, openId, tokens.accessToken);
        return current
          ? { outcome: "deleting" }
          : { outcome: "disconnected", account: null };
      }
      // A sign-in during the refresh brought a newer grant: it stays.
      if (!thisGrant(current.tiktok)) {
        return { outcome: "refreshed", account: current };
      }
    },
  );
  return "outcome" in stored
    ? stored
    : { outcome: "refreshed", account: stored };
}

/** Revokes renewed tokens not stored; a failure is logged. */
async function revokeUnstored(
  deps: TokenRefreshDeps,
  openId: string,
  accessToken: string,
): Promise<void> {
  await deps.tiktokOAuth.revoke(accessToken).catch(
    logFailure(deps.log, "revoking a TikTok token renewed during a deletion", {
      open_id: openId,
    }),
  );
}
