/** The API's JSON for a post's counts (docs/posting.md#post-stats). */
import type { PostStatsAnswer } from "../posting/post_stats.ts";
import { publicPostId } from "../posting/public_post_id.ts";
import type { VideoStats } from "../tiktok/video_stats_record.ts";
import type { PostCountsJson, PostStatsResponse } from "./api_responses.ts";

/** TikTok's counts of one video, as the API and the posts page show them. */
export function postCountsJson(stats: VideoStats): PostCountsJson {
  return {
    view_count: stats.viewCount,
    like_count: stats.likeCount,
    comment_count: stats.commentCount,
    share_count: stats.shareCount,
    share_url: stats.shareUrl,
  };
}

export function postStatsJson(
  answer: PostStatsAnswer,
): Omit<PostStatsResponse, "ok"> {
  const { stats } = answer;
  return {
    post_id: answer.post.id,
    // The post's, as the posts list gives it: kept when TikTok no longer
    // shows the video (deleted or made private there).
    public_post_id: publicPostId(answer.post.raw),
    stats: stats ? postCountsJson(stats) : null,
    unavailable: answer.unavailable,
    fetched_at: answer.fetchedAt === null
      ? null
      : new Date(answer.fetchedAt).toISOString(),
  };
}
