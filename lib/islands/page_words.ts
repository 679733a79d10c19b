/**
 * The words every page with islands carries in its HTML, not in the
 * bundles (components/page_words.ts, docs/dashboard.md#budget), and given
 * to the islands the server renders as soon as this module is loaded.
 * @module
 */
import { givePageWords } from "../../components/page_words.ts";
import type { PageWords } from "../../components/page_words.ts";
import {
  FAIL_REASON_SENTENCES,
  OUTCOME_UNKNOWN_SENTENCE,
} from "../tiktok/fail_reasons.ts";

/** The words, as the page's JSON script holds them. */
export const PAGE_WORDS: PageWords = {
  failReasons: { ...FAIL_REASON_SENTENCES },
  outcomeUnknown: OUTCOME_UNKNOWN_SENTENCE,
};

givePageWords(PAGE_WORDS);
