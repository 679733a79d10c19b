/**
 * Garbage collection of KV entries with a known end of life
 * (docs/architecture.md#how-long-each-record-lives). Window ends live in
 * values and are checked on read; `expireIn` only lets KV drop an entry
 * once nothing reads it any more.
 * @module
 */

/** The shortest `expireIn` given: a late write still gets collected. */
const MIN_EXPIRE_IN_MS = 60 * 60_000;

/** `expireIn` for an entry that may go at `until` (written at `now`). */
export function expireInUntil(until: number, now: number): number {
  return Math.max(MIN_EXPIRE_IN_MS, Math.ceil(until - now));
}
