/**
 * A usable TikTok access token for an account: decrypted, refreshed shortly
 * before it expires (TikTok may rotate the refresh token: the newest is
 * kept). A refresh TikTok refuses marks the account "reconnect needed" and
 * answers 401 `tiktok_reauth_required` until the user signs in again.
 * @module
 */
import { updateAccount } from "../accounts/accounts_store.ts";
import { AppError } from "../errors.ts";
import { decryptText, encryptText } from "../crypto/token_cipher.ts";
import { TikTokApiError } from "../tiktok/tiktok_api_error.ts";
import type { Account } from "../accounts/account_record.ts";
import type { AppDeps } from "../runtime/app_deps.ts";

/** Refresh this long before the access token expires. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

export type TikTokSessionDeps = Pick<
  AppDeps,
  "kv" | "clock" | "tokenKey" | "tiktokOAuth"
>;

function reauth(): AppError {
  return new AppError(
    "tiktok_reauth_required",
    "TikTok access for this account ended: sign in with TikTok again in the dashboard.",
  );
}

/** The account's access token, refreshed when needed. */
export async function accessTokenFor(
  deps: TikTokSessionDeps,
  account: Account,
): Promise<string> {
  const grant = account.tiktok;
  if (!grant || account.tiktokReauthRequired) throw reauth();
  const now = deps.clock.now();
  if (grant.accessExpiresAt - REFRESH_MARGIN_MS > now) {
    return await decryptText(deps.tokenKey, grant.accessToken);
  }
  if (grant.refreshExpiresAt <= now) {
    await updateAccount(
      deps,
      account.openId,
      (a) => ({ ...a, tiktokReauthRequired: true }),
    );
    throw reauth();
  }
  try {
    const tokens = await deps.tiktokOAuth.refresh(
      await decryptText(deps.tokenKey, grant.refreshToken),
    );
    const accessToken = await encryptText(deps.tokenKey, tokens.accessToken);
    const refreshToken = await encryptText(deps.tokenKey, tokens.refreshToken);
    await updateAccount(deps, account.openId, (a) => ({
      ...a,
      tiktok: {
        accessToken,
        refreshToken,
        accessExpiresAt: now + tokens.expiresIn * 1000,
        refreshExpiresAt: now + tokens.refreshExpiresIn * 1000,
        scope: tokens.scope || grant.scope,
      },
      updatedAt: now,
    }));
    return tokens.accessToken;
  } catch (error) {
    if (
      error instanceof TikTokApiError && error.tiktokCode === "invalid_grant"
    ) {
      await updateAccount(
        deps,
        account.openId,
        (a) => ({ ...a, tiktokReauthRequired: true }),
      );
      throw reauth();
    }
    throw error;
  }
}
