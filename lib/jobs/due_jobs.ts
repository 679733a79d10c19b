/**
 * Due jobs handed to this process's runner: the cron tick (each job at its
 * exact run time, in its turn), a queue message for one job, and the
 * run-them-all of tests and simulations (docs/scheduling.md#how-jobs-run).
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { WAKE_MESSAGE_WITHIN_MS } from "./jobs.ts";
import type { JobRunDeps } from "./job_run.ts";
import { EARLY_MS, PREPARE_AHEAD_MS } from "./job_timing.ts";
import { inTurn, runInTurn, runnerOf } from "./job_turns.ts";
import { prepareAhead } from "./prepare_ahead.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { logFailure } from "../runtime/logger.ts";

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
 * exact run time, at most {@link JOB_RUN_CONCURRENCY} (job_turns.ts) at
 * once; resolves when all have run (tests, simulations).
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
