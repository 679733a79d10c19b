/**
 * The two ways PM3K hands a post to TikTok (docs/posting.md#drafts) and the
 * TikTok scope each needs: a Direct Post needs `video.publish`, a draft
 * (MEDIA_UPLOAD) `video.upload`.
 * @module
 */
import { AppError } from "../errors.ts";
import type { Account } from "../accounts/account_record.ts";
import type { PostMode } from "./direct_post_input_record.ts";

export const POST_MODES = [
  "DIRECT_POST",
  "MEDIA_UPLOAD",
] as const satisfies readonly PostMode[];
// Compile-time: the list names every PostMode (the check fails otherwise).
const _everyModeListed: PostMode extends typeof POST_MODES[number] ? true
  : never = true;

/** The TikTok scope a post mode needs. */
export const SCOPE_FOR_MODE: Readonly<Record<PostMode, string>> = {
  DIRECT_POST: "video.publish",
  MEDIA_UPLOAD: "video.upload",
};

/** The mode of a post or job input; absent (older jobs) reads DIRECT_POST. */
export function postModeOf(input: { postMode?: PostMode }): PostMode {
  return input.postMode ?? "DIRECT_POST";
}

/** Whether the account's TikTok grant includes `scope`. */
export function hasScope(account: Account, scope: string): boolean {
  return (account.tiktok?.scope ?? "").split(",").map((s) => s.trim())
    .includes(scope);
}

/**
 * Refuses a post whose mode needs a scope the account never granted (it
 * signed in before PM3K asked for it, or withheld it on TikTok's consent
 * screen): signing in again grants it.
 * @throws {AppError} `tiktok_scope_missing`
 */
export function checkScopeForMode(
  account: Account,
  mode: PostMode,
  serviceName: string,
): void {
  // An account without a grant answers tiktok_reauth_required later.
  if (!account.tiktok) return;
  const scope = SCOPE_FOR_MODE[mode];
  if (hasScope(account, scope)) return;
  throw new AppError(
    "tiktok_scope_missing",
    `post_mode ${mode} needs the TikTok permission ${scope}, which this account has not granted. Reconnect TikTok (sign in to the ${serviceName} dashboard again) and allow it.`,
    { extra: { missing_scope: scope } },
  );
}

/**
 * Refuses creator_info for an account without `video.publish` (TikTok's
 * creator_info needs it), before TikTok is called.
 * @throws {AppError} `tiktok_scope_missing`
 */
export function checkCreatorInfoScope(
  account: Account,
  serviceName: string,
): void {
  if (!account.tiktok) return;
  const scope = SCOPE_FOR_MODE.DIRECT_POST;
  if (hasScope(account, scope)) return;
  throw new AppError(
    "tiktok_scope_missing",
    `Reading the creator info (privacy options, longest video) needs the TikTok permission ${scope}, which this account has not granted. Reconnect TikTok (sign in to the ${serviceName} dashboard again) and allow it.`,
    { extra: { missing_scope: scope } },
  );
}
