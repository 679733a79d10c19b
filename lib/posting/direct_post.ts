/**
 * Direct Post (seed §4): checks in the order of design.md §5 — caption,
 * media (source, photo rules, fingerprint, probes, creator limits),
 * duplicates, cooldown, posting limits — then TikTok's init with
 * PULL_FROM_URL from our storage only, then confirmation.
 * @module
 */
import { ulid } from "ulid";
import { getTyped, keys } from "../kv_keys.ts";
import { AppError } from "../errors.ts";
import { sha256Hex } from "../crypto/hashing.ts";
import type { Account } from "../accounts/account_record.ts";
import { discardUpload, liveUploadByKey } from "../media/uploads.ts";
import type { UploadRecord, VideoProbe } from "../media/media_record.ts";
import { ingestExternalUrl, mediaFingerprint } from "../media/ingest.ts";
import { PHOTO_MAX_IMAGES } from "../media/photo_rules.ts";
import { TikTokApiError } from "../tiktok/tiktok_api_error.ts";
import type { CreatorInfo } from "../tiktok/creator_info_record.ts";
import { captionKey, checkCaption } from "./caption_rules.ts";
import {
  cachedCreatorInfo,
  fetchCreatorInfo,
  singleFlight,
} from "./creator_info_cache.ts";
import { accessTokenFor } from "./tiktok_session.ts";
import {
  confirmPost,
  cooldownError,
  releasePost,
  reservePost,
  TIKTOK_COOLDOWN_MS,
} from "./post_reservation.ts";
import {
  isTikTokRateLimit,
  outcomeUnknown,
  tiktokAppError,
} from "./tiktok_errors.ts";
import type { PostingDeps } from "./posting_deps.ts";
import type { PostRecord } from "./post_record.ts";
import type { DirectPostInput } from "./direct_post_input_record.ts";

export { PRIVACY_LEVELS } from "./privacy_levels.ts";

/** The first status check of a new publish, then the follower's backoff. */
export const FIRST_CHECK_DELAY_MS = 5_000;

export interface ResolvedMedia {
  mediaUrls: string[];
  fingerprint: string;
  video: VideoProbe | null;
  /** Copies made from verified domains for this post (TikTok pulls them). */
  copies: UploadRecord[];
}

/** Deletes the copies a post made, once they can no longer be pulled. */
export async function discardCopies(
  deps: PostingDeps,
  copies: readonly UploadRecord[],
): Promise<void> {
  for (const copy of copies) {
    await discardUpload(deps, copy).catch(() => {});
  }
}

async function resolveOne(
  deps: PostingDeps,
  account: Account,
  url: string,
  kind: "video" | "image",
  copies: UploadRecord[],
): Promise<{ url: string; fingerprint: string; video: VideoProbe | null }> {
  const key = deps.storage.keyFromPublicUrl(url);
  if (key) {
    const upload = await liveUploadByKey(deps, key);
    if (!upload || upload.openId !== account.openId || upload.kind !== kind) {
      throw new AppError(
        "bad_request",
        `${url} is not one of your live ${
          kind === "video" ? "videos" : "images"
        } in PM3K storage (it may have expired).`,
      );
    }
    return {
      url: upload.url,
      // The stored URL, not the one given: "?x" or "#x" after our own
      // URL names the same object and must not dodge video_duplicate.
      fingerprint: await mediaFingerprint(
        upload.url,
        upload.size!,
        upload.etag!,
      ),
      video: upload.video,
    };
  }
  // Not ours: a verified domain, copied into our storage first.
  const got = await ingestExternalUrl(deps, account, url, kind);
  copies.push(got.record);
  return {
    url: got.url,
    fingerprint: got.fingerprint,
    video: got.record.video,
  };
}

/**
 * Resolves the post's media; `copies` collects the copies made from verified
 * domains on the way, so that a post refused part way (a later image, a
 * copied video that is not vertical) can delete them.
 */
