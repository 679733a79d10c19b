/**
 * Direct Post (docs/posting.md#direct-post): checks in the order of
 * docs/posting.md#order-of-checks — caption, media (source, photo rules,
 * fingerprint, probes, creator limits), duplicates, cooldown, posting
 * limits — then TikTok's init (a Direct Post, or a draft:
 * docs/posting.md#drafts) with PULL_FROM_URL from our storage, or a
 * video's file sent by FILE_UPLOAD (video_source.ts, drafts too), then
 * confirmation.
 * @module
 */
import { ulid } from "ulid";
import type { Account } from "../accounts/account_record.ts";
import type { UploadRecord } from "../media/media_record.ts";
import { TikTokApiError } from "../tiktok/tiktok_api_error.ts";
import type { CreatorInfo } from "../tiktok/creator_info_record.ts";
import { checkCaption } from "./caption_rules.ts";
import { captionMarkOf } from "./caption_marks.ts";
import { discardCopies, resolveMedia } from "./media_resolution.ts";
import type { MediaMemo, ResolvedMedia } from "./media_resolution.ts";
import { creatorInfoFor } from "./creator_info_lookup.ts";
import { rejectedTokenError } from "./token_rejection.ts";
import { checkCreatorRules, interactionFlags } from "./creator_rules.ts";
import {
  dailyCapForJob,
  isDirectPostCapRefusal,
} from "./daily_cap_refusals.ts";
import { accessTokenFor, checkConnected } from "./tiktok_session.ts";
import {
  confirmPost,
  markOutcomeUnknown,
  releasePost,
  reservePost,
} from "./post_reservation.ts";
import {
  isTikTokRateLimit,
  leftOutcomeUnknown,
  outcomeUnknown,
  outcomeUnknownError,
  tiktokAppError,
} from "./tiktok_errors.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { logFailure } from "../runtime/logger.ts";
import type { PostRecord } from "./post_record.ts";
import type {
  DirectPostInput,
  PrivacyLevel,
} from "./direct_post_input_record.ts";
import { checkScopeForMode, hasScope, postModeOf } from "./post_modes.ts";
import { checkAuditedPrivacy } from "./app_audit.ts";
import { defaultPrivacyNote, defaultPrivacyOf } from "./default_privacy.ts";
import { checkDraftFields } from "./draft_rules.ts";
import { initDraft } from "./draft_init.ts";
import { photoTitle } from "./photo_title.ts";
import {
  firstVideoSource,
  initVideoBySource,
  sendFileInBackground,
} from "./video_source.ts";
import type { StartedUpload } from "./video_source.ts";
import type { VideoFlags } from "../tiktok/post_info_record.ts";
import type { OnCopyProgress } from "../media/copy_progress.ts";

export { PRIVACY_LEVELS } from "./privacy_levels.ts";

/** The first status check of a new publish, then the follower's backoff. */
export const FIRST_CHECK_DELAY_MS = 5_000;

/** What preparing a post uses: its media, the creator and the caption rules. */
export type PreparePostDeps = Pick<
  AppDeps,
  | "kv"
  | "clock"
  | "config"
  | "storage"
  | "log"
  | "allowLoopback"
  | "fetchOptions"
  | "ingestLimits"
  | "tokenKey"
  | "tiktokOAuth"
  | "tiktokContent"
  | "stopWords"
>;

/** What posting uses: preparing, then TikTok's init and the first check. */
export type PostingDeps =
  & PreparePostDeps
  & Pick<AppDeps, "enqueueFollow" | "fileUpload">;

/** Who can view a post, as preparePost picked it. */
export interface PrivacyUsed {
  /** Null for a draft: the creator picks the privacy in TikTok. */
  privacy: PrivacyLevel | null;
  /** The post named none: the account's default applies. */
  isDefault: boolean;
}

/**
 * What the checks before the limits established about a post, its
 * privacy included.
 */
export interface PreparedPost extends PrivacyUsed {
  media: ResolvedMedia;
  info: CreatorInfo | null;
  token: () => Promise<string>;
  /** The title normalised by the caption rules, for the caption mark. */
  normalisedCaption: string;
}

