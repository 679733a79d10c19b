/**
 * Sentences a page carries in its HTML rather than in the island bundles
 * (docs/dashboard.md#budget): long, fixed words the islands may show (an
 * error's or a network cut's words, a question before an action), written
 * once by the server in a JSON script beside the islands' props. The
 * browser reads that script; the server, rendering the same islands, is
 * given the words by lib/islands/page_words.ts, which takes them from lib/.
 * @module
 */
/** The words of {@link pageWords}. */
export interface PageWords {
  /** What is said of a post whose outcome is unknown. */
  outcomeUnknown: string;
  /** The dashboard's words for API error codes (error_words.ts). */
  errorCodes: Record<string, string>;
  /** A refused change or cancel of a scheduled post, by its job's state. */
  jobSettled: Record<string, string>;
  /** A refusal by code naming the scheduled post at `{at}` in the way. */
  jobHolds: Record<string, string>;
  /** Posting now refused for a post scheduled at `{at}`, within the hour. */
  intervalHold: string;
  /** Posting now refused for the posts scheduled within the day. */
  dailyHold: string;
  /** A call that got no answer (api_client.ts). */
  networkError: string;
  /** An answer that is not the API's JSON nor busy (api_client.ts). */
  notAsExpected: string;
  /** An upload to this server cut off (api_client.ts). */
  uploadStopped: string;
  /** An upload the creator cancelled (the upload card's Cancel). */
  uploadCancelled: string;
  /** A copy from a link the creator cancelled (the upload card's Cancel). */
  copyCancelled: string;
  /** An upload refused by storage at `{target}` for page `{origin}`. */
  storageRefused: string;
  /** A post or schedule sent with no answer: `{what}` "sent"/"scheduled". */
  sendUnanswered: string;
  /** A run time typed in the composer or the calendar that has passed. */
  pastRunTime: string;
  /** The server busy (429/503), to try again `{when}` (api_client.ts). */
  serverBusy: string;
  /** A typed time the clocks skip: `{time}`, `{day}`, `{zone}`, `{real}`. */
  clocksForward: string;
  /** A typed time shown twice: `{time}`, `{day}`, `{zone}`, `{at}`. */
  clocksBack: string;
  /** A live list stopped refreshing (StatusRegion.tsx). */
  listOutdated: string;
  /** Why only "Only me" is offered (UnauditedNotice.tsx). */
  unauditedReason: string;
  /** That the TikTok account must be private too (UnauditedNotice.tsx). */
  unauditedAccount: string;
  /** The account looks public: `{open}` left open (UnauditedNotice.tsx). */
  unauditedPublic: string;
  /** The question before marking a post not posted (the posts page). */
  confirmNotPosted: string;
  /** The question before regenerating the API key (Settings). */
  confirmRegenerate: string;
  /** A photo dropped on the upload card, `{name}` (UploadCard.tsx). */
  photoNotVideo: string;
  /** Any other file that is no video, `{name}` (UploadCard.tsx). */
  fileNotVideo: string;
  /** The composer's photo field, at most `{max}` photos (PhotoUploads.tsx). */
  photoField: string;
  /** A photo's line once scaled down, from `{from}` (PhotoUploads.tsx). */
  photoScaled: string;
  /** A photo no JPEG or WebP this browser could not convert (photo_fit.ts). */
  photoNotConverted: string;
  /** A file picked as a photo that this browser cannot read (photo_fit.ts). */
  photoNotPicture: string;
  /**
   * A photo post refused as `video_duplicate` (components/compose/
   * post_outcome.ts): the API's words name a video URL.
   */
  photosPosted: string;
  /** A post now refused by the account's own last post (interval_limit). */
  ownHourLimit: string;
  /** The composer's fixed sentences (components/compose/), by name. */
  compose: Record<ComposeWord, string>;
  /** The upload card's fixed sentences (components/compose_page/UploadCard.tsx), by name. */
  upload: Record<UploadWord, string>;
  /** The lists' and Settings cards' fixed sentences, by name. */
  cards: Record<CardWord, string>;
  /** A webhook delivery's words (webhook_words.ts), by name. */
  webhook: Record<WebhookWord, string>;
}

