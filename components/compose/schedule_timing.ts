/**
 * When the composer can send a post (docs/dashboard.md#scheduling): "Now"
 * or the time typed for "Schedule", against the account's next free time
 * (`next_post_at` of `GET /api/limits`) and TikTok's cooldown.
 * @module
 */
import { runTimePassed } from "../compose_rules.ts";

/** Post now, or schedule for the time typed. */
export type PostWhen = "now" | "schedule";

export interface ScheduleTiming {
  /** TikTok's cooldown for this account has not ended. */
  inCooldown: boolean;
  /** The next free time is now ("Next free: now"). */
  nowIsFree: boolean;
  /** "Now" is chosen but the limits take the next post later. */
  nowIsLimited: boolean;
  /** The time typed for "Schedule" has passed. */
  runAtPassed: boolean;
  /** The time typed for "Schedule" is before the next free time. */
  beforeNextFree: boolean;
  /** The time typed for "Schedule" is past the latest the plan keeps the media for. */
  pastKept: boolean;
}

/**
 * What the timing rules read, as the composer holds it: the one shape the
 * rules, the composer's state and the "When" section share.
 */
export interface ScheduleInput {
  when: PostWhen;
  /** `datetime-local` value: the browser's own time zone. */
  localRunAt: string;
  /** When the account's limits take a post again, if known. */
  nextFree: string | null;
  /** End of TikTok's cooldown for this account (after a TikTok 429), if known. */
  cooldownUntil: string | null;
  /**
   * The latest run time the plan keeps the chosen media for (its files
   * on PM3K), as a whole minute; null when no such media is chosen.
   */
  latestKept: string | null;
}

export function scheduleTiming(
  c: ScheduleInput,
  now = Date.now(),
): ScheduleTiming {
  const { when, localRunAt, nextFree, cooldownUntil, latestKept } = c;
  const runAtDate = localRunAt ? new Date(localRunAt) : null;
  const inCooldown = cooldownUntil !== null &&
    Date.parse(cooldownUntil) > now;
  // Within the minute counts as now: nextFree is the first whole minute the
  // limits take (firstPickableMinute), as the time field holds minutes.
  const nowIsFree = nextFree !== null &&
    Date.parse(nextFree) <= now + 60_000;
  const nowIsLimited = when === "now" && nextFree !== null && !nowIsFree;
  const runAtPassed = when === "schedule" && runTimePassed(localRunAt, now);
  const beforeNextFree = when === "schedule" && runAtDate !== null &&
    !runAtPassed && nextFree !== null &&
    runAtDate.getTime() < Date.parse(nextFree);
  const pastKept = when === "schedule" && runAtDate !== null &&
    latestKept !== null && runAtDate.getTime() > Date.parse(latestKept);
  return {
    inCooldown,
    nowIsFree,
    nowIsLimited,
    runAtPassed,
    beforeNextFree,
    pastKept,
  };
}
