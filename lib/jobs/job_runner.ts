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
import { directPost, reservationHeld } from "../posting/direct_post.ts";
import { creatorInfoForAccount } from "../posting/creator_info_lookup.ts";
import type { PostingDeps } from "../posting/direct_post.ts";
import {
  freeCalendarSlot,
  jobExpiry,
  leaveCalendar,
  WAKE_MESSAGE_WITHIN_MS,
} from "./jobs.ts";
import { afterWebhookStaged, stageWebhook } from "../webhooks/webhooks.ts";
import type { JobRecord } from "./job_record.ts";
import { jobErrorOf } from "./job_failure.ts";
import { jobWaitsForTurn } from "./job_backlog.ts";
import { postOfJob } from "./job_post_lookup.ts";
import {
  EARLY_MS,
  JOB_RETRY_WINDOW_MS,
  jobLeaseMs,
  PREPARE_AHEAD_MS,
} from "./job_timing.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { errorFields, logFailure } from "../runtime/logger.ts";
import pLimit from "p-limit";
import type { LimitFunction } from "p-limit";

/**
 * Jobs one process runs at once; the others wait their turn in run_at
 * order (p-limit: first come, first served).
 */
export const JOB_RUN_CONCURRENCY = 16;
/** Jobs one process readies at once (it must not slow the runs). */
const PREPARE_CONCURRENCY = 2;

export type JobOutcome = "posted" | "failed" | "skipped" | "deferred";

/**
 * Errors that a moment later may not happen again: a database held busy
 * past its retries, storage not answering. When one came before the post
 * was reserved (or after TikTok refused it and the reservation was let
 * go), nothing of the post is left, so the job goes back to be run again.
 * Once the reservation is held (TikTok may have the post) the job fails:
 * run again, it would meet its own reservation as a duplicate.
 */
const TRY_AGAIN_CODES = new Set(["database_busy", "storage_unavailable"]);

function triedAgainLater(error: unknown, job: JobRecord, now: number) {
  return error instanceof AppError && TRY_AGAIN_CODES.has(error.code) &&
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
    logFailure(deps.log, "putting back a job that met a busy store", {
      job_id: back.id,
    })(error);
    return false;
  }
  deps.log({
    level: "warn",
    message: "a scheduled job met a busy store; the next round runs it",
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
  const leaseUntil = now + jobLeaseMs(deps);
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
 * when the calendar holds still.
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
  const settle = async () => {
    const op = kv.atomic()
      .set(keys.job(next.id), next, kept)
      .set(keys.jobByAccount(next.openId, next.id), next.id, kept)
      .delete(keys.jobLease(leaseUntil, next.id));
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
    const cal = await getTyped(kv, keys.jobCalendar(next.openId));
    const { op, delivery } = await settle();
    leaveCalendar(op, cal, next.id);
    if ((await op.commit()).ok) {
      if (delivery) await afterWebhookStaged(deps, delivery);
      return;
    }
  }
  // The calendar kept changing (jobs being scheduled): settle, then free.
  const { op, delivery } = await settle();
  await op.commit();
  if (delivery) await afterWebhookStaged(deps, delivery);
  await freeCalendarSlot(deps, next.openId, next.id);
}

/**
 * Jobs found publishing with a lapsed lease: one whose post TikTok accepted
 * and PM3K recorded (its run died before settling the job) becomes
 * `posted` with that publish; any other becomes failed/interrupted. Either
 * way its place in the account's calendar goes in the same commit (a
 * posted job counts as its post, in the quota), so no crash can leave a
 * settled job holding its hour; a commit that meets a change leaves the
 * lease for the next round.
 * @returns how many became failed/interrupted
 */
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
    if (!job || job.state !== "publishing" || job.publishId !== null) {
      // Settled, or put back to scheduled, meanwhile: only the lease is left.
      await op.commit();
      continue;
    }
    const post = await postOfJob(deps, job);
    const settled: JobRecord = post?.publishId
      ? {
        // Its post is made and followed: the job says so, as the posts list.
        ...job,
        state: "posted",
        publishId: post.publishId,
        postedAt: post.createdAt,
        leaseUntil: null,
        updatedAt: now,
      }
      : {
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
    const kept = jobExpiry(settled, now);
    op.check(entry).set(entry.key, settled, kept)
      .set(keys.jobByAccount(job.openId, jobId), jobId, kept);
    const calendar = await getTyped(kv, keys.jobCalendar(job.openId));
    leaveCalendar(op, calendar, jobId);
    if ((await op.commit()).ok && settled.state === "failed") n++;
  }
  return n;
}

