/**
 * Readying jobs ahead of their run: each tick fetches the creator_info of
 * the jobs due in the minute after its own into its 5-minute cache, in
 * this process's spare turns, so a minute full of jobs does not wait on
 * TikTok for it (docs/scheduling.md#how-jobs-run).
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { getAccount } from "../accounts/accounts_store.ts";
import { creatorInfoForAccount } from "../posting/creator_info_lookup.ts";
import type { JobRunDeps } from "./job_run.ts";
import type { ProcessRunner } from "./job_turns.ts";
import { errorFields, logFailure } from "../runtime/logger.ts";

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
export function prepareAhead(
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
