/**
 * TikTok's audit of the PM3K app (docs/posting.md#unaudited-apps): before
 * it, TikTok takes only private posts, to private accounts. The dashboard
 * asks `tiktokAppAudited` to say so; posting checks the privacy here.
 * @module
 */
import { AppError } from "../errors.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { Config } from "../config.ts";

/** The one privacy TikTok takes from an unaudited app. */
export const UNAUDITED_PRIVACY = "SELF_ONLY";

/** Whether the TikTok app passed TikTok's audit (TIKTOK_APP_AUDITED). */
export function tiktokAppAudited(deps: Pick<AppDeps, "config">): boolean {
  return deps.config.tiktokAppAudited;
}

/**
 * Refuses a privacy other than SELF_ONLY while the app is unaudited,
 * whether the post named it or it came from the account's default (then
 * `note`, default_privacy.ts's, says so). The app is named as the
 * service (docs/configuration.md#the-service-name): creators read it.
 * @throws {AppError} `privacy_unaudited_app`
 */
export function checkAuditedPrivacy(
  config: Pick<Config, "tiktokAppAudited" | "site">,
  privacy: string,
  note?: string,
): void {
  if (config.tiktokAppAudited || privacy === UNAUDITED_PRIVACY) return;
  throw new AppError(
    "privacy_unaudited_app",
    `privacy ${privacy} is not possible yet: ${config.site.serviceName}'s TikTok app has not passed TikTok's audit, so TikTok keeps every post private. Send "privacy": "SELF_ONLY", and set the TikTok account itself to private (TikTok refuses posts to public accounts from unaudited apps).${
      note ? ` ${note}` : ""
    }`,
    { extra: { allowed_privacy: [UNAUDITED_PRIVACY] } },
  );
}
