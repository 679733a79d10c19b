/**
 * TikTok's creator_info answer as PM3K reads it (content_client.ts) and
 * caches it (lib/posting/creator_info_cache.ts).
 * @module
 */

export interface CreatorInfo {
  /** TikTok's avatar link, valid about 2 hours; "" in caches made before. */
  creatorAvatarUrl?: string;
  creatorUsername: string;
  creatorNickname: string;
  privacyLevelOptions: string[];
  commentDisabled: boolean;
  duetDisabled: boolean;
  stitchDisabled: boolean;
  maxVideoPostDurationSec: number;
}
