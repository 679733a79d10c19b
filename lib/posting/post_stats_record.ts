/**
 * What KV keeps of a post's counts (lib/posting/post_stats.ts): TikTok's
 * answer, or null when TikTok did not show the video, and when it was asked.
 * @module
 */
import type { VideoStats } from "../tiktok/video_stats_record.ts";

export interface CachedPostStats {
  stats: VideoStats | null;
  fetchedAt: number;
}
