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

interface CommonInput {
  title: string;
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
