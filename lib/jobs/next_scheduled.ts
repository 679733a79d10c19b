/**
 * The rule naming an account's next scheduled post
 * (docs/scheduling.md#calendar-page), one for the server, which applies it
 * to the account's job calendar (lib/jobs/scheduled_media.ts), and the
 * calendar island, which applies it to the jobs it holds once one is moved
 * or cancelled.
 * @module
 */

/** The entry of the earliest time `at` (ms) after `now`, or null for none. */
export function nextAfter<T extends { at: number }>(
  entries: readonly T[],
  now: number,
): T | null {
  let next: T | null = null;
  for (const e of entries) {
    if (e.at > now && (!next || e.at < next.at)) next = e;
  }
  return next;
}