/**
 * Steps 3 to 6 of the order of checks: connection, post mode and app,
 * caption, media, creator rules.
 * Shared by direct_post and the validation of scheduled jobs.
 * @param options.scheduledRun a job's run (resolveMedia)
 * @param options.scheduledFor the run time of a job being checked before it
 *   is stored: TikTok's daily caps judge it by that time (daily_cap_refusals.ts)
 * @param options.memo the media as an earlier check of the same request
 *   resolved it (a job moved by next_free): not resolved, nor fetched,
 *   again; kept there by the first check, even one refused later
 * @param options.onProgress told the media's copies as they run
 *   (docs/mcp.md#long-calls)
 */
export async function preparePost(
  deps: PreparePostDeps,
  account: Account,
  input: DirectPostInput,
  options: {
    scheduledRun?: boolean;
    scheduledFor?: number;
    memo?: MediaMemo;
    onProgress?: OnCopyProgress;
  } = {},
): Promise<PreparedPost> {
  // Reconnecting is the fix whatever else is wrong, and a disconnected
  // account's source is not downloaded for nothing (docs/posting.md).
  checkConnected(account);
  const mode = postModeOf(input);
  if (mode === "MEDIA_UPLOAD") checkDraftFields(input);
  // The account's default privacy counts as asked for: an unaudited app
  // refuses it too unless it is SELF_ONLY.
  const privacy = mode === "DIRECT_POST"
    ? input.privacy ?? defaultPrivacyOf(account)
    : null;
  const isDefault = privacy !== null && input.privacy === undefined;
  // A refusal of a privacy the post never sent says where it came from.
  const privacyNote = isDefault ? defaultPrivacyNote(privacy) : undefined;
  if (privacy !== null) {
    checkAuditedPrivacy(deps.config, privacy, privacyNote);
  }
  checkScopeForMode(account, mode, deps.config.site.serviceName);
  const normalisedCaption = checkCaption(input.title, deps.stopWords);
  // A refused post leaves nothing in storage.
  const copies: UploadRecord[] = [];
  try {
    const media = options.memo?.media ??
      await resolveMedia(deps, account, input, copies, options);
    if (options.memo) options.memo.media = { ...media, copies: [] };
    let accessToken: string | null = null;
    const token = async () =>
      accessToken ??= await accessTokenFor(deps, account);
    // creator_info needs video.publish; a drafts-only account goes without
    // (TikTok checks the draft's length itself).
    const info = mode === "DIRECT_POST" || hasScope(account, "video.publish")
      ? await creatorInfoFor(deps, account, token).catch((error) => {
        if (mode === "MEDIA_UPLOAD" && isDirectPostCapRefusal(error)) {
          return null;
        }
        if (options.scheduledFor === undefined) throw error;
        // A daily cap reached now is no refusal of a post a day ahead.
        const refusal = dailyCapForJob(
          error,
          options.scheduledFor,
          deps.clock.now(),
        );
        if (refusal) throw refusal;
        return null;
      })
      : null;
    checkCreatorRules(info, privacy, media, input, privacyNote);
    return { media, privacy, isDefault, info, token, normalisedCaption };
  } catch (error) {
    await discardCopies(deps, copies);
    throw error;
  }
}

/** Who can view a post `prepared` is: its privacy fields alone. */
export function privacyUsedBy(
  { privacy, isDefault }: PreparedPost,
): PrivacyUsed {
  return { privacy, isDefault };
}

/**
 * Posts to TikTok; returns the publish_id, the post and who can view it.
 * @param options.onProgress told the media's copies, then the sending to
 *   TikTok (docs/mcp.md#long-calls)
 */
export async function directPost(
  deps: PostingDeps,
  account: Account,
  input: DirectPostInput,
  options: { jobId?: string; onProgress?: OnCopyProgress } = {},
): Promise<{ publishId: string; post: PostRecord; privacy: PrivacyUsed }> {
  // 3–5. Post mode and app, caption, media, what the creator may post.
  const prepared = await preparePost(deps, account, input, {
    scheduledRun: options.jobId !== undefined,
    onProgress: options.onProgress,
  });
  try {
    const posted = await postPrepared(deps, account, input, prepared, options);
    return { ...posted, privacy: privacyUsedBy(prepared) };
  } catch (error) {
    // Refused before TikTok could pull the copies: nothing needs them. After
    // an unknown outcome, or a failed commit after TikTok accepted the post,
    // TikTok may be pulling them: they stay their 24 h.
    if (!leftOutcomeUnknown(error) && !postStageOf(error)?.accepted) {
      await discardCopies(deps, prepared.media.copies);
    }
    throw error;
  }
}

