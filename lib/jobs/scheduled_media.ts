/**
 * The account's jobs that will still post, and the media they will use:
 * media a deletion must not take away (lib/media/media_deletion.ts), and
 * videos the composer does not choose for the creator, since posted now
 * they would make such a job a `video_duplicate`
 * (docs/dashboard.md#freshness). Read from the job calendar, which every
 * job's creation writes, so none is missed.
 * @module
 */
import { getManyTyped, getTyped, keys } from "../kv_keys.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { JobCalendar, JobRecord } from "./job_record.ts";

/** The media URLs a job posts: its video, or its album's images. */
export function jobUrls(job: JobRecord): string[] {
  return job.input.kind === "video"
    ? [job.input.sourceUrl]
    : job.input.photoImages ?? [];
}

/** The jobs of `calendar` still to post: scheduled, or publishing now. */
export async function jobsStillToPost(
  deps: Pick<AppDeps, "kv">,
  calendar: JobCalendar | null,
): Promise<JobRecord[]> {
  const jobs = await getManyTyped(
    deps.kv,
    (calendar?.entries ?? []).map((e) => keys.job(e.jobId)),
  );
  return jobs.filter((j): j is JobRecord =>
    j?.state === "scheduled" || j?.state === "publishing"
  );
}

/** The media URLs the account's jobs still to post will use. */
export async function scheduledMediaUrls(
  deps: Pick<AppDeps, "kv">,
  openId: string,
): Promise<Set<string>> {
  const calendar = await getTyped(deps.kv, keys.jobCalendar(openId));
  const jobs = await jobsStillToPost(deps, calendar.value);
  return new Set(jobs.flatMap(jobUrls));
}
