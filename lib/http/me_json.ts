/** The API's JSON for the account of an API key (`GET /api/me`). */
import { defaultPrivacyOf } from "../posting/default_privacy.ts";
import type { Account } from "../accounts/account_record.ts";
import type { MeResponse } from "./api_responses.ts";
import { grantedScopes } from "../tiktok/tiktok_scopes.ts";

export function meJson(account: Account): Omit<MeResponse, "ok"> {
  return {
    open_id: account.openId,
    display_name: account.displayName,
    plan: account.plan,
    key_expires_at: account.apiKeyExpiresAt === null
      ? null
      : new Date(account.apiKeyExpiresAt).toISOString(),
    default_privacy: defaultPrivacyOf(account),
    tiktok_scopes: grantedScopes(account.tiktok?.scope),
  };
}
