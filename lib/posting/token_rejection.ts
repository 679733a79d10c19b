/**
 * TikTok refused an access token PM3K held as valid (`access_token_invalid`):
 * the creator revoked PM3K with no callback registered to say so, or TikTok
 * ended the token early. A refresh of that token tells which
 * (docs/tiktok.md#disconnected-accounts): TikTok refusing it (`invalid_grant`)
 * disconnects the account, so the answer is 401 `tiktok_reauth_required` and
 * the dashboard asks to reconnect, as after `authorization.removed`; a new
 * token means the next try works, so the answer says to try again.
 * @module
 */
import { AppError } from "../errors.ts";
import { refreshAccountToken } from "../auth/token_refresh.ts";
import type { TikTokApiError } from "../tiktok/tiktok_api_error.ts";
import type { Account } from "../accounts/account_record.ts";
import { accountBeingDeleted, getAccount } from "../accounts/accounts_store.ts";
import { errorFields } from "../runtime/logger.ts";
import { reauthError } from "./tiktok_session.ts";
import { tiktokFields } from "./tiktok_refusals.ts";
import type { TikTokSessionDeps } from "./tiktok_session.ts";

/** The answer for a refused token, or null when `error` is another one. */
export async function rejectedTokenError(
  deps: TikTokSessionDeps,
  account: Account,
  error: TikTokApiError,
): Promise<AppError | null> {
  if (error.tiktokCode !== "access_token_invalid") return null;
  const rejected = account.tiktok?.accessToken;
  let outcome;
  try {
    // Only the refused token is renewed: one another process renewed
    // meanwhile is left as it is ("fresh").
    outcome = (await refreshAccountToken(
      deps,
      account.openId,
      (grant) => grant.accessToken === rejected,
    )).outcome;
  } catch (e) {
    deps.log({
      level: "warn",
      message:
        "renewing a token TikTok refused failed; the refresh cron tries again",
      open_id: account.openId,
      ...errorFields(e),
    });
    return null;
  }
  if (outcome === "disconnected") {
    // Read again: the disconnect just stored names its cause.
    return reauthError(await getAccount(deps, account.openId));
  }
  if (outcome === "deleting") return accountBeingDeleted();
  if (outcome === "busy") return null;
  return new AppError(
    "tiktok_error",
    "TikTok refused this account's access token, which has now been renewed: try again.",
    { extra: tiktokFields(error), cause: error },
  );
}
