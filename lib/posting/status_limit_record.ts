/**
 * What KV keeps of an account's status-call windows (status_limits.ts).
 * @module
 */

export interface StatusLimitState {
  minuteStart: number;
  minuteCount: number;
  hourStart: number;
  hourCount: number;
  /** Set when the hourly cap was first hit: polling waits for a post. */
  cooldownSince: number | null;
  /** True once a post lifted the cooldown inside the current hour window. */
  unlockedThisHour: boolean;
}
