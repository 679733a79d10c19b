/**
 * TikTok's `post_info` of a video (docs/tiktok.md#content-posting-api): who
 * can view it, the interactions turned off, and the commercial content
 * toggles. A post keeps these beside its own title, so they are one type
 * for the TikTok client and the post record.
 * @module
 */

/** TikTok's post_info of a video, but the title. */
export interface VideoFlags {
  privacy_level: string;
  disable_comment: boolean;
  disable_duet: boolean;
  disable_stitch: boolean;
  brand_content_toggle: boolean;
  brand_organic_toggle: boolean;
}

/** TikTok's post_info of a video, as sent to init. */
export interface VideoPostInfo extends VideoFlags {
  title: string;
}