async function resolveMedia(
  deps: PostingDeps,
  account: Account,
  input: DirectPostInput,
  copies: UploadRecord[],
): Promise<ResolvedMedia> {
  if (input.kind === "video") {
    const one = await resolveOne(
      deps,
      account,
      input.sourceUrl,
      "video",
      copies,
    );
    const v = one.video;
    if (!v) {
      throw new AppError(
        "bad_request",
        "PM3K cannot read this video's size from its header, so it cannot check that it is vertical: export it as MP4 (H.264) or WebM and upload it again.",
      );
    }
    if (v.displayHeight <= v.displayWidth) {
      throw new AppError(
        "bad_request",
        `The video must be vertical (9:16); this one displays ${v.displayWidth}×${v.displayHeight}${
          v.rotation ? ` (rotated ${v.rotation}°)` : ""
        }. PM3K does not re-encode or rotate videos.`,
      );
    }
    return {
      mediaUrls: [one.url],
      fingerprint: one.fingerprint,
      video: v,
      copies,
    };
  }
  const images = input.photoImages ?? [];
  if (images.length === 0) {
    throw new AppError(
      "too_few_images",
      "Missing images or empty array: send 1 to 35 photo_images.",
    );
  }
  if (images.length > PHOTO_MAX_IMAGES) {
    throw new AppError(
      "too_many_images",
      `More than ${PHOTO_MAX_IMAGES} images.`,
    );
  }
  if (input.coverIndex < 0 || input.coverIndex >= images.length) {
    throw new AppError(
      "cover_out_of_range",
      `Invalid cover index: photo_cover_index must be between 0 and ${
        images.length - 1
      }.`,
    );
  }
  const resolved = [];
  for (const url of images) {
    resolved.push(await resolveOne(deps, account, url, "image", copies));
  }
  return {
    mediaUrls: resolved.map((r) => r.url),
    fingerprint: await sha256Hex(resolved.map((r) => r.fingerprint).join("\n")),
    video: null,
    copies,
  };
}

/** creator_info from cache or TikTok; null while in cooldown with no cache. */
function creatorInfoFor(
  deps: PostingDeps,
  account: Account,
  token: () => Promise<string>,
): Promise<CreatorInfo | null> {
  return singleFlight(
    account.openId,
    () => loadCreatorInfo(deps, account, token),
  );
}

async function loadCreatorInfo(
  deps: PostingDeps,
  account: Account,
  token: () => Promise<string>,
): Promise<CreatorInfo | null> {
  const cached = await cachedCreatorInfo(deps.kv, deps.clock, account.openId);
  if (cached) return cached;
  const cooldown =
    (await getTyped(deps.kv, keys.tiktokCooldown(account.openId))).value;
  // Do not call TikTok during its own cooldown: the cooldown check answers.
  if (cooldownError(cooldown, deps.clock.now())) return null;
  try {
    return await fetchCreatorInfo(deps, account.openId, await token());
  } catch (error) {
    if (!(error instanceof TikTokApiError)) throw error;
    if (isTikTokRateLimit(error)) {
      const now = deps.clock.now();
      await deps.kv.set(keys.tiktokCooldown(account.openId), {
        startedAt: now,
        until: now + TIKTOK_COOLDOWN_MS,
      });
    }
    throw tiktokAppError(error);
  }
}

function checkCreatorRules(
  info: CreatorInfo | null,
  privacy: string,
  media: ResolvedMedia,
  input: DirectPostInput,
): void {
  if (info && !info.privacyLevelOptions.includes(privacy)) {
    throw new AppError(
      "bad_request",
      `privacy ${privacy} is not allowed for this TikTok account; allowed: ${
        info.privacyLevelOptions.join(", ")
      }.`,
      { extra: { allowed_privacy: info.privacyLevelOptions } },
    );
  }
  if (
    info && media.video && info.maxVideoPostDurationSec > 0 &&
    media.video.durationSec !== null &&
    media.video.durationSec > info.maxVideoPostDurationSec
  ) {
    throw new AppError(
      "bad_request",
      `The video lasts ${media.video.durationSec} s; this TikTok account may post at most ${info.maxVideoPostDurationSec} s.`,
    );
  }
  if (input.isAd && !input.adYourBrand && !input.adBrandedContent) {
    throw new AppError(
      "bad_request",
      "is_ad requires ad_your_brand or ad_branded_content to say whose brand is promoted.",
    );
  }
  if (input.adBrandedContent && privacy === "SELF_ONLY") {
    throw new AppError(
      "bad_request",
      "Branded content cannot be posted with privacy SELF_ONLY (TikTok's rule).",
    );
  }
}

/** creator_info for the dashboard (null during a TikTok cooldown without cache). */
export function creatorInfoForAccount(
  deps: PostingDeps,
  account: Account,
): Promise<CreatorInfo | null> {
  return creatorInfoFor(deps, account, () => accessTokenFor(deps, account));
}

/** What the checks before the limits established about a post. */
export interface PreparedPost {
  media: ResolvedMedia;
  privacy: string;
  info: CreatorInfo | null;
  token: () => Promise<string>;
}

/**
 * Steps 3 and 4 of the order of checks: caption, media, creator rules.
 * Shared by direct_post and the validation of scheduled jobs.
 */
