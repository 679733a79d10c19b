/**
 * Durations in the words the site uses everywhere it names one (the plans,
 * the Privacy Policy, the dashboard's plan limits), so that one duration
 * reads the same on each page; and the waits it tells someone (sign in
 * again in …), in the same words counted up.
 * @module
 */
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../time_units.ts";

/** How {@link spokenDuration} names a duration. */
export interface DurationWording {
  /**
   * A wait to tell someone: rounded up, so it never reads shorter than it
   * is; under a minute in seconds, else in minutes only; one unit as "a
   * minute". For the waits of seconds or minutes told at sign-in.
   */
  wait?: boolean;
}

/**
 * "30 days", "48 hours", "12 months": a duration in whole units, the
 * nearest; with `wait`, "20 seconds", "a minute", "3 minutes".
 */
export function spokenDuration(
  ms: number,
  wording: DurationWording = {},
): string {
  if (wording.wait) {
    const unit = (n: number, word: string) =>
      n === 1 ? `a ${word}` : `${n} ${word}s`;
    if (ms < MINUTE_MS) return unit(Math.ceil(ms / 1000), "second");
    return unit(Math.ceil(ms / MINUTE_MS), "minute");
  }
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (ms >= 365 * DAY_MS && ms % (365 * DAY_MS) === 0) {
    return unit((ms / (365 * DAY_MS)) * 12, "month");
  }
  // Under three days in hours, as the plans name their file times.
  if (ms >= 3 * DAY_MS && ms % DAY_MS === 0) return unit(ms / DAY_MS, "day");
  if (ms < HOUR_MS) return unit(Math.round(ms / MINUTE_MS), "minute");
  return unit(Math.round(ms / HOUR_MS), "hour");
}
