/**
 * TikTok's "cannot post now" answers on creator_info that are 24-hour caps
 * (docs/scheduling.md#creating-a-job): the creator's daily cap of posts
 * through apps (`spam_risk_too_many_posts`) and the app's daily cap of
 * posting creators (`reached_active_user_cap`). TikTok sets each per 24
 * hours, so neither says anything of a post a day or more ahead: a job for
 * then is taken, and checked again when it runs. A ban from posting is not
 * one.
 * @module
 */
import { AppError } from "../errors.ts";
import { TikTokApiError } from "../tiktok/tiktok_api_error.ts";
import { DAY_MS, MINUTE_MS } from "../time_units.ts";

const DAILY_CAP_CODES: ReadonlySet<string> = new Set([
  "spam_risk_too_many_posts",
  "reached_active_user_cap",
]);

/**
 * Whether `error` is the creator's daily cap of Direct Posts through apps:
 * TikTok's inbox takes drafts by its own rule (5 pending a day,
 * docs/posting.md#drafts), so a draft goes on without creator_info.
 */
export function isDirectPostCapRefusal(error: unknown): boolean {
  return creatorInfoRefusalCode(error) === "spam_risk_too_many_posts";
}

/** How far ahead a job must run for a daily cap reached now not to refuse it. */
export const DAILY_CAP_WINDOW_MS = DAY_MS;

/**
 * How long the `next_free_at` of a refusal stays good: the threshold moves
 * with the clock, so the time answered is that much later (and whole
 * minutes), and a retry sent with it in the next minutes is taken.
 */
const NEXT_FREE_MARGIN_MS = 5 * MINUTE_MS;

/** The `next_free_at` of a refusal made at `now` (see NEXT_FREE_MARGIN_MS). */
export function dailyCapNextFree(now: number): number {
  const from = now + DAILY_CAP_WINDOW_MS + NEXT_FREE_MARGIN_MS;
  return Math.ceil(from / MINUTE_MS) * MINUTE_MS;
}

/** Whether `error` is TikTok refusing creator_info for a 24-hour cap. */
function isDailyCapRefusal(error: unknown): error is AppError {
  return DAILY_CAP_CODES.has(creatorInfoRefusalCode(error) ?? "");
}

/** TikTok's code behind a refusal of creator_info, if it is one. */
function creatorInfoRefusalCode(error: unknown): string | null {
  return error instanceof AppError && error.cause instanceof TikTokApiError
    ? error.cause.tiktokCode
    : null;
}

/**
 * What a job checked for `runAt` makes of a creator_info refusal: null (go
 * on without creator_info) for a daily cap when the run is a day or more
 * away; the refusal with a sentence on how to schedule past it when the run
 * is sooner; any other error as it is.
 */
export function dailyCapForJob(
  error: unknown,
  runAt: number,
  now: number,
): unknown {
  if (!isDailyCapRefusal(error)) return error;
  if (runAt >= now + DAILY_CAP_WINDOW_MS) return null;
  const from = dailyCapNextFree(now);
  return new AppError(
    error.code,
    `${error.message} A post scheduled for ${
      new Date(from).toISOString()
    } or later is accepted: TikTok sets this cap per 24 hours.`,
    {
      extra: { ...error.extra, next_free_at: new Date(from).toISOString() },
      cause: error.cause,
    },
  );
}
