/**
 * The forbidden words and phrases (STOP_WORDS,
 * docs/posting.md#caption-rules). The API's contract elides the list; this
 * is ours: spam, scam, adult and engagement-bait terms TikTok itself
 * penalises. Operators add more with STOP_WORDS_EXTRA (comma-separated).
 * Entries are matched on word boundaries after the caption normalisation
 * of caption_rules.ts.
 * @module
 */
export const STOP_WORDS: readonly string[] = [
  "porn",
  "xxx",
  "nude",
  "nudes",
  "onlyfans",
  "escort",
  "casino",
  "betting",
  "viagra",
  "cialis",
  "free money",
  "get rich quick",
  "guaranteed profit",
  "crypto giveaway",
  "buy followers",
  "cheap followers",
  "free followers",
  "follow for follow",
  "follow4follow",
  "f4f",
  "like4like",
  "l4l",
  "sub4sub",
];
