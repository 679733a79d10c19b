/**
 * Runs scheduled jobs exactly once. Whoever claims a job first (a cron
 * tick, a queue message, another process) runs it: the claim is an atomic
 * check-and-set from `scheduled` to `publishing` with a lease. A job found
 * `publishing` with its lease lapsed and no publish_id (a crash mid-post)
 * becomes `failed` with `interrupted` and is never retried: a double post
 * is worse than a missed one.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { AppError } from "../errors.ts";
import { getAccount } from "../accounts/accounts_store.ts";
import { directPost } from "../posting/direct_post.ts";
import type { PostingDeps } from "../posting/direct_post.ts";
import { freeCalendarSlot, jobExpiry } from "./jobs.ts";
import { emitWebhook } from "../webhooks/webhooks.ts";
import type { JobRecord } from "./job_record.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { errorFields, logFailure } from "../runtime/logger.ts";

/** A claim lasts this long: far more than one post needs. */
export const JOB_LEASE_MS = 5 * 60_000;
/** A queue message or tick may run a job this early (clock skew). */
export const EARLY_MS = 1_000;

export type JobOutcome = "posted" | "failed" | "skipped";

/** What running a job uses: posting, then a webhook when it fails. */
export type JobRunDeps = PostingDeps & Pick<AppDeps, "enqueueWebhook">;

/** Claims and runs one job if it is due and still scheduled. */
export async function runJob(
  deps: JobRunDeps,
  jobId: string,
): Promise<JobOutcome> {
  const { kv, clock } = deps;
  const entry = await getTyped(kv, keys.job(jobId));
  const job = entry.value;
  const now = clock.now();
  if (!job || job.state !== "scheduled" || job.runAt > now + EARLY_MS) {
    return "skipped";
  }
  const leaseUntil = now + JOB_LEASE_MS;
  const claimed: JobRecord = {
    ...job,
    state: "publishing",
    leaseUntil,
    updatedAt: now,
  };
  const res = await kv.atomic().check(entry)
    .set(entry.key, claimed, jobExpiry(claimed, now))
    .delete(keys.jobDue(job.runAt, job.id))
    .set(keys.jobLease(leaseUntil, job.id), true)
    .commit();
  if (!res.ok) return "skipped"; // someone else claimed it
  let next: JobRecord;
  try {
    const account = await getAccount(deps, job.openId);
    if (!account) {
      throw new AppError(
        "not_found",
        "The account of this job no longer exists.",
      );
    }
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
    const e = error instanceof AppError
      ? { code: error.code, message: error.message }
      : { code: "internal_error", message: "The job failed on our side." };
    next = {
      ...claimed,
      state: "failed",
      error: e,
      leaseUntil: null,
      updatedAt: clock.now(),
    };
  }
  const kept = jobExpiry(next, next.updatedAt);
  await kv.atomic()
    .set(keys.job(job.id), next, kept)
    .set(keys.jobByAccount(job.openId, job.id), job.id, kept)
    .delete(keys.jobLease(leaseUntil, job.id))
    .commit();
  // Posted jobs now count as posts (in the posting quota); failed ones free the slot.
  await freeCalendarSlot(deps, job.openId, job.id);
  if (next.state === "failed") {
    await emitWebhook(deps, job.openId, "job.failed", {
      job_id: job.id,
      run_at: new Date(job.runAt).toISOString(),
      error: next.error,
    }).catch(
      logFailure(deps.log, "emitting the job.failed webhook event", {
        open_id: job.openId,
        job_id: job.id,
      }),
    );
  }
  return next.state === "posted" ? "posted" : "failed";
}

/** Jobs found publishing with a lapsed lease become failed/interrupted. */
export async function failInterruptedJobs(
  deps: Pick<AppDeps, "kv" | "clock">,
): Promise<number> {
  const { kv, clock } = deps;
  const now = clock.now();
  let n = 0;
  for await (
    const lease of kv.list<true>({
      start: keys.jobLeasesPrefix(),
      end: [...keys.jobLeasesPrefix(), now],
    })
  ) {
    const jobId = String(lease.key[2]);
    const entry = await getTyped(kv, keys.job(jobId));
    const job = entry.value;
    const op = kv.atomic().delete(lease.key);
    if (job && job.state === "publishing" && job.publishId === null) {
      const failed: JobRecord = {
        ...job,
        state: "failed",
        leaseUntil: null,
        updatedAt: now,
        error: {
          code: "interrupted",
          message:
            "The server stopped while this job was being posted; it was not retried so it cannot post twice. Check TikTok, then schedule it again if needed.",
        },
      };
      const kept = jobExpiry(failed, now);
      op.check(entry).set(entry.key, failed, kept)
        .set(keys.jobByAccount(job.openId, jobId), jobId, kept);
      n++;
    }
    await op.commit();
    if (job) await freeCalendarSlot(deps, job.openId, jobId);
  }
  return n;
}

/**
 * The cron tick: claims every job due before `horizonMs` from now and runs
 * each at its exact run time (waiting inside the tick), in parallel.
 */
export async function runDueJobs(
  deps: JobRunDeps,
  options: { horizonMs: number; wait?: (ms: number) => Promise<void> },
): Promise<{ posted: number; failed: number }> {
  const { kv, clock } = deps;
  const until = clock.now() + options.horizonMs;
  const due: { id: string; runAt: number }[] = [];
  for await (
    const e of kv.list<true>({
      start: keys.jobsDuePrefix(),
      end: [...keys.jobsDuePrefix(), until + 1],
    })
  ) due.push({ runAt: Number(e.key[1]), id: String(e.key[2]) });
  const wait = options.wait ??
    ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const results = await Promise.all(due.map(async ({ id, runAt }) => {
    const delay = runAt - clock.now();
    if (delay > EARLY_MS) await wait(delay);
    return await runJob(deps, id);
  }));
  return {
    posted: results.filter((r) => r === "posted").length,
    failed: results.filter((r) => r === "failed").length,
  };
}

/** A queue message for a job: runs it, or re-enqueues the rest of the wait. */
export async function handleJobMessage(
  deps: JobRunDeps & Pick<AppDeps, "enqueueJob">,
  jobId: string,
): Promise<void> {
  const job = (await getTyped(deps.kv, keys.job(jobId))).value;
  if (!job || job.state !== "scheduled") return;
  const wait = job.runAt - deps.clock.now();
  if (wait > EARLY_MS) {
    await deps.enqueueJob?.(jobId, wait);
    return;
  }
  await runJob(deps, jobId);
}
