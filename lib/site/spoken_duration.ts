/**
 * Durations in the words the site uses everywhere it names one (the plans,
 * the Privacy Policy, the dashboard's plan limits), so that one duration
 * reads the same on each page.
 * @module
 */
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../time_units.ts";

/** "30 days", "48 hours", "12 months": a duration in whole units. */
export function spokenDuration(ms: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (ms >= 365 * DAY_MS && ms % (365 * DAY_MS) === 0) {
    return unit((ms / (365 * DAY_MS)) * 12, "month");
  }
  // Under three days in hours, as the plans name their file times.
  if (ms >= 3 * DAY_MS && ms % DAY_MS === 0) return unit(ms / DAY_MS, "day");
  if (ms < HOUR_MS) return unit(Math.round(ms / MINUTE_MS), "minute");
  return unit(Math.round(ms / HOUR_MS), "hour");
}