/**
 * Where a post stood when an error ended it, once it was reserved: whether
 * its reservation was let go again (TikTok refused it) and whether TikTok
 * had accepted it (a commit after TikTok's answer failed). Kept beside the
 * error, so its code and answer stay the contract's.
 */
interface PostStage {
  released: boolean;
  accepted: boolean;
}
const stagesOfErrors = new WeakMap<object, PostStage>();

function postStageOf(error: unknown): PostStage | null {
  return typeof error === "object" && error !== null
    ? stagesOfErrors.get(error) ?? null
    : null;
}

/**
 * Whether `error` left the post's reservation in place (slot, video and
 * caption held): the same post tried again would be refused as its own
 * duplicate, so a scheduled job must not be run again for it
 * (docs/scheduling.md#how-jobs-run).
 */
export function reservationHeld(error: unknown): boolean {
  const stage = postStageOf(error);
  return stage !== null && !stage.released;
}

/** Steps 7 to 11 of the order of checks, for a prepared post. */
async function postPrepared(
  deps: PostingDeps,
  account: Account,
  input: DirectPostInput,
  prepared: PreparedPost,
  options: { jobId?: string; onProgress?: OnCopyProgress },
): Promise<{ publishId: string; post: PostRecord }> {
  const { media, privacy, info } = prepared;
  // 6–8. Duplicates, cooldown and limits, reserved in one atomic step.
  const now = deps.clock.now();
  // A Direct Post video's flags, kept for a FILE_UPLOAD fallback's init
  // (a draft's inbox init takes none). Photos are always pulled.
  const videoFlags = input.kind === "video" && privacy !== null
    ? videoFlagsOf(input, privacy, info)
    : null;
  const post: PostRecord = {
    id: ulid(now),
    openId: account.openId,
    kind: input.kind,
    postMode: postModeOf(input),
    state: "reserved",
    publishId: null,
    tiktokStatus: null,
    failReason: null,
    raw: null,
    title: input.title,
    sourceUrls: input.kind === "video"
      ? [input.sourceUrl]
      : input.photoImages ?? [],
    ...(input.kind === "photo" ? { coverIndex: input.coverIndex } : {}),
    mediaUrls: media.mediaUrls,
    fingerprint: media.fingerprint,
    ...(media.sha256
      ? input.kind === "video"
        ? { videoSha256: media.sha256 }
        : { photosSha256: media.sha256 }
      : {}),
    captionHash: await captionMarkOf(prepared.normalisedCaption),
    createdAt: now,
    updatedAt: now,
    nextCheckAt: null,
    checks: 0,
    jobId: options.jobId ?? null,
    source: input.kind === "video"
      ? firstVideoSource(deps.config)
      : "PULL_FROM_URL",
    ...(videoFlags ? { videoFlags } : {}),
    ...(privacy !== null ? { privacy } : {}),
  };
  await reservePost(deps, post, media.hold);
  // What a failure from here says about the post (see postStageOf).
  const stage = { released: false, accepted: false };
  try {
    // 9. TikTok.
    options.onProgress?.({ stage: "sending" });
    const { publishId, started } = await initAtTikTok(
      deps,
      input,
      prepared,
      videoFlags,
      { openId: account.openId, postId: post.id },
    ).catch((error) => initFailed(deps, account, post, stage, error));
    stage.accepted = true;
    // 10. Commit.
    const confirmed = await confirmPost(
      deps,
      post.id,
      publishId,
      deps.clock.now() + FIRST_CHECK_DELAY_MS,
      started
        ? { source: "FILE_UPLOAD", uploadUntil: started.uploadUntil }
        : { source: "PULL_FROM_URL" },
    );
    // The chunks go beside the answer: the publish is recorded, and the
    // follower fails it if they never all arrive (docs/posting.md#video-source).
    if (started) sendFileInBackground(deps, confirmed, started);
    // The post is made: without the queue message, the follower's cron
    // still finds the check in the follow index.
    await deps.enqueueFollow?.(post.id, FIRST_CHECK_DELAY_MS).catch(
      logFailure(deps.log, "enqueueing the first status check", {
        open_id: account.openId,
        post_id: post.id,
      }),
    );
    return { publishId, post: confirmed };
  } catch (error) {
    if (typeof error === "object" && error !== null) {
      stagesOfErrors.set(error, stage);
    }
    throw error;
  }
}

