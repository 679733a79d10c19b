/**
 * The account's jobs that will still post, read from the job calendar,
 * which every job's creation writes, so none is missed: how many wait to
 * run, the next to run, and the media they will use (media a deletion must
 * not take away, lib/media/media_deletion.ts, and videos the composer does
 * not choose for the creator, since posted now they would make such a job
 * a `video_duplicate`, docs/dashboard.md#freshness).
 * @module
 */
import { getManyTyped, getTyped, keys } from "../kv_keys.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { JobCalendar, JobRecord } from "./job_record.ts";
import { nextAfter } from "./next_scheduled.ts";

/** The media URLs a job posts: its video, or its album's images. */
export function jobUrls(job: JobRecord): string[] {
  return job.input.kind === "video"
    ? [job.input.sourceUrl]
    : job.input.photoImages ?? [];
}

/**
 * The jobs of `calendar` still to post: scheduled, or publishing now.
 * Jobs in `known` (read by the caller in the same request) are not read
 * again.
 */
export async function jobsStillToPost(
  deps: Pick<AppDeps, "kv">,
  calendar: JobCalendar | null,
  known: readonly JobRecord[] = [],
): Promise<JobRecord[]> {
  const byId = new Map(known.map((j) => [j.id, j]));
  const ids = (calendar?.entries ?? []).map((e) => e.jobId);
  const unread = ids.filter((id) => !byId.has(id));
  const read = await getManyTyped(deps.kv, unread.map((id) => keys.job(id)));
  read.forEach((job) => job && byId.set(job.id, job));
  return ids.map((id) => byId.get(id)).filter((j): j is JobRecord =>
    j?.state === "scheduled" || j?.state === "publishing"
  );
}

/**
 * The account's jobs still to post, read from its calendar as it is now;
 * `known` as for {@link jobsStillToPost}.
 */
export async function accountJobsStillToPost(
  deps: Pick<AppDeps, "kv">,
  openId: string,
  known: readonly JobRecord[] = [],
): Promise<JobRecord[]> {
  return await jobsStillToPost(
    deps,
    await accountCalendar(deps, openId),
    known,
  );
}

/** The account's job calendar, which every job's creation writes. */
export async function accountCalendar(
  deps: Pick<AppDeps, "kv">,
  openId: string,
): Promise<JobCalendar | null> {
  return (await getTyped(deps.kv, keys.jobCalendar(openId))).value;
}

/**
 * How many of the account's scheduled posts have not run yet (the posts
 * page's line pointing to the calendar, docs/posting.md#posts-page): its
 * calendar holds each until it has run, so the jobs themselves are not
 * read.
 */
export function jobsWaiting(calendar: JobCalendar | null): number {
  return calendar?.entries.length ?? 0;
}

/**
 * The job and run time (ms) of the account's next scheduled post: the
 * earliest place its job calendar holds after now (nextAfter, the rule the
 * calendar island applies to its jobs too), or null for none. The
 * calendar page names it above the weeks, as the week shown first may not
 * hold it (docs/scheduling.md#calendar-page).
 */
export async function nextScheduled(
  deps: Pick<AppDeps, "kv" | "clock">,
  openId: string,
): Promise<{ jobId: string; at: number } | null> {
  const calendar = await getTyped(deps.kv, keys.jobCalendar(openId));
  const next = nextAfter(calendar.value?.entries ?? [], deps.clock.now());
  return next && { jobId: next.jobId, at: next.at };
}

/**
 * The media URLs the jobs of `calendar` still to post will use (the
 * account's calendar, read by the caller); `known` as for
 * {@link jobsStillToPost}.
 */
export async function scheduledMediaUrls(
  deps: Pick<AppDeps, "kv">,
  calendar: JobCalendar | null,
  known: readonly JobRecord[] = [],
): Promise<Set<string>> {
  const jobs = await jobsStillToPost(deps, calendar, known);
  return new Set(jobs.flatMap(jobUrls));
}
