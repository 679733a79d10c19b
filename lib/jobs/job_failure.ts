/**
 * What a failed job keeps of the error that failed it. A limit met at run
 * time (a direct post took the hour, TikTok's cooldown) also says when the
 * account takes a post again, as an ISO time in the message: the job's
 * record has no room for `retry_after`, and the reader of a job (the
 * dashboard, a `job.failed` receiver) sees it hours later, when "about 30
 * more minutes" no longer tells (docs/scheduling.md#how-jobs-run).
 * @module
 */
import { AppError, retryAtMs } from "../errors.ts";
import type { JobError } from "./job_record.ts";
import { jobBeingDeleted } from "../accounts/accounts_store.ts";

/** The limits whose refusal says when the account takes a post again. */
const LIMIT_CODES = new Set([
  "interval_limit",
  "daily_limit",
  "tiktok_cooldown",
  "tiktok_rate_limit",
]);

/** The job's error for `error`; anything not an AppError is ours. */
export function jobErrorOf(error: unknown, now: number): JobError {
  if (!(error instanceof AppError)) {
    return { code: "internal_error", message: "The job failed on our side." };
  }
  const deleting = jobBeingDeleted(error);
  if (deleting) return { code: error.code, message: deleting };
  const at = LIMIT_CODES.has(error.code) ? freeAt(error.extra, now) : null;
  const message = at && !error.message.includes(at)
    ? `${error.message} Next free: ${at}.`
    : error.message;
  // An unknown outcome names its post, as the API's answer does: the
  // reader must check TikTok before trying again.
  const { outcome, post_id } = error.extra;
  return outcome === "unknown" && typeof post_id === "string"
    ? { code: error.code, message, outcome, post_id }
    : { code: error.code, message };
}

/** The instant a limit lets go, as an ISO time. */
function freeAt(extra: Record<string, unknown>, now: number): string | null {
  const at = retryAtMs(extra, now);
  return at === null ? null : new Date(at).toISOString();
}