/** This process's runner: its turns at running jobs, and the jobs it holds. */
interface ProcessRunner {
  pool: LimitFunction;
  /**
   * Jobs this process waits for or runs (one wait or run per job): the
   * cancel of a tick's wait for the run time, or null once in its turn.
   */
  held: Map<string, (() => void) | null>;
  preparing: LimitFunction;
  /** Jobs this process readied or is readying, with their run times. */
  prepared: Map<string, number>;
}

const runners = new WeakMap<Deno.Kv, ProcessRunner>();

/** The runner of the process (one per KV handle, so per runtime). */
function runnerOf(kv: Deno.Kv): ProcessRunner {
  let runner = runners.get(kv);
  if (!runner) {
    runner = {
      pool: pLimit(JOB_RUN_CONCURRENCY),
      held: new Map(),
      preparing: pLimit(PREPARE_CONCURRENCY),
      prepared: new Map(),
    };
    runners.set(kv, runner);
  }
  return runner;
}

/**
 * Runs a job in its turn in this process (its queue message is due). A job
 * already in its turn here is skipped: the claim in KV still decides
 * between processes. A tick's wait for it is replaced: the job may have
 * been moved earlier than the time the tick saw.
 */
function runInTurn(deps: JobRunDeps, jobId: string): Promise<JobOutcome> {
  const runner = runnerOf(deps.kv);
  const waiting = runner.held.get(jobId);
  if (waiting === null) return Promise.resolve("skipped");
  waiting?.();
  runner.held.set(jobId, null);
  return inTurn(deps, runner, jobId).finally(() => runner.held.delete(jobId));
}

/**
 * Runs a due job in the process's next free turn; until the turn comes it
 * counts in the backlog that holds follow-up work back (job_backlog.ts).
 */
function inTurn(
  deps: JobRunDeps,
  runner: ProcessRunner,
  jobId: string,
): Promise<JobOutcome> {
  const turnStarts = jobWaitsForTurn(deps.kv);
  return runner.pool(() => {
    turnStarts();
    return runJob(deps, jobId);
  }).finally(turnStarts);
}

/** The jobs due before `horizonMs` from now, by run time. */
async function listDueJobs(
  deps: Pick<AppDeps, "kv" | "clock">,
  horizonMs: number,
): Promise<{ id: string; runAt: number }[]> {
  const until = deps.clock.now() + horizonMs;
  const due: { id: string; runAt: number }[] = [];
  for await (
    const e of deps.kv.list<true>({
      start: keys.jobsDuePrefix(),
      end: [...keys.jobsDuePrefix(), until + 1],
    })
  ) due.push({ runAt: Number(e.key[1]), id: String(e.key[2]) });
  return due;
}

/**
 * Claims every job due before `horizonMs` from now and runs each at its
 * exact run time, at most {@link JOB_RUN_CONCURRENCY} at once; resolves
 * when all have run (tests, simulations).
 */
export async function runDueJobs(
  deps: JobRunDeps,
  options: { horizonMs: number; wait?: (ms: number) => Promise<void> },
): Promise<{ posted: number; failed: number }> {
  const { clock } = deps;
  const due = await listDueJobs(deps, options.horizonMs);
  const wait = options.wait ??
    ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const results = await Promise.all(due.map(async ({ id, runAt }) => {
    const delay = runAt - clock.now();
    if (delay > EARLY_MS) await wait(delay);
    return await runInTurn(deps, id);
  }));
  return {
    posted: results.filter((r) => r === "posted").length,
    failed: results.filter((r) => r === "failed").length,
  };
}

