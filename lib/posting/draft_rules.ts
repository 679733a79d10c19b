/**
 * What a draft (post_mode MEDIA_UPLOAD, docs/posting.md#drafts) may carry.
 * TikTok ignores privacy, interaction and commercial-content settings of a
 * draft (the creator sets them in the TikTok app), so PM3K refuses them
 * rather than dropping them silently; the defaults (all off) pass.
 * @module
 */
import { AppError } from "../errors.ts";
import type { DirectPostInput } from "./direct_post_input_record.ts";

/**
 * @throws {AppError} `bad_request` naming the fields a draft cannot carry
 */
export function checkDraftFields(input: DirectPostInput): void {
  const refused: string[] = [];
  if (input.privacy !== undefined) refused.push("privacy");
  if (input.disableComment) refused.push("disable_comment");
  if (input.disableDuet) refused.push("disable_duet");
  if (input.disableStitch) refused.push("disable_stitch");
  if (input.isAd) refused.push("is_ad");
  if (input.adYourBrand) refused.push("ad_your_brand");
  if (input.adBrandedContent) refused.push("ad_branded_content");
  if (input.brand !== "") refused.push("brand");
  if (refused.length === 0) return;
  throw new AppError(
    "bad_request",
    `A draft (post_mode MEDIA_UPLOAD) cannot set ${
      refused.join(", ")
    }: the creator chooses these in the TikTok app when finishing the post. Leave them out, or post with post_mode DIRECT_POST.`,
    { extra: { fields: refused } },
  );
}
