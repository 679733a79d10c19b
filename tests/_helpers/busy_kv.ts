/**
 * A busy KV for tests. On a KV file, the busy answer is real: another
 * connection (SQLite itself, as a second process would) holds the file's
 * write lock. Reads go on meanwhile (SQLite's WAL), so what meets the busy
 * file is the first write. For a read that stays busy, which a lock held
 * here cannot cause, `listsBusyWhile` answers list pages the way Deno KV
 * does when SQLite is busy ("database is locked").
 */
import { DatabaseSync } from "node:sqlite";
import { hookWritesUnder } from "./kv_write_hook.ts";

/** The write lock of a KV file, held until `release()`. */
export interface HeldLock {
  release(): void;
}

/** Takes the KV file's write lock now (synchronously). */
export function holdWriteLock(kvPath: string): HeldLock {
  const holder = new DatabaseSync(kvPath);
  holder.exec("BEGIN EXCLUSIVE");
  return {
    release() {
      holder.exec("ROLLBACK");
      holder.close();
    },
  };
}

/** Runs `body` while another connection holds the KV file's write lock. */
export async function whileBusy<T>(
  kvPath: string,
  body: () => Promise<T>,
): Promise<T> {
  const lock = holdWriteLock(kvPath);
  try {
    return await body();
  } finally {
    lock.release();
  }
}

/**
 * `kv` whose list pages fail with SQLite's busy answer while `busy()`
 * holds for the list's selector. Wrap the result in `withBusyRetry` to see
 * the app's retries give up with 503 `database_busy`.
 */
export function listsBusyWhile(
  kv: Deno.Kv,
  busy: (selector: Deno.KvListSelector) => boolean,
): Deno.Kv {
  return new Proxy(kv, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (property !== "list") return value.bind(target);
      return (...args: Parameters<Deno.Kv["list"]>) => {
        const inner = target.list(...args);
        const iterator: Deno.KvListIterator<unknown> = {
          get cursor() {
            return inner.cursor;
          },
          next: () =>
            busy(args[0])
              ? Promise.reject(new TypeError("database is locked"))
              : inner.next(),
          [Symbol.asyncIterator]() {
            return iterator;
          },
        };
        return iterator;
      };
    },
  });
}

/**
 * `kv` whose queue listener calls `hook` with each message before the
 * app's handler sees it: a test can make the file busy just as a message
 * arrives (the queue's own dequeue waits while the file is locked, so the
 * lock cannot be taken earlier).
 */
export function beforeQueueMessages(
  kv: Deno.Kv,
  hook: (message: unknown) => void,
): Deno.Kv {
  return new Proxy(kv, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (property !== "listenQueue") return value.bind(target);
      return (handler: (message: unknown) => Promise<void> | void) =>
        target.listenQueue((message: unknown) => {
          hook(message);
          return handler(message);
        });
    },
  });
}

/**
 * `kv` whose atomic commits that write under `prefix` fail with SQLite's
 * busy answer while `busy()` holds: a database busy at one exact step (a
 * post's reservation) that a lock on the whole file cannot single out.
 */
export function writesBusyUnder(
  kv: Deno.Kv,
  prefix: Deno.KvKey,
  busy: () => boolean,
): Deno.Kv {
  return hookWritesUnder(
    kv,
    prefix,
    (real) =>
      busy() ? Promise.reject(new TypeError("database is locked")) : real(),
  );
}
