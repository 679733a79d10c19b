/** The API's JSON for a scheduled job. */
import type { JobRecord } from "../jobs/job_record.ts";
import type { PublishSnapshot } from "../posting/post_record.ts";
import { stateOf } from "../posting/follow_publishes.ts";
import type { JobJson } from "./api_responses.ts";

const iso = (t: number) => new Date(t).toISOString();

export function jobJson(
  j: JobRecord,
  publish: PublishSnapshot | null = null,
): JobJson {
  const i = j.input;
  return {
    job_id: j.id,
    kind: j.kind,
    state: j.state,
    run_at: iso(j.runAt),
    created_at: iso(j.createdAt),
    updated_at: iso(j.updatedAt),
    media_type: i.kind === "photo" ? "PHOTO" : "VIDEO",
    title: i.title,
    ...(i.kind === "video"
      ? { source_url: i.sourceUrl }
      : { photo_images: i.photoImages ?? [] }),
    publish_id: j.publishId,
    posted_at: j.postedAt === null ? null : iso(j.postedAt),
    publish_status: publish
      ? {
        status: publish.status,
        state: stateOf(publish.status),
        fail_reason: publish.failReason,
      }
      : null,
    error: j.error,
  };
}
