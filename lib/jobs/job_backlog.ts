/**
 * Due posts go first (docs/scheduling.md#due-posts-go-first): while this
 * process's job runner has due jobs waiting for a turn, the follow-up work
 * of posts already made (status checks, TikTok's events) waits, so a minute
 * with thousands of due jobs spends the CPU and KV commits on posting them
 * on time, and the follow-ups catch up right after. Bounded: once one
 * backlog has lasted {@link MAX_YIELD_MS}, follow-ups go again alongside
 * the jobs, so they are delayed, never starved.
 * @module
 */

/** The longest one continuous backlog holds the follow-ups back. */
export const MAX_YIELD_MS = 60_000;

interface Backlog {
  /** Due jobs this process holds that wait for a turn. */
  waiting: number;
  /** performance.now() when `waiting` last left 0; null while it is 0. */
  since: number | null;
  /**
   * Resolved when `waiting` returns to 0: every waiting follow-up shares
   * it (thousands of TikTok's events may wait at once), none polls.
   */
  cleared: PromiseWithResolvers<void> | null;
}

/** One backlog per KV handle, so per runtime (as the job runner's turns). */
const backlogs = new WeakMap<Deno.Kv, Backlog>();

function backlogOf(kv: Deno.Kv): Backlog {
  let backlog = backlogs.get(kv);
  if (!backlog) {
    backlog = { waiting: 0, since: null, cleared: null };
    backlogs.set(kv, backlog);
  }
  return backlog;
}

/**
 * Counts a due job as waiting for its turn; call the returned function once
 * its turn starts (or it is dropped). Calling it again does nothing.
 */
export function jobWaitsForTurn(kv: Deno.Kv): () => void {
  const backlog = backlogOf(kv);
  if (backlog.waiting++ === 0) backlog.since = performance.now();
  let left = false;
  return () => {
    if (left) return;
    left = true;
    if (--backlog.waiting === 0) {
      backlog.since = null;
      backlog.cleared?.resolve();
      backlog.cleared = null;
    }
  };
}

/**
 * Whether due jobs wait for a turn in this process now, within the bound:
 * a follow-up's queue message is then neither sent nor handled, and a
 * TikTok event just recorded is not applied at once, since holding or
 * re-sending them would add commits to the busy KV; the crons find the
 * checks and events in KV and take them once the backlog clears.
 */
export function busyWithDueJobs(kv: Deno.Kv): boolean {
  return heldBackMs(backlogs.get(kv), MAX_YIELD_MS) > 0;
}

/** How much longer the backlog holds follow-ups back (0: not at all). */
function heldBackMs(backlog: Backlog | undefined, maxMs: number): number {
  if (!backlog || backlog.since === null) return 0;
  return Math.max(0, maxMs - (performance.now() - backlog.since));
}

/** How many due jobs wait for a turn in this process (tests, logs). */
export function jobsWaitingForTurn(kv: Deno.Kv): number {
  return backlogs.get(kv)?.waiting ?? 0;
}

/**
 * Resolves once no due job waits for a turn in this process, or once the
 * backlog has lasted `maxMs`; at once when there is none.
 */
export async function yieldToDueJobs(
  kv: Deno.Kv,
  maxMs = MAX_YIELD_MS,
): Promise<void> {
  const backlog = backlogs.get(kv);
  const left = heldBackMs(backlog, maxMs);
  if (!backlog || left === 0) return;
  backlog.cleared ??= Promise.withResolvers<void>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    backlog.cleared.promise,
    new Promise<void>((r) => timer = setTimeout(r, left)),
  ]);
  clearTimeout(timer);
}
