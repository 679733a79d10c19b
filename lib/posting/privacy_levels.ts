/** TikTok's privacy levels (tiktok-api.md §3); a creator offers some of them. */
export const PRIVACY_LEVELS = [
  "PUBLIC_TO_EVERYONE",
  "MUTUAL_FOLLOW_FRIENDS",
  "FOLLOWER_OF_CREATOR",
  "SELF_ONLY",
] as const;

export type PrivacyLevel = typeof PRIVACY_LEVELS[number];
