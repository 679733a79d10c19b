/**
 * How long the media a scheduled post uses is kept, a rule the server
 * holds (lib/media/retention.ts `keepMedia`) and the composer shows before
 * sending (docs/scheduling.md#creating-a-job). A module of its own, with
 * no imports, so the dashboard's islands can take it.
 * @module
 */

/** How long after its run a scheduled post's media is kept. */
export const KEEP_AFTER_RUN_MS = 3_600_000;

/**
 * The latest run time a plan keeping files `filesKeptHours` can keep a
 * post's media for, asked at `now`: its media is kept until an hour after
 * the run, and never beyond what the plan keeps a new upload.
 */
export function latestKeptRunAt(filesKeptHours: number, now: number): number {
  return now + filesKeptHours * 3_600_000 - KEEP_AFTER_RUN_MS;
}
