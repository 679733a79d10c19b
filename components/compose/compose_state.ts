/**
 * What the composer's choices allow (docs/dashboard.md#tiktok-audit-checklist):
 * the privacy levels offered, the disclosure's state, why the media or the
 * time cannot go, and whether the post button waits. Derived anew on every
 * render from the island's state; nothing here keeps any.
 * @module
 */
// Types only: the schemas (and zod) stay on the server.
import type { CreatorInfoResponse } from "../../lib/http/api_responses.ts";
import type { ComposePrefill } from "../../lib/posting/post_again.ts";
import type { CaptionCheck } from "../CaptionField.tsx";
import { scheduleTiming } from "./schedule_timing.ts";
import type { ScheduleInput, ScheduleTiming } from "./schedule_timing.ts";

/** The composer's state that the rules read. */
export interface ComposeInput extends ScheduleInput {
  /** creator_info, once TikTok answered it. */
  info: CreatorInfoResponse | null;
  /** Why creator_info was refused, or null. */
  infoError: string | null;
  /** False while the TikTok app is not audited: only "Only me" works. */
  appAudited: boolean;
  /** The account granted `video.upload`: drafts can be sent. */
  canDraft: boolean;
  /**
   * The account granted `video.publish`: it can post directly, and
   * creator_info is asked (docs/dashboard.md#drafts-only-accounts).
   */
  canPublish: boolean;
  /** The post made again, until it is sent. */
  again: Pick<ComposePrefill, "kind" | "mediaMissing"> | null;
  mode: "video" | "photo";
  /** The chosen video's URL, or "". */
  source: string;
  /**
   * The chosen video was posted on the account already: TikTok's
   * duplicate rule refuses it (docs/dashboard.md#reused-media).
   */
  posted: boolean;
  /** The album's uploaded photos. */
  images: string[];
  /**
   * Media of this mode is still uploading: a photo picked for the album,
   * or a video in the upload card.
   */
  uploading: boolean;
  /** The chosen video's length: the upload's, else the preview's. */
  seconds: number | null;
  toDrafts: boolean;
  privacy: string;
  disclose: boolean;
  yourBrand: boolean;
  brandedContent: boolean;
  caption: CaptionCheck;
  /** A post is being sent. */
  busy: boolean;
}

export interface ComposeState extends ScheduleTiming {
  /** TikTok takes no post from this account now. */
  cannotPost: boolean;
  /**
   * Post now or Schedule chosen (not drafts) by an account that did not
   * allow posting directly: the button says so.
   */
  noPublish: boolean;
  /** The privacy levels offered, from creator_info. */
  privacyOptions: string[];
  /** A draft: the creator sets privacy and the rest in the TikTok app. */
  drafting: boolean;
  /** Disclosed as branded content: a "Paid partnership". */
  branded: boolean;
  /** Disclosure open with neither of its boxes ticked. */
  choiceMissing: boolean;
  /** The chosen video is longer than the creator may post. */
  tooLong: { seconds: number; maxSeconds: number } | null;
  /** The chosen video was posted already: the picker says so. */
  videoPosted: boolean;
  /**
   * A post made again's media is gone and no other is chosen: the
   * sentence saying so, "" otherwise.
   */
  againMissing: string;
  /** No privacy chosen where one must be: the button says so. */
  needsPrivacy: boolean;
  /**
   * Branded content holds the button: chosen with "Only me", or "Only me"
   * the one option (an unaudited app), so there is nothing to choose.
   */
  privateBranded: boolean;
  /**
   * Which media is still to choose, when none is, or "uploading" while
   * media picked is on its way (the button says so).
   */
  needsMedia: "video" | "photo" | "uploading" | null;
  /** Schedule is chosen with no time yet: the button says so. */
  needsTime: boolean;
  /** The caption breaks a rule or is too long (its field says which). */
  captionProblem: boolean;
  /** "Now" is chosen during TikTok's cooldown: the button says so. */
  nowPaused: boolean;
  /** The post button waits. */
  blocked: boolean;
}

export function composeState(s: ComposeInput, now = Date.now()): ComposeState {
  const { info, mode, privacy, when } = s;
  // What creator_info allows (TikTok's audit point 1 and 2).
  const cannotPost = s.infoError !== null ||
    (info !== null && info.available === false);
  const privacyOptions = (info?.privacy_level_options ?? []).filter((p) =>
    s.appAudited || p === "SELF_ONLY"
  );
  const drafting = s.toDrafts && s.canDraft;
  const branded = !drafting && s.disclose && s.brandedContent;
  const choiceMissing = !drafting && s.disclose && !s.yourBrand &&
    !s.brandedContent;
  // Branded content cannot be private (TikTok's audit point 4): with "Only
  // me" alone offered, the disclosure holds the button, not a privacy.
  const privateBranded = branded &&
    (privacy === "SELF_ONLY" || privacyOptions.every((p) => p === "SELF_ONLY"));
  const { seconds } = s;
  const maxSeconds = info?.max_video_post_duration_sec ?? null;
  const tooLong = mode === "video" && seconds !== null && maxSeconds !== null &&
      seconds > maxSeconds
    ? { seconds, maxSeconds }
    : null;
  const videoPosted = mode === "video" && !!s.source && s.posted;
  const captionProblem = s.caption.problem !== null || s.caption.overLimit;
  const noMedia = mode === "video" ? !s.source : s.images.length === 0;
  // Photos still uploading hold the button (a post would leave them out);
  // a video uploading is said in place of "Choose a video first".
  const uploading = s.uploading && (mode === "photo" || noMedia);
  // Said plainly until other media is chosen (docs/posting.md#posts-page).
  // Its words are the server's (lib/posting/post_again.ts); "" for none.
  const againMissing = s.again && mode === s.again.kind && noMedia &&
      s.again.mediaMissing || "";
  const needsTime = when === "schedule" && !s.localRunAt;
  const timing = scheduleTiming(s, now);
  const { inCooldown, runAtPassed, pastKept } = timing;
  // An account without video.publish has no creator_info to wait for:
  // drafts only (docs/dashboard.md#drafts-only-accounts).
  const noPublish = !s.canPublish && !drafting;
  const blocked = s.busy || cannotPost || noPublish ||
    (s.canPublish && info === null) ||
    (!privacy && !drafting) ||
    choiceMissing || privateBranded || tooLong !== null || videoPosted ||
    captionProblem ||
    noMedia || uploading || needsTime || runAtPassed || pastKept ||
    (when === "now" && inCooldown);
  return {
    ...timing,
    cannotPost,
    noPublish,
    privacyOptions,
    drafting,
    branded,
    choiceMissing,
    tooLong,
    videoPosted,
    againMissing,
    needsPrivacy: !privacy && !cannotPost && !drafting && !privateBranded &&
      !noPublish,
    privateBranded,
    needsMedia: cannotPost
      ? null
      : uploading
      ? "uploading"
      : noMedia
      ? mode
      : null,
    needsTime,
    captionProblem,
    nowPaused: when === "now" && inCooldown && !cannotPost,
    blocked,
  };
}
