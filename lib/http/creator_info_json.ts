/** The API's JSON for what a TikTok account may post (creator_info). */
import type { CreatorInfo } from "../tiktok/creator_info_record.ts";
import type { CreatorInfoResponse } from "./api_responses.ts";

/**
 * `info` null: TikTok cooldown with nothing cached (`available: false`);
 * `appAudited`: TIKTOK_APP_AUDITED (app_audit.ts), which narrows the
 * privacy options to SELF_ONLY whatever TikTok lists.
 */
export function creatorInfoJson(
  info: CreatorInfo | null,
  appAudited: boolean,
): Omit<CreatorInfoResponse, "ok"> {
  return {
    available: info !== null,
    creator_nickname: info?.creatorNickname ?? null,
    creator_username: info?.creatorUsername ?? null,
    creator_avatar_url: info ? info.creatorAvatarUrl ?? "" : null,
    privacy_level_options: info?.privacyLevelOptions ?? [],
    max_video_post_duration_sec: info?.maxVideoPostDurationSec ?? null,
    comment_disabled: info?.commentDisabled ?? false,
    duet_disabled: info?.duetDisabled ?? false,
    stitch_disabled: info?.stitchDisabled ?? false,
    app_audited: appAudited,
  };
}
