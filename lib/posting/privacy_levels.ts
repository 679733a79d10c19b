import type { PrivacyLevel } from "./direct_post_input_record.ts";

/**
 * TikTok's privacy levels (docs/tiktok.md#content-posting-api); a creator
 * offers some of them.
 */
export const PRIVACY_LEVELS = [
  "PUBLIC_TO_EVERYONE",
  "MUTUAL_FOLLOW_FRIENDS",
  "FOLLOWER_OF_CREATOR",
  "SELF_ONLY",
] as const satisfies readonly PrivacyLevel[];
// Compile-time: the list names every PrivacyLevel (the check fails otherwise).
const _everyLevelListed: PrivacyLevel extends typeof PRIVACY_LEVELS[number]
  ? true
  : never = true;
