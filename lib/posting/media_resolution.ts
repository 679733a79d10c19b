/**
 * Media resolution for a post: turns the request's media URLs into what
 * TikTok pulls. PM3K's own live uploads are used as they are; URLs on the
 * account's verified domains are copied into PM3K storage first. Our own
 * files must still be the objects checked at upload (validated_object.ts). A video
 * must show its size and be vertical; a carousel holds 1 to 35 images with
 * a cover among them. The fingerprint is what duplicate checks compare.
 * The copies of one request share one of the account's ingest slots and one
 * deadline (docs/media.md#ingest-limits).
 *
 * Resolution reads the account's deletion mark before it finds its own
 * uploads live; the commit that keeps the post or job checks the mark
 * unchanged (media_hold.ts), so media deleted in between
 * (docs/media.md#deleting-media) is never kept.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { AppError, quotedUrl } from "../errors.ts";
import { sha256Hex } from "../crypto/hashing.ts";
import type { Account } from "../accounts/account_record.ts";
import { liveUploadByKey } from "../media/live_uploads.ts";
import { discardUpload } from "../media/upload_removal.ts";
import { notLiveError, notLiveUploadError } from "./media_hold.ts";
import { isStorageUrl } from "../storage/object_storage.ts";
import type { MediaHold } from "./media_hold.ts";
import type { UploadRecord, VideoProbe } from "../media/media_record.ts";
import { ingestExternalUrl, mediaFingerprint } from "../media/ingest.ts";
import type { IngestDeps } from "../media/ingest.ts";
import type { OnCopyProgress } from "../media/copy_progress.ts";
import { ingestSession } from "../media/ingest_slots.ts";
import type { IngestSession } from "../media/ingest_slots.ts";
import { PHOTO_MAX_IMAGES } from "../media/photo_rules.ts";
import { requireValidatedObject } from "../media/validated_object.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { videoShapeError } from "../media/video_rules.ts";
import { logFailure } from "../runtime/logger.ts";
import { photosSha256Of } from "./photos_digest.ts";

/** The media part of a post request (a DirectPostInput is one). */
export type MediaRequest =
  | { kind: "video"; sourceUrl: string }
  | { kind: "photo"; photoImages: string[] | undefined; coverIndex: number };

export interface ResolvedMedia {
  mediaUrls: string[];
  fingerprint: string;
  video: VideoProbe | null;
  /**
   * A video's bytes' SHA-256, when its upload has one, or a photo post's
   * (its images' in order, photos_digest.ts) when each image
   * has one: posts of the same bytes from other uploads are told by it
   * (lib/posting/same_media.ts).
   */
  sha256?: string;
  /** Copies made from verified domains for this post (TikTok pulls them). */
  copies: UploadRecord[];
  /** What the commit keeping the post checks (media_hold.ts). */
  hold: MediaHold;
}

/**
 * A post's media as its first check resolved it, kept for the next checks
 * of the same request (a job next_free moves from time to time,
 * docs/scheduling.md#the-next-free-time), so a verified domain's video is
 * fetched once. Media does not depend on the run time, and the commit
 * storing the job checks that it is still live. Without the copies: those
 * were only for the checks, and are discarded after them.
 */
export interface MediaMemo {
  media?: ResolvedMedia;
}

/** Deletes the copies a post made, once they can no longer be pulled. */
export async function discardCopies(
  deps: Pick<AppDeps, "kv" | "storage" | "log">,
  copies: readonly UploadRecord[],
): Promise<void> {
  for (const copy of copies) {
    // The post's own outcome stands; a copy left behind expires in 24 h.
    await discardUpload(deps, copy).catch(
      logFailure(deps.log, "discarding a post's copy of its media", {
        open_id: copy.openId,
        upload_id: copy.id,
      }),
    );
  }
}

/** Which of a photo post's images is copied, when it has several. */
type ImageOf = { index: number; count: number };

async function resolveOne(
  deps: IngestDeps,
  account: Account,
  url: string,
  kind: "video" | "image",
  copies: UploadRecord[],
  session: IngestSession,
  hold: MediaHold,
  follow: { onProgress?: OnCopyProgress; image?: ImageOf } = {},
): Promise<ResolvedOne> {
  const key = deps.storage.keyFromPublicUrl(url);
  if (key) {
    const upload = await liveUploadByKey(deps, key);
    if (upload && upload.openId === account.openId && upload.kind !== kind) {
      throw wrongKindError(url, upload, kind);
    }
    if (!upload || upload.openId !== account.openId) {
      throw await notLiveUploadError(deps, account.openId, url, key, kind);
    }
    hold.own.push({ url, key, kind });
    await requireValidatedObject(deps, upload);
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
      sha256: upload.sha256,
    };
  }
  // Under our storage's base but no key of ours (an encoded or odd path):
  // no live upload, and no other domain's file either.
  if (isStorageUrl(deps.storage, url)) throw notLiveError(url, kind);
  // Not ours: a verified domain, copied into our storage first.
  const got = await ingestExternalUrl(deps, account, url, kind, {
    deadlineAt: await session.begin(),
    ...follow,
  });
  copies.push(got.record);
  return {
    url: got.url,
    fingerprint: got.fingerprint,
    video: got.record.video,
    sha256: got.record.sha256,
  };
}

