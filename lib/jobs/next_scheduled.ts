/**
 * The account's next scheduled post: the earliest place its job calendar
 * holds after now. The calendar page names it above the weeks, as the
 * week shown first may not hold it (docs/scheduling.md#calendar-page).
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import type { AppDeps } from "../runtime/app_deps.ts";

/** The job and run time (ms) of the next scheduled post, or null for none. */
export async function nextScheduled(
  deps: Pick<AppDeps, "kv" | "clock">,
  openId: string,
): Promise<{ jobId: string; at: number } | null> {
  const calendar = await getTyped(deps.kv, keys.jobCalendar(openId));
  const now = deps.clock.now();
  let next: { jobId: string; at: number } | null = null;
  for (const e of calendar.value?.entries ?? []) {
    if (e.at > now && (!next || e.at < next.at)) {
      next = { jobId: e.jobId, at: e.at };
    }
  }
  return next;
}