/**
 * Step 9, TikTok's init of the post: a video by the configured source
 * (Direct Post or draft alike), a photo draft, or a Direct Post photo.
 * `started` is the FILE_UPLOAD of a video whose chunks are still to send.
 */
async function initAtTikTok(
  deps: PostingDeps,
  input: DirectPostInput,
  { media, privacy, info, token }: PreparedPost,
  videoFlags: VideoFlags | null,
  owner: { openId: string; postId: string },
): Promise<{ publishId: string; started: StartedUpload | null }> {
  if (input.kind === "video") {
    // Direct Post or draft, by TIKTOK_VIDEO_SOURCE alike.
    return await initVideoBySource(
      deps,
      await token(),
      videoFlags
        ? {
          postMode: "DIRECT_POST",
          postInfo: { ...videoFlags, title: input.title },
        }
        : { postMode: "MEDIA_UPLOAD" },
      media.mediaUrls[0],
      owner,
    );
  }
  const publishId = privacy === null
    ? await initDraft(deps, await token(), input, media.mediaUrls)
    : await initDirectPhoto(
      deps,
      await token(),
      { input, privacy, info, mediaUrls: media.mediaUrls },
    );
  return { publishId, started: null };
}

/**
 * After TikTok's init failed: lets the reservation go unless the outcome is
 * unknown (`stage.released`), then throws the error to answer. With no
 * answer in time TikTok may still have made the post: the reservation
 * (slot, video, caption) is kept, so a retry is refused as a duplicate
 * rather than posted twice, the post is marked for the lists, and the
 * answer says so (`outcome: "unknown"`, its `post_id`).
 */
async function initFailed(
  deps: PostingDeps,
  account: Account,
  post: PostRecord,
  stage: PostStage,
  error: unknown,
): Promise<never> {
  if (outcomeUnknown(error)) {
    await markOutcomeUnknown(deps, post.id).catch(
      logFailure(deps.log, "marking a post whose outcome is unknown", {
        open_id: account.openId,
        post_id: post.id,
      }),
    );
    throw outcomeUnknownError(error, post.id);
  }
  await releasePost(deps, post, { cooldown: isTikTokRateLimit(error) });
  stage.released = true;
  if (error instanceof TikTokApiError) {
    throw (await rejectedTokenError(deps, account, error)) ??
      tiktokAppError(error, deps.config.site.serviceName);
  }
  throw error;
}

/** A Direct Post video's post_info but its title: privacy and flags. */
function videoFlagsOf(
  input: DirectPostInput,
  privacy: string,
  info: CreatorInfo | null,
): VideoFlags {
  const allowed = interactionFlags(input, info);
  return {
    privacy_level: privacy,
    disable_comment: allowed.disable_comment,
    brand_content_toggle: input.adBrandedContent,
    brand_organic_toggle: input.adYourBrand,
    disable_duet: allowed.disable_duet,
    disable_stitch: allowed.disable_stitch,
  };
}

/** A Direct Post photo's init: post_info with the checked privacy and flags. */
async function initDirectPhoto(
  deps: Pick<AppDeps, "tiktokContent">,
  accessToken: string,
  { input, privacy, info, mediaUrls }: {
    input: Extract<DirectPostInput, { kind: "photo" }>;
    privacy: string;
    info: CreatorInfo | null;
    mediaUrls: string[];
  },
): Promise<string> {
  const allowed = interactionFlags(input, info);
  return await deps.tiktokContent.initPhoto(accessToken, {
    privacy_level: privacy,
    disable_comment: allowed.disable_comment,
    brand_content_toggle: input.adBrandedContent,
    brand_organic_toggle: input.adYourBrand,
    // Photo titles stop at 90 characters; the whole caption goes in the description.
    title: photoTitle(input.title),
    description: input.title,
    auto_add_music: input.autoAddMusic,
  }, { urls: mediaUrls, coverIndex: input.coverIndex });
}
