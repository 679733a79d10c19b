/**
 * When scheduled jobs run, and for how long (docs/scheduling.md#how-jobs-run):
 * the claim's lease, the ticks' horizon, how early a job may start, the
 * minute readied ahead, the window of runs again after a busy store. A
 * module of its own so the runner's parts and job_changes.ts share them
 * without importing each other.
 * @module
 */
import { postMaxDurationMs } from "../posting/post_duration.ts";
import type { AppDeps } from "../runtime/app_deps.ts";

/**
 * A claim lasts as long as one post can run (postMaxDurationMs, about 8
 * minutes with the defaults): a job whose lease lapses is marked
 * interrupted, so a shorter lease could fail a post that is still alive.
 */
export function jobLeaseMs(deps: Pick<AppDeps, "config" | "ingestLimits">) {
  return postMaxDurationMs(deps);
}
/**
 * How far ahead each run-jobs tick hands jobs to the runner: two minutes
 * for ticks a minute apart, so every job is listed by two ticks and one
 * failed or late tick does not make it late.
 */
export const TICK_HORIZON_MS = 2 * 60_000;
/** A queue message or tick may run a job this early (clock skew). */
export const EARLY_MS = 1_000;
/**
 * A tick also readies the jobs due this long after its own horizon (the
 * minute after): their creator_info is fetched ahead into its 5-minute
 * cache, so a minute full of jobs does not wait on it.
 */
export const PREPARE_AHEAD_MS = 60_000;
/**
 * How long after its run time a job that met a passing failure is tried again,
 * round by round (which errors: TRY_AGAIN_CODES in job_run.ts).
 */
export const JOB_RETRY_WINDOW_MS = 10 * 60_000;
