/**
 * The dashboard's own words for API errors whose message the contract
 * fixes in technical terms (docs/dashboard.md#words-not-codes): the API
 * keeps the contract's text for scripts that match it, people read these.
 * @module
 */
import { POSTING_LIMITS } from "../lib/plans.ts";

const WORDS: Record<string, string> = {
  tiktok_rate_limit:
    "TikTok asked to slow down: posting to this account is paused for 3 hours. A post can still be scheduled for later.",
  tiktok_cooldown:
    "TikTok asked to slow down: posting to this account is paused for now. A post can still be scheduled for later.",
};

/**
 * A post made now refused because scheduled posts hold the slot: the API
 * gives the contract's message and says so in fields (`job_id` and
 * `conflicting_at`, or `next_free_at` beside `retry_after`), and the
 * dashboard says it in words.
 */
function scheduledHoldWords(
  code: string,
  extra: Record<string, unknown>,
): string | null {
  if (code === "interval_limit" && typeof extra.job_id === "string") {
    return `A post is scheduled at ${extra.conflicting_at}, less than an hour from now: TikTok posts are limited to 1 per hour, so posting now would make it fail. Move or cancel it, or post later.`;
  }
  if (
    code === "daily_limit" && typeof extra.next_free_at === "string" &&
    typeof extra.retry_after === "string"
  ) {
    return `Daily TikTok posting limit (${POSTING_LIMITS.postsPerDay}/day) would be exceeded with the posts scheduled in the 24 hours around now: posting now would make one of them fail. Move or cancel one, or post later.`;
  }
  return null;
}

/** The dashboard's sentence for an API error `code`, else `message`. */
export function errorWords(
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): string {
  if (Object.hasOwn(WORDS, code)) return WORDS[code];
  return scheduledHoldWords(code, extra) ?? message;
}
