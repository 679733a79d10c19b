/**
 * What the dashboard's default privacy card offers
 * (docs/dashboard.md#settings): once the app is audited, the creator's own
 * privacy options from creator_info, its cached copy when there is one;
 * before it, whether the account looks public.
 * @module
 */
import { AppError } from "../errors.ts";
import { tiktokAppAudited } from "./app_audit.ts";
import { creatorInfoForAccount } from "./creator_info_lookup.ts";
import { openOnPublicLooking } from "../tiktok_app/account_looks_public.ts";

/**
 * The creator's privacy options, or null: before the audit (only Only me
 * is offered), or when TikTok cannot say now (disconnected, cooldown, an
 * error). Null is safe to show: the card then offers only the level saved
 * and asks for a reload, so a refusal here is not an error of the page.
 */
export async function defaultPrivacyOptions(
  deps: Parameters<typeof creatorInfoForAccount>[0],
  account: Parameters<typeof creatorInfoForAccount>[1],
): Promise<string[] | null> {
  if (!tiktokAppAudited(deps)) return null;
  return (await creatorInfoOrNull(deps, account))?.privacyLevelOptions ?? null;
}

/**
 * Before the audit, what the account leaves open that a private one has
 * off ("Duet and Stitch"), by the composer's one rule
 * (lib/tiktok_app/account_looks_public.ts): the card then says the account
 * looks public, as the composer does. Null once audited, for an account
 * that looks private, or when TikTok cannot say now.
 */
export async function openOnPublicAccount(
  deps: Parameters<typeof creatorInfoForAccount>[0],
  account: Parameters<typeof creatorInfoForAccount>[1],
): Promise<string | null> {
  if (tiktokAppAudited(deps)) return null;
  const info = await creatorInfoOrNull(deps, account);
  return info && openOnPublicLooking({
    duet_disabled: info.duetDisabled,
    stitch_disabled: info.stitchDisabled,
  });
}

/** creator_info, or null when TikTok cannot say now (an AppError). */
async function creatorInfoOrNull(
  deps: Parameters<typeof creatorInfoForAccount>[0],
  account: Parameters<typeof creatorInfoForAccount>[1],
) {
  try {
    return await creatorInfoForAccount(deps, account);
  } catch (error) {
    if (error instanceof AppError) return null;
    throw error;
  }
}
