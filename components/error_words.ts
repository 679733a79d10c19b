/**
 * The dashboard's own words for API errors whose message the contract
 * fixes in technical terms (docs/dashboard.md#words-not-codes): the API
 * keeps the contract's text for scripts that match it, people read these.
 * The sentences are the page's (lib/islands/page_words.ts), not shipped in
 * the bundles (docs/dashboard.md#budget).
 * @module
 */
import { pageWords } from "./page_words.ts";

/**
 * A post made now refused because scheduled posts hold the slot: the API
 * gives the contract's message and says so in fields (`job_id` and
 * `conflicting_at`, or `next_free_at` beside `retry_after`), and the
 * dashboard says it in words; so is a refusal naming the scheduled post in
 * the way (`job_id`, `run_at`: media it uses, a video or caption it has).
 * The one place for the held hour's words: the account's own last post
 * holding it too.
 */
function scheduledHoldWords(
  code: string,
  extra: Record<string, unknown>,
): string | null {
  // The account's own last post holds the hour: the refusal names no
  // other post (a job's names it in conflicting_at, and says it well).
  if (
    code === "interval_limit" && extra.job_id === undefined &&
    extra.conflicting_at === undefined
  ) {
    return pageWords().ownHourLimit;
  }
  if (code === "interval_limit" && typeof extra.job_id === "string") {
    return pageWords().intervalHold.replace(
      "{at}",
      () => String(extra.conflicting_at),
    );
  }
  if (
    code === "daily_limit" && typeof extra.next_free_at === "string" &&
    typeof extra.retry_after === "string"
  ) {
    return pageWords().dailyHold;
  }
  const { jobHolds } = pageWords();
  if (
    Object.hasOwn(jobHolds, code) && typeof extra.job_id === "string" &&
    typeof extra.run_at === "string"
  ) {
    return jobHolds[code].replace("{at}", () => String(extra.run_at));
  }
  return null;
}

/** The dashboard's sentence for an API error `code`, else `message`. */
export function errorWords(
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): string {
  const { errorCodes, jobSettled } = pageWords();
  const state = extra.state;
  if (
    code === "conflict" && typeof state === "string" &&
    Object.hasOwn(jobSettled, state)
  ) {
    return jobSettled[state];
  }
  // A scheduled post in the way is named before the code's own words
  // (video_duplicate has both).
  return scheduledHoldWords(code, extra) ??
    (Object.hasOwn(errorCodes, code) ? errorCodes[code] : message);
}