/**
 * Readies a job ahead of its run: the account's creator_info into its
 * cache (as a post would fetch it). A failure changes nothing: the run
 * asks again.
 */
async function prepareJob(deps: JobRunDeps, jobId: string): Promise<void> {
  const job = (await getTyped(deps.kv, keys.job(jobId))).value;
  if (!job || job.state !== "scheduled") return;
  const account = await getAccount(deps, job.openId);
  if (!account) return;
  try {
    await creatorInfoForAccount(deps, account);
  } catch (error) {
    deps.log({
      level: "warn",
      message: "readying a job failed; its run asks TikTok again",
      open_id: job.openId,
      job_id: jobId,
      ...errorFields(error),
    });
  }
}

/**
 * Readies the jobs of the minute after the tick's, in this process's spare
 * turns. Each process takes them in its own random order: two processes
 * rarely ask for the same account at once, and the second finds it cached.
 */
function prepareAhead(
  deps: JobRunDeps,
  runner: ProcessRunner,
  jobs: { id: string; runAt: number }[],
  signal?: AbortSignal,
): void {
  const now = deps.clock.now();
  for (const [id, runAt] of runner.prepared) {
    if (runAt < now) runner.prepared.delete(id);
  }
  const fresh = jobs.filter((j) => !runner.prepared.has(j.id));
  for (let i = fresh.length - 1; i > 0; i--) {
    const k = Math.floor(Math.random() * (i + 1));
    [fresh[i], fresh[k]] = [fresh[k], fresh[i]];
  }
  for (const { id, runAt } of fresh) {
    runner.prepared.set(id, runAt);
    runner.preparing(async () => {
      if (signal?.aborted || runAt <= deps.clock.now()) return;
      await prepareJob(deps, id);
    }).catch(logFailure(deps.log, "readying a job", { job_id: id }));
  }
}

/**
 * The cron tick: hands every job due before `horizonMs` from now to this
 * process's runner, which waits until each run time and runs it in its
 * turn, and readies the jobs due in the {@link PREPARE_AHEAD_MS} after.
 * It returns at once: Deno.cron skips a tick while the previous one still
 * runs, and a tick waiting for the minute's last job would make the next
 * one miss the jobs of the minute after. A job this process already waits
 * for is not waited for twice; `signal` drops the waits.
 * @returns how many jobs it began to wait for
 */
export async function startDueJobs(
  deps: JobRunDeps,
  options: { horizonMs: number; signal?: AbortSignal },
): Promise<number> {
  const runner = runnerOf(deps.kv);
  const horizon = deps.clock.now() + options.horizonMs;
  const listed = await listDueJobs(
    deps,
    options.horizonMs + PREPARE_AHEAD_MS,
  );
  prepareAhead(
    deps,
    runner,
    listed.filter((j) => j.runAt > horizon),
    options.signal,
  );
  let started = 0;
  for (const { id, runAt } of listed.filter((j) => j.runAt <= horizon)) {
    if (runner.held.has(id) || options.signal?.aborted) continue;
    started++;
    const run = () => {
      options.signal?.removeEventListener("abort", drop);
      runner.held.set(id, null);
      inTurn(deps, runner, id)
        .catch(logFailure(deps.log, "running a due job", { job_id: id }))
        .finally(() => runner.held.delete(id));
    };
    const timer = setTimeout(run, Math.max(0, runAt - deps.clock.now()));
    // Cancels this wait (a stop, or a queue message running the job now).
    const drop = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", drop);
      if (runner.held.get(id) === drop) runner.held.delete(id);
    };
    runner.held.set(id, drop);
    options.signal?.addEventListener("abort", drop, { once: true });
  }
  return started;
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
    // Re-enqueued only when the ticks might not hand it over in time.
    if (wait <= WAKE_MESSAGE_WITHIN_MS) await deps.enqueueJob?.(jobId, wait);
    return;
  }
  await runInTurn(deps, jobId);
}
