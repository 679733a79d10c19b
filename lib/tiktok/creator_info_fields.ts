/**
 * A creator_info answer's fields as TikTok names them, read into a
 * CreatorInfo: TikTok's own answer (content_client.ts), and PM3K's
 * GET /api/tiktok/creator_info, which gives them under the same names
 * (tasks/composer_page_check.ts reads the page's creator through it).
 * @module
 */
import type { CreatorInfo } from "./creator_info_record.ts";

/** `data`'s creator_info fields; one missing reads as empty, 0 or false. */
export function creatorInfoFromFields(
  data: Record<string, unknown>,
): CreatorInfo {
  return {
    creatorAvatarUrl: String(data.creator_avatar_url ?? ""),
    creatorUsername: String(data.creator_username ?? ""),
    creatorNickname: String(data.creator_nickname ?? ""),
    privacyLevelOptions: Array.isArray(data.privacy_level_options)
      ? data.privacy_level_options.map(String)
      : [],
    commentDisabled: data.comment_disabled === true,
    duetDisabled: data.duet_disabled === true,
    stitchDisabled: data.stitch_disabled === true,
    maxVideoPostDurationSec: Number(data.max_video_post_duration_sec ?? 0),
  };
}