export async function preparePost(
  deps: PostingDeps,
  account: Account,
  input: DirectPostInput,
): Promise<PreparedPost> {
  checkCaption(input.title, deps.stopWords);
  // A refused post leaves nothing in storage.
  const copies: UploadRecord[] = [];
  try {
    const media = await resolveMedia(deps, account, input, copies);
    let accessToken: string | null = null;
    const token = async () =>
      accessToken ??= await accessTokenFor(deps, account);
    const info = await creatorInfoFor(deps, account, token);
    const privacy = input.privacy ?? account.defaultPrivacy ??
      "PUBLIC_TO_EVERYONE";
    checkCreatorRules(info, privacy, media, input);
    return { media, privacy, info, token };
  } catch (error) {
    await discardCopies(deps, copies);
    throw error;
  }
}

/** Posts to TikTok; returns the publish_id and the post. */
export async function directPost(
  deps: PostingDeps,
  account: Account,
  input: DirectPostInput,
  options: { jobId?: string } = {},
): Promise<{ publishId: string; post: PostRecord }> {
  // 3–4. Caption, media, what the creator may post.
  const prepared = await preparePost(deps, account, input);
  try {
    return await postPrepared(deps, account, input, prepared, options);
  } catch (error) {
    // Refused before TikTok could pull the copies: nothing needs them. After
    // an unknown outcome TikTok may be pulling them: they stay their 24 h.
    if (!outcomeUnknown(error)) {
      await discardCopies(deps, prepared.media.copies);
    }
    throw error;
  }
}

/** Steps 5 to 9 of the order of checks, for a prepared post. */
async function postPrepared(
  deps: PostingDeps,
  account: Account,
  input: DirectPostInput,
  { media, privacy, info, token }: PreparedPost,
  options: { jobId?: string },
): Promise<{ publishId: string; post: PostRecord }> {
  // 5–7. Duplicates, cooldown and limits, reserved in one atomic step.
  const now = deps.clock.now();
  const post: PostRecord = {
    id: ulid(now),
    openId: account.openId,
    kind: input.kind,
    state: "reserved",
    publishId: null,
    tiktokStatus: null,
    failReason: null,
    raw: null,
    title: input.title,
    sourceUrls: input.kind === "video"
      ? [input.sourceUrl]
      : input.photoImages ?? [],
    mediaUrls: media.mediaUrls,
    fingerprint: media.fingerprint,
    captionHash: await sha256Hex(captionKey(input.title)),
    createdAt: now,
    updatedAt: now,
    nextCheckAt: null,
    checks: 0,
    jobId: options.jobId ?? null,
  };
  await reservePost(deps, post);
  // 8. TikTok.
  let publishId: string;
  try {
    const flags = {
      privacy_level: privacy,
      disable_comment: input.disableComment || (info?.commentDisabled ?? false),
      brand_content_toggle: input.adBrandedContent,
      brand_organic_toggle: input.adYourBrand,
    };
    publishId = input.kind === "video"
      ? await deps.tiktokContent.initVideo(await token(), {
        ...flags,
        title: input.title,
        disable_duet: input.disableDuet || (info?.duetDisabled ?? false),
        disable_stitch: input.disableStitch || (info?.stitchDisabled ?? false),
      }, media.mediaUrls[0])
      : await deps.tiktokContent.initPhoto(await token(), {
        ...flags,
        // Photo titles stop at 90 characters; the whole caption goes in the description.
        title: photoTitle(input.title),
        description: input.title,
        auto_add_music: input.autoAddMusic,
      }, { urls: media.mediaUrls, coverIndex: input.coverIndex });
  } catch (error) {
    // No answer in time: TikTok may still have made the post. The
    // reservation (slot, video, caption) is kept, so a retry is refused as
    // a duplicate rather than posted twice.
    if (!outcomeUnknown(error)) {
      await releasePost(deps, post, { cooldown: isTikTokRateLimit(error) });
    }
    if (error instanceof TikTokApiError) throw tiktokAppError(error);
    throw error;
  }
  // 9. Commit.
  const confirmed = await confirmPost(
    deps,
    post.id,
    publishId,
    deps.clock.now() + FIRST_CHECK_DELAY_MS,
  );
  await deps.enqueueFollow?.(post.id, FIRST_CHECK_DELAY_MS).catch(() => {});
  return { publishId, post: confirmed };
}

/**
 * The caption's first line cut to TikTok's 90 characters for photo titles,
 * counted as TikTok counts them (UTF-16 units: an emoji is two), never
 * splitting a character.
 */
function photoTitle(caption: string): string {
  let out = "";
  for (const ch of caption.split("\n")[0]) {
    if (out.length + ch.length > 90) break;
    out += ch;
  }
  return out;
}
