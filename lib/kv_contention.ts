/**
 * A pause between the tries of an optimistic KV commit that lost to
 * another writer of the same key (a check failed). Requests started
 * together, such as a client's parallel uploads contending for one
 * account's count, otherwise read and commit again in step and lose
 * again; a full-jitter pause spreads them out. A busy database file is
 * another matter, retried by kv_busy_retry.ts.
 * @module
 */

/** The longest pause, whatever the attempt. */
const MAX_PAUSE_MS = 50;

/** Waits a random time below 2^attempt ms, at most {@link MAX_PAUSE_MS}. */
export function pauseAfterLostCommit(attempt: number): Promise<void> {
  const ceiling = Math.min(2 ** attempt, MAX_PAUSE_MS);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

/**
 * The tries of a commit that several requests of one account may contend
 * for at once (a client's parallel writes, over several processes), each
 * lost one followed by {@link pauseAfterLostCommit}: past them, 409
 * `conflict` (docs/api.md#error-codes).
 */
export const CONTENDED_ATTEMPTS = 50;
