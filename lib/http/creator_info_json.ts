/** The API's JSON for what a TikTok account may post (creator_info). */
import type { CreatorInfo } from "../tiktok/creator_info_record.ts";
import type { CreatorInfoResponse } from "./api_responses.ts";
import { UNAUDITED_PRIVACY } from "../posting/app_audit.ts";

/**
 * `info` null: TikTok cooldown with nothing cached (`available: false`);
 * `appAudited`: TIKTOK_APP_AUDITED (app_audit.ts). While it is false the
 * privacy options are narrowed to SELF_ONLY (when the creator offers it),
 * as the composer narrows them: the answer lists only what a post is
 * accepted with (docs/posting.md#unaudited-apps).
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
    privacy_level_options: (info?.privacyLevelOptions ?? []).filter((p) =>
      appAudited || p === UNAUDITED_PRIVACY
    ),
    max_video_post_duration_sec: info?.maxVideoPostDurationSec ?? null,
    comment_disabled: info?.commentDisabled ?? false,
    duet_disabled: info?.duetDisabled ?? false,
    stitch_disabled: info?.stitchDisabled ?? false,
    app_audited: appAudited,
  };
}
