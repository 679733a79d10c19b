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
import { POSTING_LIMITS } from "../plans.ts";
import { PHOTO_MAX_SIDE_PX } from "../media/photo_limits.ts";

/** The words, as the page's JSON script holds them. */
export const PAGE_WORDS: PageWords = {
  failReasons: { ...FAIL_REASON_SENTENCES },
  outcomeUnknown: OUTCOME_UNKNOWN_SENTENCE,
  // The dashboard's own words for API errors (components/error_words.ts,
  // docs/dashboard.md#words-not-codes).
  errorCodes: {
    // Short: until when, and that Schedule still works, is said once,
    // beside the composer's "Now" (docs/dashboard.md#words-not-codes).
    tiktok_rate_limit: "TikTok asked to slow down, so this was not posted.",
    tiktok_cooldown: "TikTok paused posting, so this was not posted.",
  },
  // A scheduled post's change or cancel refused because its job is past
  // being scheduled: the API's `conflict` names the job's `state`
  // (lib/jobs/job_changes.ts, cancelJob) in a message about "this job"; a
  // creator reads about the post. The words fit a refused Save and a
  // refused Cancel alike, as the code and fields do not tell them apart.
  jobSettled: {
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
  },
  intervalHold:
    "A post is scheduled at {at}, less than an hour from now: TikTok posts are limited to 1 per hour, so posting now would make it fail. Move or cancel it, or post later.",
  dailyHold:
    `Daily TikTok posting limit (${POSTING_LIMITS.postsPerDay}/day) would be exceeded with the posts scheduled in the 24 hours around now: posting now would make one of them fail. Move or cancel one, or post later.`,
  // Said by the islands, which name no service: SERVICE_NAME is the
  // server's (docs/configuration.md#the-service-name).
  networkError:
    "The server could not be reached: check your internet connection, then try again.",
  notAsExpected:
    "The server did not answer as expected. Try again in a moment.",
  uploadStopped:
    "The upload stopped: the server could not be reached. Check your internet connection, then choose the file again.",
  // The browser hides why; a bucket on another origin most often lacks a
  // CORS rule for this site, so say where to look.
  storageRefused:
    "The storage at {target} refused the upload from this page: its CORS rules must allow PUT with Content-Type from {origin}.",
  sendUnanswered:
    "The server could not be reached, so this may or may not have been {what}. Everything is still filled in: once your internet connection is back, press the button again. It is never posted twice: if it did arrive, the page says so instead.",
  listOutdated:
    "This list stopped refreshing: this browser now acts for another TikTok account (switched or signed out in another tab). Reload the page to see the account it acts for.",
  // While PM3K's TikTok app is unaudited (docs/posting.md#unaudited-apps).
  unauditedReason:
    "Posts stay private (Only me) until this app passes TikTok's audit: until then TikTok lets it make only private posts.",
  unauditedAccount:
    "Your TikTok account itself must be private too: TikTok refuses posts from such apps to public accounts (TikTok app: Settings and privacy → Privacy → Private account).",
  confirmNotPosted:
    "Mark this post as not posted? Its video and caption can then be posted again: if TikTok did post it, it would appear twice.",
  confirmRegenerate:
    "Regenerate the API key? The current key stops working at once: every automation using it fails until you paste the new one.",
  photoNotVideo:
    "{name} is a photo, and this card takes videos. To post photos, press Photos in the composer below and add them there.",
  fileNotVideo:
    "{name} is not a video: this card takes MP4, MOV and WebM videos.",
  // Not "up to 1080 px" nor "JPEG or WebP" alone: a phone's photo is larger
  // and a screenshot a PNG, and the composer makes them fit itself
  // (components/compose/photo_fit.ts, docs/dashboard.md#compose).
  photoField:
    `Add photos (1 to {max}; a PNG or other image becomes a JPEG; any over TikTok's ${PHOTO_MAX_SIDE_PX} px a side is scaled down)`,
  photoScaled:
    `, scaled down from {from} to TikTok's ${PHOTO_MAX_SIDE_PX} px a side`,
  // Not uploaded: TikTok takes JPEG and WebP only, and the upload would
  // count against the day's (components/compose/photo_fit.ts).
  photoNotConverted:
    "This browser could not convert it to a JPEG, so it was not uploaded: save it as a JPEG first.",
};

givePageWords(PAGE_WORDS);
