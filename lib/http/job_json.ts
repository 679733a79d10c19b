/** The API's JSON for a scheduled job. */
import type { JobRecord, ScheduledJob } from "../jobs/job_record.ts";
import type { PublishSnapshot } from "../posting/post_record.ts";
import { stateOf } from "../posting/follow_publishes.ts";
import { failMessage } from "../tiktok/fail_reasons.ts";
import type {
  JobCreatedResponse,
  JobJson,
  JobListResponse,
} from "./api_responses.ts";

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
    post_mode: i.postMode ?? "DIRECT_POST",
    title: i.title,
    privacy: i.privacy ?? null,
    ...(i.kind === "video"
      ? { source_url: i.sourceUrl }
      : { photo_images: i.photoImages ?? [] }),
    publish_id: j.publishId,
    posted_at: j.postedAt === null ? null : iso(j.postedAt),
    publish_status: publish
      ? {
        status: publish.status,
        state: publish.state ?? stateOf(publish.status),
        fail_reason: publish.failReason,
        fail_message: failMessage(publish.failReason),
        source: publish.source ?? "PULL_FROM_URL",
      }
      : null,
    error: j.error,
  };
}

/** The answer to scheduling a job. */
export function jobCreatedJson(
  j: ScheduledJob,
  requestedRunAt: number | null = null,
): Omit<JobCreatedResponse, "ok"> {
  return {
    job_id: j.id,
    run_at: iso(j.runAt),
    state: j.state,
    ...(requestedRunAt === null
      ? {}
      : { requested_run_at: iso(requestedRunAt) }),
  };
}

/** A page of jobs, each with its publish status once posted. */
export function jobListJson(
  page: {
    jobs: JobRecord[];
    cursor: string | null;
    snapshots: Map<string, PublishSnapshot>;
  },
): Omit<JobListResponse, "ok"> {
  return {
    jobs: page.jobs.map((j) => jobJson(j, page.snapshots.get(j.id) ?? null)),
    cursor: page.cursor,
  };
}
