/**
 * The order of the compose page's scheduled posts
 * (docs/dashboard.md#scheduling). The API lists jobs newest created
 * first (docs/scheduling.md#listing-and-cancelling), which is not the order
 * they run in: the list shows the jobs still to run first, soonest first,
 * then the settled ones (posted, failed, cancelled), latest run first.
 * @module
 */
import type { JobJson } from "../lib/http/api_responses.ts";

/** Still ahead: not yet handed to TikTok, or being handed now. */
const waiting = (j: JobJson) =>
  j.state === "scheduled" || j.state === "publishing";

/** The jobs in the order the dashboard lists them (a new array). */
export function byRunTime(jobs: readonly JobJson[]): JobJson[] {
  const at = (j: JobJson) => Date.parse(j.run_at);
  return [
    ...jobs.filter(waiting).sort((a, b) => at(a) - at(b)),
    ...jobs.filter((j) => !waiting(j)).sort((a, b) => at(b) - at(a)),
  ];
}
