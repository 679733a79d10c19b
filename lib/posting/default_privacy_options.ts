/**
 * What the dashboard's default privacy card offers
 * (docs/dashboard.md#settings): once the app is audited, the creator's own
 * privacy options from creator_info, its cached copy when there is one.
 * @module
 */
import { AppError } from "../errors.ts";
import { tiktokAppAudited } from "./app_audit.ts";
import { creatorInfoForAccount } from "./creator_info_lookup.ts";

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
  try {
    const info = await creatorInfoForAccount(deps, account);
    return info?.privacyLevelOptions ?? null;
  } catch (error) {
    if (error instanceof AppError) return null;
    throw error;
  }
}
