/**
 * This process's job runner: its turns at running jobs (p-limit, first
 * come, first served) and the jobs it holds, so a job is waited for or run
 * at most once per process; between processes the claim in KV decides
 * (docs/scheduling.md#how-jobs-run).
 * @module
 */
import { jobWaitsForTurn } from "./job_backlog.ts";
import { runJob } from "./job_run.ts";
import type { JobOutcome, JobRunDeps } from "./job_run.ts";
import pLimit from "p-limit";
import type { LimitFunction } from "p-limit";

/**
 * Jobs one process runs at once; the others wait their turn in run_at
 * order (p-limit: first come, first served).
 */
export const JOB_RUN_CONCURRENCY = 16;
/** Jobs one process readies at once (it must not slow the runs). */
const PREPARE_CONCURRENCY = 2;

/** This process's runner: its turns at running jobs, and the jobs it holds. */
export interface ProcessRunner {
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
export function runnerOf(kv: Deno.Kv): ProcessRunner {
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
export function runInTurn(
  deps: JobRunDeps,
  jobId: string,
): Promise<JobOutcome> {
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
export function inTurn(
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
