/** The API's JSON for a post. */
import type { ListedPost } from "../posting/post_record.ts";
import type { PostJson } from "./api_responses.ts";

export function postJson(p: ListedPost): PostJson {
  return {
    post_id: p.id,
    publish_id: p.publishId,
    kind: p.kind,
    post_mode: p.postMode ?? "DIRECT_POST",
    title: p.title,
    state: p.state,
    status: p.tiktokStatus,
    fail_reason: p.failReason,
    source_urls: p.sourceUrls,
    source: p.source ?? "PULL_FROM_URL",
    created_at: new Date(p.createdAt).toISOString(),
    updated_at: new Date(p.updatedAt).toISOString(),
  };
}
