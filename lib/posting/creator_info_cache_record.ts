/**
 * What KV keeps of an account's creator_info between TikTok calls
 * (creator_info_cache.ts).
 * @module
 */
import type { CreatorInfo } from "../tiktok/creator_info_record.ts";

export interface CachedCreatorInfo {
  info: CreatorInfo;
  fetchedAt: number;
}
