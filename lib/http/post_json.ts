/** The API's JSON for a post. */
import type { PostRecord } from "../posting/post_record.ts";

export function postJson(p: PostRecord): Record<string, unknown> {
  return {
    post_id: p.id,
    publish_id: p.publishId,
    kind: p.kind,
    title: p.title,
    state: p.state,
    status: p.tiktokStatus,
    fail_reason: p.failReason,
    source_urls: p.sourceUrls,
    created_at: new Date(p.createdAt).toISOString(),
    updated_at: new Date(p.updatedAt).toISOString(),
  };
}
