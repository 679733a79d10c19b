/**
 * A published video's public counts, as TikTok's video query answers them
 * (content_client.ts) and PM3K caches them (lib/posting/post_stats.ts).
 * @module
 */

export interface VideoStats {
  /** TikTok's video (post) id, exact as a string. */
  videoId: string;
  /** The video's page on TikTok. */
  shareUrl: string;
  viewCount: number;
  likeCount: number;
  commentCount: number;
  shareCount: number;
}
