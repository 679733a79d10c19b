/**
 * Retries a busy KV file. Several processes may share one KV file
 * (docs/operations.md#what-several-processes-on-one-kv-file-guarantee): SQLite then answers
 * some reads and commits "database is locked" at once (a transaction whose
 * snapshot another process moved past cannot wait, only start again), and
 * others after its own 5 s wait. Nothing was read or written when that
 * happens, so the same call is made again after a short jittered backoff,
 * until a deadline; past it the call throws the API's 503 `database_busy`
 * with `Retry-After`, never an unexplained 500.
 *
 * The wrapper is a Proxy over the real `Deno.Kv`: `get`, `getMany`, `set`,
 * `delete`, `enqueue`, `list` (resumed from its cursor) and `atomic()`
 * commits retry; everything else passes through untouched. A KV that is
 * never busy (in memory, KV Connect, Deno Deploy) only pays a function call.
 * @module
 */
import { AppError } from "./errors.ts";

/** How long and how often to retry. */
export interface BusyRetryOptions {
  /** Give up on a call once this much time has passed since it started. */
  deadlineMs: number;
  /** First backoff; it doubles on each retry, up to `maxBackoffMs`. */
  firstBackoffMs: number;
  maxBackoffMs: number;
  /** Seconds a refused client is told to wait (`Retry-After`). */
  retryAfterSeconds: number;
}

/** Defaults: a few seconds of retries, then 503 with Retry-After: 1. */
export const DEFAULT_BUSY_RETRY: BusyRetryOptions = {
  deadlineMs: 3_000,
  firstBackoffMs: 5,
  maxBackoffMs: 250,
  retryAfterSeconds: 1,
};

/** True for SQLite's "busy"/"locked" answers, as Deno KV reports them. */
export function isBusyError(error: unknown): boolean {
  return error instanceof Error &&
    /database (table )?is locked|SQLITE_BUSY|database is busy/i.test(
      error.message,
    );
}

/** The API's answer once a call stayed busy past its deadline. */
export function databaseBusy(options: BusyRetryOptions, cause: unknown) {
  return new AppError(
    "database_busy",
    "The database is busy with other requests; retry shortly.",
    { extra: { retry_after_seconds: options.retryAfterSeconds }, cause },
  );
}

/** Runs `call` again while it fails busy, until the deadline. */
export async function retryBusy<T>(
  call: () => Promise<T>,
  options: BusyRetryOptions = DEFAULT_BUSY_RETRY,
): Promise<T> {
  const deadline = performance.now() + options.deadlineMs;
  let backoff = options.firstBackoffMs;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (!isBusyError(error)) throw error;
      if (performance.now() >= deadline) throw databaseBusy(options, error);
      // Full jitter: processes that collided do not collide again in step.
      await new Promise((r) => setTimeout(r, Math.random() * backoff));
      backoff = Math.min(backoff * 2, options.maxBackoffMs);
    }
  }
}

const RETRIED = new Set(["get", "getMany", "set", "delete", "enqueue"]);

/** `kv` whose reads and commits retry while the file is busy. */
export function withBusyRetry(
  kv: Deno.Kv,
  options: BusyRetryOptions = DEFAULT_BUSY_RETRY,
): Deno.Kv {
  return new Proxy(kv, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (typeof property === "string" && RETRIED.has(property)) {
        return (...args: unknown[]) =>
          retryBusy(() => value.apply(target, args), options);
      }
      if (property === "atomic") {
        return () => retryingAtomic(target.atomic(), options);
      }
      if (property === "list") {
        return (
          selector: Deno.KvListSelector,
          listOptions?: Deno.KvListOptions,
        ) => retryingList(target, selector, listOptions, options);
      }
      return value.bind(target);
    },
  });
}

/**
 * An atomic operation whose `commit` retries. A failed commit wrote nothing
 * and the operation can be committed again: its checks are evaluated anew.
 */
function retryingAtomic(
  op: Deno.AtomicOperation,
  options: BusyRetryOptions,
): Deno.AtomicOperation {
  const proxy: Deno.AtomicOperation = new Proxy(op, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (property === "commit") {
        return () => retryBusy(() => target.commit(), options);
      }
      // Builder calls return the operation: hand back the proxy instead.
      return (...args: unknown[]) => {
        const result = value.apply(target, args);
        return result === target ? proxy : result;
      };
    },
  });
  return proxy;
}

/**
 * A list iterator that, when a page read fails busy, lists again from the
 * cursor of the last entry it yielded (so no entry is repeated or missed,
 * and a `limit` still counts every entry once).
 */
function retryingList<T>(
  kv: Deno.Kv,
  selector: Deno.KvListSelector,
  listOptions: Deno.KvListOptions = {},
  options: BusyRetryOptions,
): Deno.KvListIterator<T> {
  let inner = kv.list<T>(selector, listOptions);
  let cursor = listOptions.cursor ?? "";
  let count = 0;
  const resume = () =>
    kv.list<T>(selector, {
      ...listOptions,
      cursor: cursor || undefined,
      limit: listOptions.limit === undefined
        ? undefined
        : listOptions.limit - count,
    });
  const iterator: Deno.KvListIterator<T> = {
    get cursor() {
      return cursor;
    },
    next: () =>
      retryBusy(async () => {
        try {
          const step = await inner.next();
          if (!step.done) {
            count++;
            cursor = inner.cursor;
          }
          return step;
        } catch (error) {
          // The failed iterator is spent: the retry reads from a fresh one.
          if (isBusyError(error)) inner = resume();
          throw error;
        }
      }, options),
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
