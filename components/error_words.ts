/**
 * The dashboard's own words for API errors whose message the contract
 * fixes in technical terms (docs/dashboard.md#words-not-codes): the API
 * keeps the contract's text for scripts that match it, people read these.
 * @module
 */
import { POSTING_LIMITS } from "../lib/plans.ts";

const WORDS: Record<string, string> = {
  // Short: until when, and that Schedule still works, is said once, beside
  // the composer's "Now" (docs/dashboard.md#words-not-codes).
  tiktok_rate_limit: "TikTok asked to slow down, so this was not posted.",
  tiktok_cooldown: "TikTok paused posting, so this was not posted.",
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

/**
 * A scheduled post's change or cancel refused because its job is past
 * being scheduled: the API's `conflict` names the job's `state`
 * (lib/jobs/job_changes.ts, cancelJob) in a message about "this job"; a
 * creator reads about the post. The words fit a refused Save and a
 * refused Cancel alike, as the code and fields do not tell them apart.
 */
const JOB_SETTLED: Record<string, string> = {
  // Still scheduled yet refused: its run time has come (a change only).
  scheduled:
    "Its time has come: this post is being sent to TikTok now and can no longer be changed.",
  publishing:
    "This post is being sent to TikTok now: it can no longer be changed or cancelled.",
  posted:
    "This post was already sent to TikTok: it can no longer be changed or cancelled.",
  failed:
    "This scheduled post already ran and failed: it can no longer be changed or cancelled.",
  cancelled:
    "This scheduled post was already cancelled, in another tab or by an automation: it will not be posted, and can no longer be changed.",
};

/** The dashboard's sentence for an API error `code`, else `message`. */
export function errorWords(
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): string {
  if (Object.hasOwn(WORDS, code)) return WORDS[code];
  const state = extra.state;
  if (
    code === "conflict" && typeof state === "string" &&
    Object.hasOwn(JOB_SETTLED, state)
  ) {
    return JOB_SETTLED[state];
  }
  return scheduledHoldWords(code, extra) ?? message;
}
