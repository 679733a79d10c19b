/**
 * The account's default privacy (docs/posting.md#fields): who can view a
 * post made through the API, MCP or a workflow tool when the request names
 * no `privacy`. Set in the dashboard's settings; the composer never uses
 * it (TikTok's audit rules: the creator picks every time).
 * @module
 */
import { updateAccount } from "../accounts/accounts_store.ts";
import type { Account } from "../accounts/account_record.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { PrivacyLevel } from "./direct_post_input_record.ts";
import { checkAuditedPrivacy } from "./app_audit.ts";

/** The default before the creator changes it: the contract's. */
const INITIAL_DEFAULT_PRIVACY: PrivacyLevel = "PUBLIC_TO_EVERYONE";

/**
 * The sentence a refusal of the privacy adds when the post named none, so
 * the client learns where the privacy it never sent came from.
 */
export function defaultPrivacyNote(privacy: string): string {
  return `This post names no privacy: ${privacy} is the account's default (the dashboard's Settings, "Privacy of posts from automations"); send "privacy", or change the default.`;
}

/** The privacy a post of `account` gets when it names none. */
export function defaultPrivacyOf(account: Account): PrivacyLevel {
  return account.defaultPrivacy ?? INITIAL_DEFAULT_PRIVACY;
}

/**
 * Sets the account's default privacy. While the TikTok app is unaudited
 * only SELF_ONLY is taken, as a post naming another would be refused.
 * Whether the creator offers it is checked at each post, against that
 * moment's creator_info (a creator's options change).
 * @throws {AppError} `privacy_unaudited_app`, `not_found`
 */
export async function setDefaultPrivacy(
  deps: Pick<AppDeps, "kv" | "clock" | "config">,
  openId: string,
  privacy: PrivacyLevel,
): Promise<Account> {
  checkAuditedPrivacy(deps.config, privacy);
  return await updateAccount(deps, openId, (a) => ({
    ...a,
    defaultPrivacy: privacy,
    updatedAt: deps.clock.now(),
  }));
}
