/**
 * Runs one scheduled job exactly once, and settles it. Whoever claims a
 * job first (a cron tick, a queue message, another process) runs it: the
 * claim is an atomic check-and-set from `scheduled` to `publishing` with a
 * lease (docs/scheduling.md#how-jobs-run).
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { accountWithMark } from "../accounts/accounts_store.ts";
import { AppError } from "../errors.ts";
import { directPost, reservationHeld } from "../posting/direct_post.ts";
import type { PostingDeps } from "../posting/direct_post.ts";
import { freeCalendarSlot, jobExpiry, leaveCalendar } from "./jobs.ts";
import { afterWebhookStaged, stageWebhook } from "../webhooks/webhooks.ts";
import type { JobRecord } from "./job_record.ts";
import { jobErrorOf } from "./job_failure.ts";
import { tiktokFailedInPassing } from "../posting/tiktok_errors.ts";
import { EARLY_MS, JOB_RETRY_WINDOW_MS, jobLeaseMs } from "./job_timing.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { errorFields, logFailure } from "../runtime/logger.ts";
import { pauseAfterLostCommit } from "../kv_contention.ts";

export type JobOutcome = "posted" | "failed" | "skipped" | "deferred";

/**
 * Errors that a moment later may not happen again: a database held busy
 * past its retries, storage not answering, another process renewing the
 * account's TikTok token, TikTok failing in passing (its 5xx, or no answer
 * before the post was reserved). When one came before the post
 * was reserved (or after TikTok refused it and the reservation was let
 * go), nothing of the post is left, so the job goes back to be run again.
 * Once the reservation is held (TikTok may have the post) the job fails:
 * run again, it would meet its own reservation as a duplicate.
 */
const TRY_AGAIN_CODES = new Set([
  "database_busy",
  "storage_unavailable",
  "tiktok_token_busy",
]);

function triedAgainLater(error: unknown, job: JobRecord, now: number) {
  return error instanceof AppError &&
    (TRY_AGAIN_CODES.has(error.code) || tiktokFailedInPassing(error)) &&
    !reservationHeld(error) && now < job.runAt + JOB_RETRY_WINDOW_MS;
}

/**
 * Puts a claimed job back to `scheduled` at its run time, due again for
 * the next round; whether it did. Its calendar place was never freed. If
 * this commit fails too, the lease lapses and the job ends interrupted.
 */
async function releaseJob(
  deps: Pick<AppDeps, "kv" | "clock" | "log">,
  claimed: JobRecord,
  versionstamp: string,
  leaseUntil: number,
  cause: AppError,
): Promise<boolean> {
  const now = deps.clock.now();
  const back: JobRecord = {
    ...claimed,
    state: "scheduled",
    leaseUntil: null,
    updatedAt: now,
  };
  try {
    const res = await deps.kv.atomic()
      .check({ key: keys.job(back.id), versionstamp })
      .set(keys.job(back.id), back, jobExpiry(back, now))
      .set(keys.jobDue(back.runAt, back.id), true)
      .delete(keys.jobLease(leaseUntil, back.id))
      .commit();
    if (!res.ok) return false;
  } catch (error) {
    logFailure(deps.log, "putting back a job that met a passing failure", {
      job_id: back.id,
    })(error);
    return false;
  }
  deps.log({
    level: "warn",
    message: "a scheduled job met a passing failure; the next round runs it",
    open_id: back.openId,
    job_id: back.id,
    error: cause.code,
  });
  return true;
}

/** What running a job uses: posting, then a webhook when it fails. */
export type JobRunDeps =
  & PostingDeps
  & Pick<AppDeps, "enqueueWebhook" | "config">;

/**
 * Claims the job: from `scheduled` to `publishing` with a lease, if it is
 * due; null when it is not, someone else claimed it, or its account is
 * gone or being deleted. The claim checks the account's entry and that no
 * deletion mark is there: a deletion marked first leaves the job to its
 * sweep, and one marked after looks at its jobs only once its mark is
 * written, so it sees this claim (docs/accounts.md#deleting-an-account).
 * A read and a check, no write: the claim runs for every job.
 */
