/**
 * A job made at the first free time (docs/scheduling.md#the-next-free-time):
 * `if_taken: "next_free"` on POST /api/jobs moves a run time the account's
 * limits refuse (1 post an hour, 10 a day, TikTok's cooldown, TikTok's
 * daily caps) to the refusal's `next_free_at`, and tries again, until one
 * is taken or a refusal names no free time (a duplicate, a time over a year
 * ahead, a ban). Every check of a new job applies at the time it lands on.
 * @module
 */
import { AppError } from "../errors.ts";
import type { Account } from "../accounts/account_record.ts";
import type { DirectPostInput } from "../posting/direct_post_input_record.ts";
import type { ScheduledJob } from "./job_record.ts";
import { createJob } from "./jobs.ts";
import type { CreateJobDeps } from "./jobs.ts";
import type { MediaMemo } from "../posting/media_resolution.ts";
import type { PrivacyUsed } from "../posting/direct_post.ts";
import { TurnLines } from "../runtime/turn_lines.ts";
import type { OnCopyProgress } from "../media/copy_progress.ts";

/** What to do when the time asked for is taken. */
export type IfTaken = "fail" | "next_free";

/**
 * How many times a job may be moved: a full day moves it once to the
 * window's end, an hour's conflict once an hour; more than this means the
 * calendar keeps changing under it, and the last refusal is answered.
 */
const MAX_MOVES = 24;

export interface JobAtFreeTime {
  job: ScheduledJob;
  /** The run time asked for, when the job was moved from it; else null. */
  requestedRunAt: number | null;
  /** Who can view the post, as checked when it was made. */
  privacy: PrivacyUsed;
}

/** The refusal's next free time, when it names a later one than `at`. */
function nextFreeAfter(error: unknown, at: number): number | null {
  if (!(error instanceof AppError)) return null;
  const next = Date.parse(String(error.extra.next_free_at ?? ""));
  return Number.isFinite(next) && next > at ? next : null;
}

/**
 * This process's next_free creations of an account take turns. Thirty sent
 * at once would otherwise each be checked at the same free time, one commit
 * taking it and the others moving on, the last of them past MAX_MOVES while
 * free times remained.
 */
const accountLines = new TurnLines();

/**
 * Creates the job at `runAt`, or (`next_free`) at the first free time.
 * @param onProgress told the media's copies as they run
 *   (docs/mcp.md#long-calls)
 */
export function createJobAtFreeTime(
  deps: CreateJobDeps,
  account: Account,
  input: DirectPostInput,
  runAt: number,
  ifTaken: IfTaken,
  onProgress?: OnCopyProgress,
): Promise<JobAtFreeTime> {
  if (ifTaken === "fail") {
    return createJob(deps, account, input, runAt, { onProgress }).then((
      made,
    ) => ({ ...made, requestedRunAt: null }));
  }
  return accountLines.run(
    deps.kv,
    account.openId,
    () => createAtFirstFreeTime(deps, account, input, runAt, onProgress),
  );
}

async function createAtFirstFreeTime(
  deps: CreateJobDeps,
  account: Account,
  input: DirectPostInput,
  runAt: number,
  onProgress: OnCopyProgress | undefined,
): Promise<JobAtFreeTime> {
  let at = runAt;
  const memo: MediaMemo = {};
  for (let move = 0;; move++) {
    try {
      const made = await createJob(deps, account, input, at, {
        memo,
        onProgress,
      });
      return { ...made, requestedRunAt: at === runAt ? null : runAt };
    } catch (error) {
      const next = nextFreeAfter(error, at);
      if (next === null || move >= MAX_MOVES) {
        throw at === runAt ? error : refusedWhereMoved(error, runAt, at);
      }
      at = next;
    }
  }
}

/**
 * The refusal of the time a job was moved to, saying so: its own words
 * speak of "run_at" and "the time asked for", which the client did not
 * ask for (a run_at 30 minutes within the year's limit would read "run_at
 * is more than a year away"). The code, status and fields stay.
 */
function refusedWhereMoved(
  error: unknown,
  runAt: number,
  at: number,
): unknown {
  if (!(error instanceof AppError)) return error;
  return new AppError(
    error.code,
    `if_taken next_free moved this job from ${
      new Date(runAt).toISOString()
    } to the first free time after it, ${
      new Date(at).toISOString()
    }, which is refused: ${error.message}`,
    { extra: error.extra, cause: error },
  );
}
