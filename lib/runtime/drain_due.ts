/**
 * Works through a time-ordered "due" index in KV (keys `[prefix, at, ...]`),
 * as the crons do: every entry due by now, in batches, until none is left
 * or the tick's time budget is spent. The handler must move (claim, defer)
 * or remove each entry it is given, or another process must have done so:
 * then every batch lists new entries.
 * @module
 */

const BATCH = 200;
/** Crons tick every minute: leave room before the next one. */
const BUDGET_MS = 45_000;

/**
 * Calls `handle(at, key)` for each due entry; returns how many calls
 * reported work done.
 */
export async function drainDue(
  kv: Deno.Kv,
  prefix: Deno.KvKey,
  now: () => number,
  handle: (at: number, key: Deno.KvKey) => Promise<boolean>,
  /** Awaited before each batch is listed (follow-ups yield to due jobs). */
  beforeBatch?: () => Promise<void>,
): Promise<number> {
  const started = performance.now();
  let done = 0;
  for (;;) {
    await beforeBatch?.();
    const due: Deno.KvKey[] = [];
    for await (
      const e of kv.list<unknown>({
        start: prefix,
        end: [...prefix, now() + 1],
      }, { limit: BATCH })
    ) due.push(e.key);
    for (const key of due) {
      if (await handle(Number(key[prefix.length]), key)) done++;
    }
    if (due.length < BATCH || performance.now() - started > BUDGET_MS) {
      return done;
    }
  }
}
