/**
 * Limits on `/api/tiktok/status` per TikTok account
 * (docs/posting.md#status-limits): more than 20 calls in a minute →
 * `rate_limit_status`; more than 40 in an hour → the first time
 * `status_cooldown` until the next successful post; after that post, while
 * the same hour window is still over the cap, `hourly_limit_status`.
 * Windows are fixed: they start at the first call.
 * @module
 */
import { AppError } from "../errors.ts";
import type { StatusLimitState } from "./status_limit_record.ts";

export const STATUS_PER_MINUTE = 20;
export const STATUS_PER_HOUR = 40;

/** What one more status call does to the limit state. */
export interface StatusDecision {
  /** The state to store (absent: nothing to write). */
  next?: StatusLimitState;
  /** Set when the call is refused: one of the three 429s above. */
  refusal?: AppError;
}

/**
 * The stored state as it stands at `now`: a window whose time is up starts
 * again at `now` (a fresh state when nothing is stored).
 */
export function statusWindowsAt(
  stored: StatusLimitState | null,
  now: number,
): StatusLimitState {
  const s: StatusLimitState = stored ? { ...stored } : {
    minuteStart: now,
    minuteCount: 0,
    hourStart: now,
    hourCount: 0,
    cooldownSince: null,
    unlockedThisHour: false,
  };
  if (now >= s.hourStart + 3600_000) {
    s.hourStart = now;
    s.hourCount = 0;
    s.unlockedThisHour = false;
  }
  if (now >= s.minuteStart + 60_000) {
    s.minuteStart = now;
    s.minuteCount = 0;
  }
  return s;
}

/** True while the status cooldown waits for a post made after it began. */
function waitsForPost(s: StatusLimitState, lastPostAt: number | null): boolean {
  return s.cooldownSince !== null &&
    (lastPostAt === null || lastPostAt <= s.cooldownSince);
}

/**
 * How many more status calls the limits take at `now`: in this minute
 * window (never more than the hour has left) and in this hour window.
 * None while the status cooldown waits for a post, nor once the hour's
 * cap is reached (the next call is refused either way).
 */
export function statusCallsLeft(
  stored: StatusLimitState | null,
  lastPostAt: number | null,
  now: number,
): { minute: number; hour: number } {
  const s = statusWindowsAt(stored, now);
  if (waitsForPost(s, lastPostAt)) return { minute: 0, hour: 0 };
  const hour = Math.max(0, STATUS_PER_HOUR - s.hourCount);
  const minute = Math.max(0, STATUS_PER_MINUTE - s.minuteCount);
  return { minute: Math.min(minute, hour), hour };
}

/**
 * Decides one status call from the stored state and the time of the
 * account's last successful post. Pure: the caller reads and commits.
 */
export function decideStatusCall(
  stored: StatusLimitState | null,
  lastPostAt: number | null,
  now: number,
): StatusDecision {
  const s = statusWindowsAt(stored, now);
  if (s.cooldownSince !== null) {
    if (waitsForPost(s, lastPostAt)) return { refusal: cooldown() };
    s.cooldownSince = null;
    s.unlockedThisHour = true;
  }
  if (s.hourCount >= STATUS_PER_HOUR) {
    if (s.unlockedThisHour) {
      const reset = new Date(s.hourStart + 3600_000).toISOString();
      return {
        refusal: new AppError(
          "hourly_limit_status",
          `Hourly /status limit for this account reached; it resets at ${reset}.`,
          { extra: { retry_after: reset, resetAt: reset } },
        ),
      };
    }
    // The first time over the hourly cap: wait for the next post.
    return { next: { ...s, cooldownSince: now }, refusal: cooldown() };
  }
  if (s.minuteCount >= STATUS_PER_MINUTE) {
    return {
      refusal: new AppError(
        "rate_limit_status",
        "Too many /status calls for this account, please slow down.",
        {
          extra: {
            retry_after: new Date(s.minuteStart + 60_000).toISOString(),
          },
        },
      ),
    };
  }
  s.minuteCount++;
  s.hourCount++;
  return { next: s };
}

function cooldown(): AppError {
  return new AppError("status_cooldown", "Cooldown until next post.", {
    extra: { cooldown: "until_next_post" },
  });
}
