/**
 * TikTok refusals PM3K answers with their own codes
 * (docs/tiktok.md#errors-and-limits), each saying what the creator or the
 * operator can do: drafts pending, an unaudited app, the app's daily cap of
 * active users, a missing scope.
 * @module
 */
import { AppError } from "../errors.ts";
import type { TikTokApiError } from "../tiktok/tiktok_api_error.ts";

/**
 * TikTok's side of a refusal, on every error that passes one on: its code,
 * log id and HTTP status (null when TikTok did not answer).
 */
export function tiktokFields(error: TikTokApiError): Record<string, unknown> {
  return {
    tiktok_code: error.tiktokCode,
    log_id: error.logId,
    tiktok_http_status: error.httpStatus || null,
  };
}

/**
 * The AppError for a refusal with its own code, or null. Its words name
 * the app as the service, `serviceName` (SERVICE_NAME): the creator reads
 * them on the dashboard (docs/configuration.md#the-service-name).
 */
export function knownTikTokRefusal(
  error: TikTokApiError,
  serviceName: string,
): AppError | null {
  const extra = tiktokFields(error);
  switch (error.tiktokCode) {
    case "spam_risk_too_many_pending_share":
      return new AppError(
        "tiktok_inbox_full",
        "TikTok holds at most 5 pending drafts per creator in 24 hours and this account has reached that: the creator must post or delete drafts from the TikTok inbox, or wait, before sending another draft.",
        { extra, cause: error },
      );
    case "unaudited_client_can_only_post_to_private_accounts":
      return new AppError(
        "tiktok_unaudited_private_only",
        `TikTok refused the post: ${serviceName}'s TikTok app has not passed TikTok's audit, and such apps may only post to private TikTok accounts. The creator can set the TikTok account to private (TikTok app: Settings and privacy → Privacy → Private account), or the operator can get the app audited by TikTok.`,
        { extra, cause: error },
      );
    case "reached_active_user_cap":
      return new AppError(
        "tiktok_active_user_cap",
        `TikTok refused the post: ${serviceName}'s TikTok app has reached TikTok's daily cap of active posting users (unaudited apps may serve only a few creators a day). Try again tomorrow; the operator should apply for TikTok's audit to lift the cap.`,
        { extra, cause: error },
      );
    case "scope_not_authorized":
      return new AppError(
        "tiktok_scope_missing",
        `TikTok says this account has not granted the permission this post needs. Reconnect TikTok (sign in to the ${serviceName} dashboard again) and allow every permission asked.`,
        { extra, cause: error },
      );
    case "url_ownership_unverified":
      // Still tiktok_error: its code and fields stay what scripts match;
      // the words say what only the operator can do (docs/posting.md#video-source).
      return new AppError(
        "tiktok_error",
        `TikTok refused to fetch the media from ${serviceName}'s file address (url_ownership_unverified): FILES_BASE_URL is not verified as a URL prefix in ${serviceName}'s TikTok app. The operator must verify it in the TikTok developer portal (the app's URL properties). Videos can be sent by file upload instead (TIKTOK_VIDEO_SOURCE auto or file); photos cannot.`,
        { extra, cause: error },
      );
    default:
      return null;
  }
}