async function claimJob(deps: JobRunDeps, jobId: string) {
  const { kv, clock } = deps;
  for (let attempt = 0; attempt < 5; attempt++) {
    const entry = await getTyped(kv, keys.job(jobId));
    const job = entry.value;
    const now = clock.now();
    if (!job || job.state !== "scheduled" || job.runAt > now + EARLY_MS) {
      return null;
    }
    const [account, mark] = await accountWithMark(kv, job.openId);
    if (!account.value || mark.value !== null) return null;
    const leaseUntil = now + jobLeaseMs(deps);
    const claimed: JobRecord = {
      ...job,
      state: "publishing",
      leaseUntil,
      updatedAt: now,
    };
    const res = await kv.atomic().check(entry, account, mark)
      .set(entry.key, claimed, jobExpiry(claimed, now))
      .delete(keys.jobDue(job.runAt, job.id))
      .set(keys.jobLease(leaseUntil, job.id), true)
      .commit();
    if (res.ok) {
      // The account as the claim checked it: nothing to read again.
      return { job, claimed, leaseUntil, res, account: account.value };
    }
    // Someone else claimed it, or the account changed (a token renewed)
    // or is being deleted: the next read tells which.
  }
  return null;
}

/** Claims and runs one job if it is due and still scheduled. */
export async function runJob(
  deps: JobRunDeps,
  jobId: string,
): Promise<JobOutcome> {
  const { clock } = deps;
  const got = await claimJob(deps, jobId);
  if (!got) return "skipped";
  const { job, claimed, leaseUntil, res, account } = got;
  let next: JobRecord;
  try {
    const { publishId } = await directPost(deps, account, job.input, {
      jobId: job.id,
    });
    next = {
      ...claimed,
      state: "posted",
      publishId,
      postedAt: clock.now(),
      leaseUntil: null,
      updatedAt: clock.now(),
    };
  } catch (error) {
    if (
      triedAgainLater(error, job, clock.now()) &&
      await releaseJob(
        deps,
        claimed,
        res.versionstamp,
        leaseUntil,
        error as AppError,
      )
    ) return "deferred";
    if (!(error instanceof AppError)) {
      // The job says only "failed on our side": the log says why.
      deps.log({
        level: "error",
        message: "running a scheduled job failed",
        open_id: job.openId,
        job_id: job.id,
        ...errorFields(error),
      });
    }
    next = {
      ...claimed,
      state: "failed",
      error: jobErrorOf(error, clock.now()),
      leaseUntil: null,
      updatedAt: clock.now(),
    };
  }
  await settleJob(deps, next, leaseUntil);
  return next.state === "posted" ? "posted" : "failed";
}

/**
 * Stores a job's final state and frees its place in the account's calendar
 * (a posted job now counts as a post, in the posting quota), in one commit
 * when the calendar holds still (tried again after a jittered pause). When
 * it keeps changing, the job is settled keeping its lease entry, and the
 * hour is freed by a second commit that removes that entry too: a crash
 * between the two, or a second commit that keeps losing, leaves the entry
 * for the interrupted-jobs sweep, which frees the hour once the lease
 * lapses (docs/scheduling.md#how-jobs-run).
 */
async function settleJob(
  deps: Pick<AppDeps, "kv" | "clock" | "log" | "enqueueWebhook">,
  next: JobRecord,
  leaseUntil: number,
): Promise<void> {
  const { kv } = deps;
  const kept = jobExpiry(next, next.updatedAt);
  // A failed job's job.failed is recorded by the settling commit itself:
  // a crash right after it cannot lose it.
  const lease = keys.jobLease(leaseUntil, next.id);
  const settle = async (keepLease: boolean) => {
    const op = kv.atomic()
      .set(keys.job(next.id), next, kept)
      .set(keys.jobByAccount(next.openId, next.id), next.id, kept);
    if (!keepLease) op.delete(lease);
    const delivery = next.state === "failed"
      ? await stageWebhook(deps, op, next.openId, "job.failed", {
        job_id: next.id,
        run_at: new Date(next.runAt).toISOString(),
        error: next.error,
      })
      : null;
    return { op, delivery };
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (attempt > 0) await pauseAfterLostCommit(attempt);
    const cal = await getTyped(kv, keys.jobCalendar(next.openId));
    const { op, delivery } = await settle(false);
    leaveCalendar(op, cal, next.id);
    if ((await op.commit()).ok) {
      if (delivery) await afterWebhookStaged(deps, delivery);
      return;
    }
  }
  // The calendar kept changing (jobs being scheduled): settle, keeping the
  // lease entry as the mark of an hour still to free, then free it.
  const { op, delivery } = await settle(true);
  await op.commit();
  if (delivery) await afterWebhookStaged(deps, delivery);
  if (!await freeCalendarSlot(deps, next.openId, next.id, lease)) {
    deps.log({
      level: "warn",
      message:
        "a settled job's calendar place kept changing; the interrupted-jobs sweep frees it once its lease lapses",
      open_id: next.openId,
      job_id: next.id,
      lease_until: new Date(leaseUntil).toISOString(),
    });
  }
}
