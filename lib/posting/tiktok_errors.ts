/**
 * Maps TikTok's failures onto the API's errors
 * (docs/tiktok.md#errors-and-limits): HTTP 429 → 429 `tiktok_rate_limit`
 * (and a 3-hour cooldown, started by the caller), the rest → 502
 * `tiktok_error` with TikTok's code and log_id, except the refusals with
 * their own codes (tiktok_refusals.ts).
 * @module
 */
import { AppError } from "../errors.ts";
import {
  knownFailSentence,
  OUTCOME_UNKNOWN_SENTENCE,
} from "../tiktok/fail_reasons.ts";
import { TikTokApiError } from "../tiktok/tiktok_api_error.ts";
import { TIKTOK_COOLDOWN_MS } from "./post_reservation.ts";
import { knownTikTokRefusal, tiktokFields } from "./tiktok_refusals.ts";

export function isTikTokRateLimit(error: unknown): boolean {
  return error instanceof TikTokApiError && error.httpStatus === 429;
}

/** TikTok gave no answer in time: the request may or may not have acted. */
export function outcomeUnknown(error: unknown): error is TikTokApiError {
  return error instanceof TikTokApiError && error.tiktokCode === "timeout";
}

/**
 * The API's error for TikTok's failure `error`; `serviceName`
 * (SERVICE_NAME) names the app in the refusals that speak of it.
 */
export function tiktokAppError(
  error: TikTokApiError,
  serviceName: string,
): AppError {
  const known = knownTikTokRefusal(error, serviceName);
  if (known) return known;
  if (error.httpStatus === 429) {
    return new AppError(
      "tiktok_rate_limit",
      "TikTok returned HTTP 429 (rate limit) for this account; posting is temporarily paused.",
      {
        extra: { retry_after_seconds: TIKTOK_COOLDOWN_MS / 1000 },
        cause: error,
      },
    );
  }
  return new AppError(
    "tiktok_error",
    outcomeUnknown(error) ? TIMED_OUT_BEFORE_POSTING : refusalSentence(error),
    { extra: tiktokFields(error), cause: error },
  );
}

/**
 * A TikTok call before the post was reserved (creator_info) that got no
 * answer in time: nothing was posted or held.
 */
const TIMED_OUT_BEFORE_POSTING =
  "TikTok did not answer in time, and nothing was posted. Try again in a few minutes.";

/**
 * The answer when TikTok did not answer a reserved post's init in time:
 * TikTok may have made it, so the post is kept and listed as `unknown`
 * (docs/posting.md#outcome-unknown); `outcome` and `post_id` say so, for
 * scripts and the dashboard alike.
 */
export function outcomeUnknownError(
  error: TikTokApiError,
  postId: string,
): AppError {
  return new AppError("tiktok_error", OUTCOME_UNKNOWN_SENTENCE, {
    extra: { ...tiktokFields(error), outcome: "unknown", post_id: postId },
    cause: error,
  });
}

/** Whether `error` is the answer of {@link outcomeUnknownError}. */
export function leftOutcomeUnknown(error: unknown): boolean {
  return error instanceof AppError && error.extra.outcome === "unknown";
}

/**
 * Whether `error` is TikTok failing in passing on a call that left no post
 * at TikTok: its own side failed (HTTP 5xx) or a call before the post was
 * reserved (creator_info, a token refresh) got no answer in time. A
 * reserved post's init with no answer is not one: TikTok may have made it.
 */
export function tiktokFailedInPassing(error: unknown): boolean {
  if (
    !(error instanceof AppError) || error.code !== "tiktok_error" ||
    leftOutcomeUnknown(error)
  ) return false;
  const cause = error.cause;
  return cause instanceof TikTokApiError &&
    (cause.httpStatus >= 500 || outcomeUnknown(cause));
}

/** What PM3K says when TikTok's side failed (HTTP 5xx) with a code it does not know. */
export const TIKTOK_SERVER_ERROR_MESSAGE =
  "TikTok had a problem on its side and did not take the request. Try again in a few minutes.";

/**
 * A refusal in words: the sentence PM3K has for TikTok's code (the same as
 * a publish's fail_reason, lib/tiktok/fail_reasons.ts), else, when TikTok's
 * own side failed (5xx), that in words, else TikTok's code and message.
 * The code itself is always in `tiktok_code`.
 */
function refusalSentence(error: TikTokApiError): string {
  const known = knownFailSentence(error.tiktokCode);
  if (known !== undefined) return known;
  return error.httpStatus >= 500
    ? TIKTOK_SERVER_ERROR_MESSAGE
    : `TikTok refused the request: ${error.tiktokCode} (${error.message}).`;
}
