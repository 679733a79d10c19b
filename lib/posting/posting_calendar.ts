/**
 * The account's posting calendar (docs/posting.md#posting-limits): the run
 * times of its scheduled jobs beside the posts its quota counts, and the
 * rules a time must meet among them (1 post an hour, 10 in any 24 hours).
 * A new or moved job is held to them (docs/scheduling.md#creating-a-job),
 * and so is a post made now, so that it never makes a scheduled post fail.
 * @module
 */
import { AppError } from "../errors.ts";
import { POSTING_LIMITS } from "../plans.ts";
import { DAY_MS, HOUR_MS } from "../time_units.ts";
import type { JobCalendar } from "../jobs/job_record.ts";
import type { PostQuota } from "./post_record.ts";
import { postingLimitError } from "./posting_limit_errors.ts";

/** The calendar's entries still counted at `now` (the last 24 h on). */
export function liveCalendarEntries(
  calendar: JobCalendar | null,
  now: number,
): JobCalendar["entries"] {
  return (calendar?.entries ?? []).filter((e) => e.at > now - DAY_MS);
}

/**
 * The times a new job's run time is held against ({@link slotConflict}):
 * the account's scheduled jobs and the posts its quota counts. A job whose
 * post is made but which has not settled yet is in both: counted once, as
 * its post.
 */
export function postTimesTaken(
  calendar: JobCalendar | null,
  quota: PostQuota | null,
  now: number,
): number[] {
  const recent = quota?.recent ?? [];
  const posted = new Set(recent.map((e) => e.jobId).filter(Boolean));
  return [
    ...liveCalendarEntries(calendar, now).filter((e) => !posted.has(e.jobId))
      .map((e) => e.at),
    ...recent.map((e) => e.at),
  ];
}

/** The rule a run time at `runAt` breaks against the other run times. */
type SlotProblem =
  | { code: "interval_limit"; near: number }
  | { code: "daily_limit" };

/** The first rule `runAt` breaks against `others` (hourly, then daily), or null. */
function slotProblem(runAt: number, others: number[]): SlotProblem | null {
  const near = others.find((t) => Math.abs(t - runAt) < HOUR_MS);
  if (near !== undefined) return { code: "interval_limit", near };
  const all = [...others, runAt].sort((a, b) => a - b);
  for (const start of all.filter((t) => t > runAt - DAY_MS && t <= runAt)) {
    const inWindow = all.filter((t) => t >= start && t < start + DAY_MS);
    if (inWindow.length > POSTING_LIMITS.postsPerDay) {
      return { code: "daily_limit" };
    }
  }
  return null;
}

/** Whether a run time at `runAt` fits among the other run times. */
export function slotFits(runAt: number, others: number[]): boolean {
  return slotProblem(runAt, others) === null;
}

/**
 * The times at or after `from`, in order, where a run time can first fit
 * again among `others`: `from` itself, and an hour and a day after each
 * other time (the moments the hourly rule or a day's window let go of it).
 */
export function fitCandidates(from: number, others: number[]): number[] {
  return [from, ...others.flatMap((t) => [t + HOUR_MS, t + DAY_MS])]
    .filter((t) => t >= from).sort((a, b) => a - b);
}

/**
 * The first run time at or after `runAt` that fits among `others`: what a
 * refused job is told as `next_free_at` (docs/scheduling.md#creating-a-job).
 * A day after the last other time always fits.
 */
export function nextFreeRunAt(runAt: number, others: number[]): number {
  const free = fitCandidates(runAt, others).find((t) => slotFits(t, others));
  if (free === undefined) throw new Error("No free run time found");
  return free;
}

/**
 * The error of a run time that breaks 1 post/hour or 10 posts/day against
 * the other run times, or null. Both say when the account's calendar takes
 * a run time again (`next_free_at`): not `retry_after`, since sending the
 * same run time again later would not help.
 */
export function slotConflict(
  runAt: number,
  others: number[],
): AppError | null {
  const problem = slotProblem(runAt, others);
  if (!problem) return null;
  const nextFree = new Date(nextFreeRunAt(runAt, others)).toISOString();
  if (problem.code === "interval_limit") {
    const near = new Date(problem.near).toISOString();
    return new AppError(
      "interval_limit",
      `Another post of this account is made or scheduled at ${near}, less than an hour from the time asked for: TikTok posts are limited to 1 per hour.`,
      { extra: { conflicting_at: near, next_free_at: nextFree } },
    );
  }
  return new AppError(
    "daily_limit",
    `Daily TikTok posting limit (${POSTING_LIMITS.postsPerDay}/day) would be exceeded in the 24 hours around the time asked for.`,
    { extra: { next_free_at: nextFree } },
  );
}

/**
 * The error of a post made now (not by its own job) that would make one of
 * the account's scheduled posts fail: one within the hour around now, or a
 * 24 hours that now would fill past 10 with them. Null when it fits. A job
 * holds its time in the calendar from when it is made, so the later comer
 * is the one refused, at once, rather than the job at its run time
 * (docs/posting.md#posting-limits). The posts already made are
 * `postingBlock`'s, checked before this one. The message is the contract's,
 * counting to the next free time; `next_free_at` marks that scheduled
 * posts hold the slot, and `conflicting_at` and `job_id` name the one
 * within the hour.
 */
export function scheduledPostConflict(
  calendar: JobCalendar | null,
  quota: PostQuota | null,
  now: number,
): AppError | null {
  const taken = postTimesTaken(calendar, quota, now);
  const problem = slotProblem(now, taken);
  if (!problem) return null;
  const freeAt = nextFreeRunAt(now, taken);
  const nextFree = { next_free_at: new Date(freeAt).toISOString() };
  if (problem.code === "daily_limit") {
    return postingLimitError({ code: "daily_limit", freeAt }, now, nextFree);
  }
  const job = liveCalendarEntries(calendar, now).find((e) =>
    e.at === problem.near
  );
  return postingLimitError({ code: "interval_limit", freeAt }, now, {
    conflicting_at: new Date(problem.near).toISOString(),
    ...nextFree,
    ...(job ? { job_id: job.jobId } : {}),
  });
}

/**
 * The error a job run at `runAt` meets among the account's scheduled jobs
 * and counted posts (`calendar`, `quota`), the job `changing` (when one is
 * moved, its old time) aside, or null.
 */
export function jobSlotConflict(
  calendar: JobCalendar | null,
  quota: PostQuota | null,
  runAt: number,
  now: number,
  changing?: string,
): AppError | null {
  const entries = liveCalendarEntries(calendar, now)
    .filter((e) => e.jobId !== changing);
  return slotConflict(runAt, postTimesTaken({ entries }, quota, now));
}
