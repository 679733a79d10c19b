/**
 * The UTC calendar day of a time: daily upload counts reset at 00:00 UTC,
 * and upload keys are grouped by it.
 * @module
 */

/** `2026-11-25` for a time, in UTC. */
export function utcDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}
