/** The API's JSON for a post. */
import type { ListedPost } from "../posting/post_record.ts";
import type { PostJson } from "./api_responses.ts";
import { notPostedFrom } from "../posting/not_posted.ts";
import { publicPostId } from "../posting/public_post_id.ts";
import { PRIVACY_LEVELS } from "../posting/privacy_levels.ts";
import { failMessage } from "../tiktok/fail_reasons.ts";
import { postedAgain } from "../posting/posted_again.ts";
import type { PostedAgain, PostedAgainReads } from "../posting/posted_again.ts";
import type { ListDeps } from "../posting/post_list.ts";

/** The post's privacy when it is one of TikTok's levels, else null. */
function privacyOf(p: ListedPost): PostJson["privacy"] {
  return PRIVACY_LEVELS.find((level) => level === p.privacy) ?? null;
}

/**
 * `again`: what posted a failed post's media again (posted_again.ts);
 * null when nothing did, or when the caller did not look (one post alone).
 */
export function postJson(
  p: ListedPost,
  again: PostedAgain | null = null,
): PostJson {
  return {
    post_id: p.id,
    publish_id: p.publishId,
    kind: p.kind,
    post_mode: p.postMode ?? "DIRECT_POST",
    title: p.title,
    privacy: privacyOf(p),
    state: p.state,
    status: p.tiktokStatus,
    fail_reason: p.failReason,
    fail_message: failMessage(p.failReason),
    source_urls: p.sourceUrls,
    public_post_id: publicPostId(p.raw),
    source: p.source ?? "PULL_FROM_URL",
    job_id: p.jobId ?? null,
    not_posted_from: p.state === "unknown"
      ? new Date(notPostedFrom(p)).toISOString()
      : null,
    posted_again: again && postedAgainJson(again),
    created_at: new Date(p.createdAt).toISOString(),
    updated_at: new Date(p.updatedAt).toISOString(),
  };
}

function postedAgainJson(
  again: PostedAgain,
): NonNullable<PostJson["posted_again"]> {
  return "postId" in again
    ? { post_id: again.postId, job_id: null, run_at: null }
    : {
      post_id: null,
      job_id: again.jobId,
      run_at: new Date(again.runAt).toISOString(),
    };
}

/**
 * A list of one account's posts as JSON, each failed one saying what
 * posted its media again (lib/posting/posted_again.ts,
 * docs/dashboard.md#post-again); `read`: what the caller read already in
 * the same request, not read again.
 */
export async function postsJson(
  deps: ListDeps,
  openId: string,
  posts: ListedPost[],
  read?: PostedAgainReads,
): Promise<PostJson[]> {
  const again = await postedAgain(deps, openId, posts, read);
  return posts.map((p) => postJson(p, again.get(p.id) ?? null));
}
