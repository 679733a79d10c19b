/**
 * The words every page with islands carries in its HTML, not in the
 * bundles (components/page_words.ts, docs/dashboard.md#budget), and given
 * to the islands the server renders as soon as this module is loaded.
 * @module
 */
import { givePageWords } from "../../components/page_words.ts";
import type { PageWords } from "../../components/page_words.ts";
import { OUTCOME_UNKNOWN_SENTENCE } from "../tiktok/fail_reasons.ts";
import { POSTING_LIMITS } from "../plans.ts";
import { PHOTO_MAX_SIDE_PX } from "../media/photo_limits.ts";
import {
  BRANDED_CONTENT_URL,
  MUSIC_USAGE_URL,
} from "../tiktok/tiktok_policies.ts";
import { CAPTION_MAX_UNITS } from "../../components/compose_rules.ts";
import { DUPLICATE_WINDOW_MS } from "../posting/post_reservation.ts";
import { spokenDuration } from "../site/spoken_duration.ts";
import { outcomeUnknownReuse } from "../media/outcome_unknown_words.ts";

/** "in the last 12 months": the duplicate window (docs/posting.md#duplicates). */
const IN_WINDOW = `in the last ${spokenDuration(DUPLICATE_WINDOW_MS)}`;

/** The words, as the page's JSON script holds them. */
export const PAGE_WORDS: PageWords = {
  outcomeUnknown: OUTCOME_UNKNOWN_SENTENCE,
  // The dashboard's own words for API errors (components/error_words.ts,
  // docs/dashboard.md#words-not-codes).
  errorCodes: {
    // Short: until when, and that Schedule still works, is said once,
    // beside the composer's "Now" (docs/dashboard.md#words-not-codes).
    tiktok_rate_limit: "TikTok asked to slow down, so this was not posted.",
    tiktok_cooldown: "TikTok paused posting, so this was not posted.",
    // The contract's "This video URL was already used…" is for scripts
    // (docs/posting.md#duplicates); a photo post's is photosPosted below.
    // Also said at once when the composer's video was posted already.
    video_duplicate:
      `This video was already posted on this TikTok account ${IN_WINDOW}.`,
    // The contract's "…sign in with TikTok again in the dashboard" is for
    // API clients; here Reconnect with TikTok follows these words
    // (docs/dashboard.md#compose).
    tiktok_reauth_required:
      "TikTok access for this account ended, so nothing can be posted until you reconnect.",
  },
  // A post now refused by the account's own last post (interval_limit
  // naming no other post): the API's "You must wait about 56 more
  // minutes before next TikTok post." is the contract's, for scripts.
  ownHourLimit:
    "Posts from one TikTok account go at least an hour apart, so this was not posted.",
  photosPosted:
    `These photos were already posted on this TikTok account ${IN_WINDOW}.`,
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
  // Refusals naming the scheduled post in the way (`job_id`, `run_at`):
  // the API's words name REST and MCP calls (lib/media/media_deletion.ts,
  // lib/posting/scheduled_duplicates.ts); a creator reads about the post.
  jobHolds: {
    conflict:
      "A post scheduled for {at} uses this media: cancel that post first, then delete this.",
    video_duplicate:
      "A post scheduled for {at} already has this video, and a scheduled post's video cannot be changed: cancel that post first.",
    // The composer's album held so (components/compose/post_outcome.ts).
    photo_duplicate:
      "A post scheduled for {at} already has these photos, and a scheduled post's photos cannot be changed: cancel that post first.",
    caption_duplicate_account:
      "A post scheduled for {at} already has this caption: change that post's caption or cancel it first.",
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
  // The upload card's Cancel (docs/media.md#uploads): the upload started
  // is left pending, and the server drops it when its window ends.
  uploadCancelled:
    "Upload cancelled: nothing was kept. Choose it again to upload it.",
  // The same Cancel beside a link being copied: the server stops the copy
  // and keeps nothing (docs/media.md#uploads-from-a-url); the link stays.
  copyCancelled:
    "Copy cancelled: nothing was kept. Press Fetch video to copy it again.",
  // The browser hides why; a bucket on another origin most often lacks a
  // CORS rule for this site, so say where to look.
  storageRefused:
    "The storage at {target} refused the upload from this page: its CORS rules must allow PUT with Content-Type from {origin}.",
  sendUnanswered:
    "The server could not be reached, so this may or may not have been {what}. Everything is still filled in: once your internet connection is back, press the button again. It is never posted twice: if it did arrive, the page says so instead.",
  // The API refuses it in words for scripts ("run_at is in the past").
  pastRunTime: "That time has passed: pick a date and time in the future.",
  serverBusy:
    "The server is busy and did not take this request: try again {when}.",
  // components/local_times.ts, typedTimeNote: times on the locale's clock.
  clocksForward:
    "{time} is skipped on {day} in {zone}, as the clocks go forward: this is {real}.",
  clocksBack:
    "{time} happens twice on {day} in {zone}, as the clocks go back: this is the first, {at}.",
  listOutdated:
    "This list stopped refreshing: this browser now acts for another TikTok account (switched or signed out in another tab). Reload the page to see the account it acts for.",
  // While PM3K's TikTok app is unaudited (docs/posting.md#unaudited-apps).
  unauditedReason:
    "Posts stay private (Only me) until this app passes TikTok's audit: until then TikTok lets it make only private posts.",
  unauditedAccount:
    "Your TikTok account itself must be private too: TikTok refuses posts from such apps to public accounts (TikTok app: Settings and privacy → Privacy → Private account).",
  // Said instead when creator_info makes the account look public, by the
  // audit check's rule (lib/tiktok_app/account_looks_public.ts).
  unauditedPublic:
    "This account looks public: an unaudited app's posts must be private (SELF_ONLY), and TikTok refuses them from a public account. It leaves {open} open, which TikTok turns off for a private account: make it private (TikTok app: Settings and privacy → Privacy → Private account), then reload this page.",
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
  // Its bytes are no image this browser decodes (a ".png" that is a text
  // file): not uploaded either (docs/dashboard.md#compose). A HEIC photo
  // Chromium cannot decode keeps photoNotConverted.
  photoNotPicture:
    "This file is not a picture this browser can read (JPEG, PNG, WebP, GIF…), so it was not uploaded.",
  // The composer's fixed sentences, here rather than in its bundle
  // (docs/dashboard.md#budget); `{at}` is a local time.
  compose: {
    discloseReason:
      "Turn on to disclose that this post promotes goods or services in exchange for something of value.",
    yourBrandReason: "You are promoting yourself or your own business.",
    brandedReason: "You are promoting another brand or a third party.",
    choiceMissing:
      "You need to indicate if your content promotes yourself, a third party, or both.",
    brandedPrivate: "Branded content visibility cannot be set to private.",
    // `{music}` is ", music" for photos (components/compose/DraftsChoice.tsx).
    draftsNote:
      "The post goes to your TikTok inbox as a draft: you choose who can view it, interactions{music} and disclosure in the TikTok app when you finish it. ",
    draftVideoCaption:
      "TikTok does not take a video draft's caption: it is kept in Your posts, and you paste it in TikTok.",
    draftPhotoCaption: "TikTok keeps the caption.",
    // Its link goes to the post's row in Your posts.
    postFailed: "TikTok could not post it: ",
    postFailedWhy: "why shows under Your posts",
    draftSent:
      "Sent to your TikTok drafts: open the notification in the TikTok app to finish the post.",
    sentProcessing:
      "Sent to TikTok. Processing {processing}; the post then appears on your TikTok profile.",
    progressShows: "Its progress shows under Your posts.",
    albumRequest:
      "The request for the album as composed above; it updates as each upload completes.",
    albumKept:
      ": use the JSON above in n8n or Make with /api/tiktok/direct_post.",
    couldNotCheck:
      "Could not check with TikTok what this account can post: {why}",
    cannotTake: "TikTok cannot take a post from this account now: {why}",
    pausedUntil:
      "TikTok is not taking posts from this account until {at}. Try again then.",
    pausedNow:
      "TikTok is not taking posts from this account right now. Try again later.",
    againDraft:
      "It goes to your TikTok drafts again, where you choose who can view it.",
    againPost: "Choose who can view it, interactions and disclosure again.",
    nowPaused:
      "TikTok paused posting for this account until {at}: choose Schedule to post it then or later.",
    nowLimited: "Next post possible at {at}; you can schedule one for then.",
    pastKept:
      "Your plan keeps files {kept}, so {media} can be posted by {at} at the latest: pick that time or sooner, or upload it closer to the date.",
    beforeNextFree:
      "This account's posting limits take posts again from {at}: pick that time or later.",
    labeled: "Your {mode} will be labeled as '{label}'.",
    turnedOff: "Turned off in this account's TikTok settings.",
    asking: "Asking TikTok what this account can post…",
    checkingAgain: "Checking with TikTok again…",
    // Beside the disabled post button: each starts with its space.
    needsPrivacy: " Choose who can view this post first.",
    needsVideo: " Choose a video first.",
    needsPhotos: " Add photos first.",
    needsUpload: " Wait for the upload to finish.",
    needsTime: " Pick the date and time first.",
    scheduledTail: ". It is listed under Scheduled posts.",
    outcomeListed: " It is listed under Your posts as “Outcome unknown”.",
    albumSummary: "Use this album from n8n, Make or your scripts",
    previewVideo: "Preview of the chosen video",
    nothingToPreview: "Nothing to preview yet.",
    consentLead: "By posting, you agree to TikTok's ",
    // The fields' names, in TikTok's audit's words (docs/tiktok-audit.md).
    toDrafts: "Send to TikTok drafts",
    // A video chosen whose post's outcome is unknown, under the picker,
    // as the media page says it (docs/dashboard.md#freshness).
    videoUnknown: outcomeUnknownReuse("this video"),
    // The same bytes from another upload: not refused, so warned
    // (docs/dashboard.md#reused-media).
    sameFilePosted:
      "This file was already posted on this TikTok account from another upload: posted again, it shows twice.",
    whoCanView: "Who can view this post",
    chooseWhoCanView: "Choose who can view…",
    allowLegend: "Allow users to",
    allowComments: "Allow comments",
    allowDuet: "Allow Duet",
    allowStitch: "Allow Stitch",
    commercialContent: "Commercial content",
    discloseContent: "Disclose post content",
    yourBrand: "Your brand",
    brandedContent: "Branded content",
    uploadOnly: "Upload only (get link)",
    albumKeptUntil: "Album kept until ",
    reconnect: "Reconnect with TikTok",
    // Beside Post now and Schedule for an account that withheld
    // video.publish at sign-in (docs/dashboard.md#drafts-only-accounts).
    noPublish:
      " You did not allow posting directly when you signed in with TikTok: send it to your TikTok drafts, or sign in again and allow it. ",
    musicUsageUrl: MUSIC_USAGE_URL,
    brandedContentUrl: BRANDED_CONTENT_URL,
    // `{over}` characters over, `{s}` its plural (components/CaptionField.tsx).
    captionTooLong:
      `The caption is {over} character{s} too long: TikTok takes at most ${
        CAPTION_MAX_UNITS.toLocaleString("en-US")
      } (most emoji count as 2; families, flags and skin tones as 4 or more).`,
  },
  // Where the upload card's latest video is now (components/compose_page/UploadCard.tsx).
  upload: {
    linkLabel:
      "Or paste a link: a Google Drive, Dropbox or OneDrive for work or school share link, or any link that downloads the video",
    copyingTail: "into its storage; a large file takes a minute or two.",
    chosen: "it is ready in the composer below.",
    posted: "it was sent to TikTok; its progress shows under Your posts.",
    failed:
      "it was sent to TikTok, which could not post it: why, and Post again, show under Your posts.",
    scheduledTail: "; it is listed under Scheduled posts.",
    // Its scheduled post failed at its time: `{why}` is the job's error.
    jobFailed:
      "its scheduled post failed when its time came: {why} The video is kept: once that is fixed, choose it in the composer below to try again.",
    listed: "it is listed in the composer's videos below.",
    automationHint: "Posting from n8n, Make or a script? Give it this URL:",
    dropHere: "Choose a video or drop it here",
    urlLabel: "URL of the uploaded video",
    currentUploads: "Your current uploads",
    copyingFrom: " is copying the video from ",
    chooseVideo: "Choose a video",
    linkExample: "https://www.dropbox.com/scl/fi/…",
    fetchVideo: "Fetch video",
    noUploads: "No uploads yet.",
  },
  // The posts and scheduled posts lists, and the Settings cards;
  // `{service}` is SERVICE_NAME (docs/configuration.md#the-service-name).
  cards: {
    notPostedFrom:
      "TikTok may still be processing it. If it is still not on your TikTok profile from ",
    notPostedTail: ", say so here, and its video can be posted again.",
    notThere: "It is not on my TikTok profile",
    notThereYes: "Yes, it is not there",
    jobsEditHint:
      "To change a scheduled post's time or caption, use its Edit on the ",
    copyFailed: "Copy failed: select the key and copy it by hand.",
    keyOnce: "Copy your key now: it is shown only once.",
    regenerateNote: " Regenerating revokes the current key at once.",
    webhookSaved: "Saved: {service} sends events to {url}.",
    webhookTested: "Sent a test event: its delivery is listed below.",
    webhookRemoved: "Removed the webhook: {service} sends it no more events.",
    webhookRemoveAsk:
      "Remove the webhook? {service} stops sending events to it.",
    domainAdded: "Added {domain}. Put its file in place, then click Verify.",
    domainChecked: "Checked {domain}: its file is in place.",
    domainStays: " {domain} stays verified; remove it to stop using it.",
    domainRemoveAsk: "Remove {domain}? Its URLs stop working as sources.",
    cancelScheduledAsk: "Cancel this scheduled post?",
    // A calendar post saved (islands/CalendarView.tsx): `{post}` named by
    // its caption as saved, `{at}` its new time; what changed, said alone.
    rescheduled: "Rescheduled {post} to {at}.",
    captionChanged: "Changed the caption of {post}.",
    rescheduledCaption: "Rescheduled {post} to {at} and changed its caption.",
    // Either side of a link (islands/MediaLibrary.tsx, CalendarView.tsx).
    noVideos: "No videos. Upload one on the ",
    noAlbums: ", choose Photos to upload some.",
    nothingThis: "Nothing scheduled or posted this {view}. ",
    // Who sent a post to TikTok, whichever way TikTok got its media (the
    // API's `source`, for operators): `{name}` is SERVICE_NAME or a host.
    sentBy: "Sent by {name}",
    keepKey: "Keep the current key",
    newKey: "Your new API key",
    showSecret: "Show signing secret",
    technicalDetails: "Technical details",
  },
  // Why a webhook delivery failed, and what comes next
  // (components/webhook_words.ts, docs/dashboard.md#words-not-codes).
  webhook: {
    serverError: "your server had a problem (it answered {code})",
    noPage: "your server has no page at this URL (it answered 404)",
    notLetIn: "your server did not let the event in (it answered {code})",
    redirect:
      "your server answered with a redirect, which is not followed: save the final URL",
    turnedDown: "your server turned the event down (it answered {code})",
    refused: "your server refused the connection",
    timeout: "your server did not answer in time",
    noName: "the server's name could not be found",
    privateAddress:
      "events are not sent to this address: use a public https URL",
    certificate: "your server's https certificate was not accepted",
    cutOff: "the connection was cut off",
    removed: "the webhook was removed",
    unreachable: "your server could not be reached",
    pendingAt: "Not delivered yet: {why}. Next try at {at}.",
    pendingSoon: "Not delivered yet: {why}. Another try comes soon.",
    stopped: "Not delivered: {why}. Stopped trying after {attempts} {tries}.",
    delivered: "Delivered.",
    deliveredOnTry: "Delivered on try {attempts}.",
    notSent: "Not sent yet.",
  },
};

givePageWords(PAGE_WORDS);