/** Names of {@link PageWords.compose}. */
export type ComposeWord =
  | "discloseReason"
  | "yourBrandReason"
  | "brandedReason"
  | "choiceMissing"
  | "brandedPrivate"
  | "draftsNote"
  | "draftVideoCaption"
  | "draftPhotoCaption"
  | "postFailed"
  | "postFailedWhy"
  | "draftSent"
  | "sentProcessing"
  | "progressShows"
  | "albumRequest"
  | "albumKept"
  | "couldNotCheck"
  | "cannotTake"
  | "pausedUntil"
  | "pausedNow"
  | "againDraft"
  | "againPost"
  | "nowPaused"
  | "nowLimited"
  | "pastKept"
  | "beforeNextFree"
  | "labeled"
  | "turnedOff"
  | "asking"
  | "checkingAgain"
  | "needsPrivacy"
  | "needsVideo"
  | "needsPhotos"
  | "needsUpload"
  | "needsTime"
  | "scheduledTail"
  | "outcomeListed"
  | "albumSummary"
  | "previewVideo"
  | "nothingToPreview"
  | "consentLead"
  | "musicUsageUrl"
  | "brandedContentUrl"
  | "captionTooLong"
  | "toDrafts"
  | "videoUnknown"
  | "sameFilePosted"
  | "whoCanView"
  | "chooseWhoCanView"
  | "allowLegend"
  | "allowComments"
  | "allowDuet"
  | "allowStitch"
  | "commercialContent"
  | "discloseContent"
  | "yourBrand"
  | "brandedContent"
  | "uploadOnly"
  | "albumKeptUntil"
  | "reconnect"
  | "noPublish";

/** Names of {@link PageWords.upload}. */
export type UploadWord =
  | "linkLabel"
  | "copyingTail"
  | "chosen"
  | "posted"
  | "failed"
  | "scheduledTail"
  | "jobFailed"
  | "listed"
  | "automationHint"
  | "dropHere"
  | "urlLabel"
  | "currentUploads"
  | "copyingFrom"
  | "chooseVideo"
  | "linkExample"
  | "fetchVideo"
  | "noUploads";

/** Names of {@link PageWords.cards}. */
export type CardWord =
  | "rescheduled"
  | "captionChanged"
  | "rescheduledCaption"
  | "notPostedFrom"
  | "notPostedTail"
  | "notThere"
  | "notThereYes"
  | "jobsEditHint"
  | "copyFailed"
  | "keyOnce"
  | "regenerateNote"
  | "webhookSaved"
  | "webhookTested"
  | "webhookRemoved"
  | "webhookRemoveAsk"
  | "domainAdded"
  | "domainChecked"
  | "domainStays"
  | "domainRemoveAsk"
  | "cancelScheduledAsk"
  | "noVideos"
  | "noAlbums"
  | "nothingThis"
  | "sentBy"
  | "keepKey"
  | "newKey"
  | "showSecret"
  | "technicalDetails";

/** Names of {@link PageWords.webhook}. */
export type WebhookWord =
  | "serverError"
  | "noPage"
  | "notLetIn"
  | "redirect"
  | "turnedDown"
  | "refused"
  | "timeout"
  | "noName"
  | "privateAddress"
  | "certificate"
  | "cutOff"
  | "removed"
  | "unreachable"
  | "pendingAt"
  | "pendingSoon"
  | "stopped"
  | "delivered"
  | "deliveredOnTry"
  | "notSent";

/** Id of the JSON script that holds the words in a page. */
export const PAGE_WORDS_ID = "pm3k-page-words";

let words: PageWords | undefined;

/** Server side: the words islands rendered on the server read. */
export function givePageWords(given: PageWords): void {
  words = given;
}

/** The page's words: given on the server, read from the page in the browser. */
export function pageWords(): PageWords {
  return words ??= JSON.parse(
    document.getElementById(PAGE_WORDS_ID)!.textContent!,
  );
}

/**
 * `text` with each `{name}` replaced by `values[name]` (a function, so a
 * `$` in a value is kept as it is).
 */
export function fillWords(
  text: string,
  values: Record<string, string | number>,
): string {
  return text.replace(
    /\{(\w+)\}/g,
    (all, name) => Object.hasOwn(values, name) ? String(values[name]) : all,
  );
}
