/**
 * Changing a scheduled job's run time or caption
 * (docs/scheduling.md#changing-a-job): the changed post passes every check a
 * new job passes (the same code), and the change is one atomic write checked
 * against the job row, so it either lands before the runner claims the job
 * or answers 409 once the runner has it.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { AppError } from "../errors.ts";
import { scheduledDuplicate } from "../posting/scheduled_duplicates.ts";
import type { Account } from "../accounts/account_record.ts";
import type { JobRecord, ScheduledJob } from "./job_record.ts";
import {
  checkJobPost,
  type CreateJobDeps,
  getOwnJob,
  jobExpiry,
  readPostingCalendar,
  wakeSoonJob,
} from "./jobs.ts";
import {
  jobSlotConflict,
  liveCalendarEntries,
} from "../posting/posting_calendar.ts";
import { EARLY_MS } from "./job_timing.ts";

/** What a PATCH may change; at least one is given. */
export interface JobChange {
  runAt?: number;
  title?: string;
}

/** The 409 for a job the runner has (or had), or that is cancelled. */
function notChangeable(job: JobRecord): AppError {
  return new AppError(
    "conflict",
    job.state === "scheduled"
      ? "This job's run time has come and it is being posted now; it can no longer be changed."
      : `This job is ${job.state} and can no longer be changed.`,
    { extra: { state: job.state } },
  );
}

/**
 * Changes a job that is still scheduled and not yet due.
 * @throws {AppError} 404 for another account's job; 409 `conflict` once the
 *   job is due, publishing, posted, failed or cancelled; every error
 *   createJob answers for the changed post and run time
 */
export async function updateJob(
  deps: CreateJobDeps,
  account: Account,
  jobId: string,
  change: JobChange,
): Promise<ScheduledJob> {
  for (let validated = 0; validated < 5; validated++) {
    const entry = await getOwnJob(deps, account.openId, jobId);
    const job = entry.value;
    if (
      job.state !== "scheduled" || job.runAt <= deps.clock.now() + EARLY_MS
    ) {
      throw notChangeable(job);
    }
    const runAt = change.runAt ?? job.runAt;
    const input = change.title === undefined
      ? job.input
      : { ...job.input, title: change.title };
    const { marks } = await checkJobPost(deps, account, input, runAt, {
      changing: job.id,
    });
    const now = deps.clock.now();
    const next: ScheduledJob = {
      ...job,
      state: "scheduled",
      runAt,
      input,
      updatedAt: now,
    };
    for (let attempt = 0; attempt < 30; attempt++) {
      const [calendar, quota] = await readPostingCalendar(
        deps,
        account.openId,
      );
      // The job's own old time and marks do not count against its new ones.
      const conflict = scheduledDuplicate(calendar.value, marks, now, job.id) ??
        jobSlotConflict(calendar.value, quota.value, runAt, now, job.id);
      if (conflict) throw conflict;
      const others = liveCalendarEntries(calendar.value, now)
        .filter((e) => e.jobId !== job.id);
      const res = await deps.kv.atomic()
        // The job row's check is the race with the runner's claim: one of
        // the two writes wins, the other sees the changed row.
        .check(entry, calendar, quota)
        // Kept as long as a new job at the new time would be.
        .set(entry.key, next, jobExpiry(next, now))
        .set(
          keys.jobByAccount(account.openId, job.id),
          job.id,
          jobExpiry(next, now),
        )
        .delete(keys.jobDue(job.runAt, job.id))
        .set(keys.jobDue(runAt, job.id), true)
        .set(keys.jobCalendar(account.openId), {
          entries: [...others, { jobId: job.id, at: runAt, ...marks }],
        })
        .commit();
      if (res.ok) {
        if (runAt !== job.runAt) {
          // An earlier run time may need its own message; an old message,
          // early now, only re-enqueues itself (handleJobMessage).
          await wakeSoonJob(deps, next, now);
        }
        return next;
      }
      const fresh = await getTyped(deps.kv, keys.job(jobId));
      if (fresh.versionstamp !== entry.versionstamp) break; // re-validate
    }
  }
  throw new AppError(
    "conflict",
    "The job changed while changing it; try again.",
  );
}
