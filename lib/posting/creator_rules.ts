/**
 * What the creator may post, from TikTok's creator_info (unknown, null,
 * during a cooldown without cache): the privacy level must be one it
 * offers, a video no longer than its maximum, and the creator's disabled
 * comments, duets and stitches stay disabled. Also TikTok's commercial
 * content rules for ads.
 * @module
 */
import { AppError } from "../errors.ts";
import type { CreatorInfo } from "../tiktok/creator_info_record.ts";
import type { VideoProbe } from "../media/media_record.ts";
import { videoDurationError } from "../media/video_rules.ts";

/** What the post asks for that the creator rules judge. */
export interface CreatorRulesInput {
  isAd: boolean;
  adYourBrand: boolean;
  adBrandedContent: boolean;
}

/**
 * Refuses a post the creator may not make. `privacyNote` is added to a
 * refusal of the privacy when the post named none (default_privacy.ts).
 * @throws {AppError} `bad_request` for a privacy level not offered, a video
 *   too long, an ad that names no brand, or branded content kept private
 */
export function checkCreatorRules(
  info: CreatorInfo | null,
  /** Null for a draft: the creator picks it in TikTok. */
  privacy: string | null,
  media: { video: VideoProbe | null },
  input: CreatorRulesInput,
  privacyNote?: string,
): void {
  const noted = (message: string) =>
    privacyNote ? `${message} ${privacyNote}` : message;
  if (
    info && privacy !== null && !info.privacyLevelOptions.includes(privacy)
  ) {
    throw new AppError(
      "bad_request",
      noted(
        `privacy ${privacy} is not allowed for this TikTok account; allowed: ${
          info.privacyLevelOptions.join(", ")
        }.`,
      ),
      { extra: { allowed_privacy: info.privacyLevelOptions } },
    );
  }
  const tooLong = info && media.video
    ? videoDurationError(media.video, info.maxVideoPostDurationSec)
    : null;
  if (tooLong) throw tooLong;
  if (input.isAd && !input.adYourBrand && !input.adBrandedContent) {
    throw new AppError(
      "bad_request",
      "is_ad requires ad_your_brand or ad_branded_content to say whose brand is promoted.",
    );
  }
  if (input.adBrandedContent && privacy === "SELF_ONLY") {
    throw new AppError(
      "bad_request",
      noted(
        "Branded content cannot be posted with privacy SELF_ONLY (TikTok's rule).",
      ),
    );
  }
}

/** What the post asks to disable. */
export interface InteractionRequest {
  disableComment: boolean;
  disableDuet: boolean;
  disableStitch: boolean;
}

/**
 * TikTok's disable_* flags: what the post asks, plus what the creator has
 * disabled in their settings (a post cannot turn those back on).
 */
export function interactionFlags(
  input: InteractionRequest,
  info: CreatorInfo | null,
): {
  disable_comment: boolean;
  disable_duet: boolean;
  disable_stitch: boolean;
} {
  return {
    disable_comment: input.disableComment || (info?.commentDisabled ?? false),
    disable_duet: input.disableDuet || (info?.duetDisabled ?? false),
    disable_stitch: input.disableStitch || (info?.stitchDisabled ?? false),
  };
}
