/**
 * A Direct Post as PM3K takes it (camelCase, validated): what direct_post.ts
 * publishes, and what a scheduled job keeps until its run time.
 * @module
 */

/** TikTok's privacy levels; the runtime list is privacy_levels.ts. */
export type PrivacyLevel =
  | "PUBLIC_TO_EVERYONE"
  | "MUTUAL_FOLLOW_FRIENDS"
  | "FOLLOWER_OF_CREATOR"
  | "SELF_ONLY";

/**
 * DIRECT_POST publishes at once; MEDIA_UPLOAD sends a draft to the
 * creator's TikTok inbox (docs/posting.md#drafts). The runtime list is
 * post_modes.ts.
 */
export type PostMode = "DIRECT_POST" | "MEDIA_UPLOAD";

interface CommonInput {
  title: string;
  /** Absent in jobs saved before drafts existed: DIRECT_POST. */
  postMode?: PostMode;
  privacy?: PrivacyLevel;
  disableComment: boolean;
  disableDuet: boolean;
  disableStitch: boolean;
  isAd: boolean;
  adYourBrand: boolean;
  adBrandedContent: boolean;
  brand: string;
}

export type DirectPostInput =
  | (CommonInput & { kind: "video"; sourceUrl: string })
  | (CommonInput & {
    kind: "photo";
    photoImages: string[] | undefined;
    coverIndex: number;
    autoAddMusic: boolean;
  });