/** One URL of a post, resolved. */
interface ResolvedOne {
  url: string;
  fingerprint: string;
  video: VideoProbe | null;
  sha256?: string;
}

/**
 * One of the account's live uploads, but a video where an image is wanted or
 * the reverse: the type error the same file gets from a verified domain
 * (docs/posting.md#errors-of-a-post), `unsupported_image_type` for a photo
 * ("Only JPEG/WebP allowed", docs/media.md#photo-mode), `unsupported_file_type`
 * for a video.
 */
function wrongKindError(
  url: string,
  upload: UploadRecord,
  wanted: "video" | "image",
): AppError {
  return wanted === "image"
    ? new AppError(
      "unsupported_image_type",
      `Only JPEG/WebP allowed: ${
        quotedUrl(url)
      } is a video among your uploads (${upload.contentType}), not an image.`,
    )
    : new AppError(
      "unsupported_file_type",
      `${
        quotedUrl(url)
      } is an image among your uploads (${upload.contentType}), not an MP4, MOV or WebM video: post images with "media_type": "PHOTO".`,
    );
}

/**
 * Resolves the post's media; `copies` collects the copies made from verified
 * domains on the way, so that a post refused part way (a later image, a
 * copied video that is not vertical) can delete them.
 * @param options.scheduledRun a job's run: its copies take an ingest slot
 *   but are never refused one (ingest_slots.ts)
 * @param options.onProgress told each copy's bytes and checks
 *   (docs/mcp.md#long-calls)
 * @throws {AppError} `ingest_limit` when the account's slots are taken, and
 *   the errors of ingest and of the media rules
 */
export async function resolveMedia(
  deps: IngestDeps,
  account: Account,
  input: MediaRequest,
  copies: UploadRecord[],
  options: { scheduledRun?: boolean; onProgress?: OnCopyProgress } = {},
): Promise<ResolvedMedia> {
  const session = ingestSession(deps, account.openId, {
    mayExceedCap: options.scheduledRun,
  });
  try {
    return await resolveWith(
      deps,
      account,
      input,
      copies,
      session,
      options.onProgress,
    );
  } finally {
    await session.end();
  }
}

async function resolveWith(
  deps: IngestDeps,
  account: Account,
  input: MediaRequest,
  copies: UploadRecord[],
  session: IngestSession,
  onProgress: OnCopyProgress | undefined,
): Promise<ResolvedMedia> {
  // Read before any upload is found live (see MediaHold).
  const hold: MediaHold = {
    openId: account.openId,
    markVersionstamp:
      (await getTyped(deps.kv, keys.mediaDeletedAt(account.openId)))
        .versionstamp,
    own: [],
  };
  if (input.kind === "video") {
    const one = await resolveOne(
      deps,
      account,
      input.sourceUrl,
      "video",
      copies,
      session,
      hold,
      { onProgress },
    );
    const v = one.video;
    if (!v) {
      throw new AppError(
        "bad_request",
        "This video's size cannot be read from its header, so whether it is vertical cannot be checked: export it as MP4 (H.264) or WebM and upload it again.",
      );
    }
    const wide = videoShapeError(v);
    if (wide) throw wide;
    return {
      mediaUrls: [one.url],
      fingerprint: one.fingerprint,
      video: v,
      ...(one.sha256 ? { sha256: one.sha256 } : {}),
      copies,
      hold,
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
  for (const [index, url] of images.entries()) {
    resolved.push(
      await resolveOne(deps, account, url, "image", copies, session, hold, {
        onProgress,
        image: images.length > 1
          ? { index: index + 1, count: images.length }
          : undefined,
      }),
    );
  }
  const sha256 = await photosSha256Of(resolved.map((r) => r.sha256));
  return {
    mediaUrls: resolved.map((r) => r.url),
    fingerprint: await sha256Hex(resolved.map((r) => r.fingerprint).join("\n")),
    video: null,
    ...(sha256 ? { sha256 } : {}),
    copies,
    hold,
  };
}
