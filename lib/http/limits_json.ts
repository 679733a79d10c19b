/** The API's JSON for an account's limits (`GET /api/limits`). */
import type { AccountLimits } from "../posting/account_limits.ts";
import type { LimitsResponse } from "./api_responses.ts";

export function limitsJson(l: AccountLimits): Omit<LimitsResponse, "ok"> {
  return {
    posts_left_today: l.postsLeftToday,
    uploads_left_today: l.uploadsLeftToday,
    next_post_at: new Date(l.nextPostAt).toISOString(),
    status_calls_left_minute: l.statusCallsLeftMinute,
    status_calls_left_hour: l.statusCallsLeftHour,
    cooldown_until: l.cooldownUntil === null
      ? null
      : new Date(l.cooldownUntil).toISOString(),
  };
}
