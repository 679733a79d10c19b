/**
 * What KV keeps of an account's creator_info between TikTok calls
 * (creator_info_cache.ts): TikTok's answer, or its "cannot post now"
 * refusal, kept a shorter while.
 * @module
 */
import type { CreatorInfo } from "../tiktok/creator_info_record.ts";

/** TikTok's refusal of creator_info, as TikTok gave it. */
export interface CreatorInfoRefusal {
  tiktokCode: string;
  message: string;
  logId: string | null;
  httpStatus: number;
}

export type CachedCreatorInfo =
  | { info: CreatorInfo; fetchedAt: number }
  | { refusal: CreatorInfoRefusal; fetchedAt: number };
