/**
 * The dashboard's own words for API errors whose message the contract
 * fixes in technical terms (docs/dashboard.md#words-not-codes): the API
 * keeps the contract's text for scripts that match it, people read these.
 * @module
 */

const WORDS: Record<string, string> = {
  tiktok_rate_limit:
    "TikTok asked to slow down: posting to this account is paused for 3 hours. A post can still be scheduled for later.",
  tiktok_cooldown:
    "TikTok asked to slow down: posting to this account is paused for now. A post can still be scheduled for later.",
};

/** The dashboard's sentence for an API error `code`, else `message`. */
export function errorWords(code: string, message: string): string {
  return Object.hasOwn(WORDS, code) ? WORDS[code] : message;
}
