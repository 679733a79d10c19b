/**
 * Uploads: the client asks for an upload, PUTs the bytes straight to storage
 * through a signed URL, then completes it. The URL writes to a staging key
 * (media_keys.ts); completion moves the bytes to the public key, checks
 * what really arrived there (presence, size, magic bytes, pixel size, plan
 * limits) and either records it with its public URL and retention, or
 * deletes both objects and the pending record: a failed upload leaves
 * nothing behind, and no signed URL reaches the bytes that were checked.
 * @module
 */
import { ulid } from "ulid";
import { getTyped, keys } from "../kv_keys.ts";
import { AppError } from "../errors.ts";
import { getPlan } from "../plans.ts";
import type { Account } from "../accounts/account_record.ts";
import { readPrefix, StorageError } from "../storage/object_storage.ts";
import { IMAGE_TYPES, mediaTypeFor, VIDEO_TYPES } from "./media_types.ts";
import type { MediaType } from "./media_types.ts";
import { probeVideo } from "./video_probe.ts";
import { videoDurationError, videoShapeError } from "./video_rules.ts";
import { creatorInfoForAccount } from "../posting/creator_info_lookup.ts";
import type { CreatorInfoDeps } from "../posting/creator_info_lookup.ts";
import type { TikTokSessionDeps } from "../posting/tiktok_session.ts";
import { IMAGE_PROBE_BYTES } from "./image_probe.ts";
import { PHOTO_MAX_BYTES, PHOTO_MAX_IMAGES } from "./photo_rules.ts";
import {
  checkStoredObject,
  checkUploadWindow,
  inspectContent,
} from "./upload_inspection.ts";
import { utcDay } from "./utc_day.ts";
import {
  UPLOAD_DAY_COUNT_KEPT_MS,
  uploadLimitError,
  uploadsToday,
  uploadsUsed,
} from "./upload_quota.ts";
import { requireAlbum } from "./albums.ts";
import { discardUpload } from "./upload_removal.ts";
import { getOwnUpload } from "./upload_lookup.ts";
import { stagingKeyFor, uploadKeyFor } from "./media_keys.ts";
import {
  claimCompletion,
  releaseCompletion,
  rereadUpload,
} from "./pending_upload_guard.ts";
import type { Plan } from "../plans.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { errorFields, logFailure } from "../runtime/logger.ts";
import type { UploadRecord, VideoProbe } from "./media_record.ts";

/** What completing an upload uses: creator_info is asked as posting asks. */
export type CompletionDeps =
  & Pick<AppDeps, "kv" | "clock" | "storage" | "log">
  & CreatorInfoDeps
  & TikTokSessionDeps;

/** How long the signed upload URL (and the pending upload) lives. */
export const UPLOAD_WINDOW_MS = 60 * 60_000;

export interface NewUpload {
  filename: string;
  contentType: string;
  size: number;
  albumId?: string;
}

export interface StartedUpload {
  record: UploadRecord;
  uploadUrl: string;
  method: "PUT";
  headers: Record<string, string>;
}

function extOk(filename: string): string {
  return filename.replace(/[^\w.\- ]+/g, "_").slice(0, 200) || "upload";
}

function checkDeclared(input: NewUpload, account: Account): MediaType {
  const plan = getPlan(account.plan ?? "free");
  const type = mediaTypeFor(input.contentType);
  if (input.albumId) {
    if (!type || type.kind !== "image") {
      throw new AppError(
        "unsupported_image_type",
        `Only JPEG/WebP allowed: a photo album takes JPEG or WebP images, not ${input.contentType}.`,
      );
    }
  } else if (!type || type.kind !== "video") {
    throw new AppError(
      "unsupported_file_type",
      `Upload a video (${
        VIDEO_TYPES.map((t) => t.contentType).join(", ")
      }); images go into a photo album (${
        IMAGE_TYPES.map((t) => t.contentType).join(", ")
      }).`,
    );
  }
  const tooLarge = declaredSizeError(input.albumId, input.size, plan);
  if (tooLarge) throw tooLarge;
  return type;
}

/**
 * Why a file of `size` bytes is too large for its place, or null; the
 * message names the size when it is the file's own (`sizeKnown`).
 */
function declaredSizeError(
  albumId: string | undefined,
  size: number,
  plan: Plan,
  sizeKnown = true,
): AppError | null {
  if (albumId && size > PHOTO_MAX_BYTES) {
    return new AppError(
      "image_too_large",
      `Image exceeds 20 MB${sizeKnown ? ` (${size} bytes)` : ""}.`,
    );
  }
  if (size > plan.maxFileBytes) {
    return new AppError(
      "file_too_large",
      `File is larger than your plan allows (${
        plan.maxFileBytes / 1_000_000
      } MB on ${plan.name}).`,
    );
  }
  return null;
}

/**
 * The most bytes an upload of this account may hold (an album image: 20 MB
 * at most), and the refusal of a file past it: a body streamed to storage
 * is cut there (streamed_upload.ts).
 */
export function uploadCap(
  account: Account,
  albumId: string | undefined,
): { bytes: number; tooLarge: AppError } {
  const plan = getPlan(account.plan ?? "free");
  const bytes = albumId
    ? Math.min(PHOTO_MAX_BYTES, plan.maxFileBytes)
    : plan.maxFileBytes;
  return {
    bytes,
    tooLarge: declaredSizeError(albumId, bytes + 1, plan, false)!,
  };
}

/**
 * Refuses early what starting an upload would refuse for its place: the
 * day's uploads used up, or an album that is gone or full. (Starting it
 * checks again, in the commit.)
 * @throws {AppError} `upload_limit`, `not_found`, `too_many_images`
 */
export async function requireUploadRoom(
  deps: Pick<AppDeps, "kv" | "clock">,
  account: Account,
  albumId: string | undefined,
): Promise<void> {
  if (albumId) {
    const album = await requireAlbum(deps, account.openId, albumId);
    if (album.value.order.length >= PHOTO_MAX_IMAGES) throw albumFull();
    return;
  }
  const plan = getPlan(account.plan ?? "free");
  const count = await uploadsToday(deps, account.openId);
  if (uploadsUsed(count) >= plan.uploadsPerDay) {
    throw uploadLimitError(plan.uploadsPerDay, deps.clock.now());
  }
}

function albumFull(): AppError {
  return new AppError(
    "too_many_images",
    `An album holds at most ${PHOTO_MAX_IMAGES} images.`,
  );
}

/**
 * Records a pending upload, after the checks of what it declares: the
 * bytes are then written to its staging key (by the client through a
 * signed URL, or by PM3K from a stream), and `completeUpload` checks them.
 * @throws {AppError} `unsupported_file_type`, `unsupported_image_type`,
 *   `file_too_large`, `image_too_large`, `upload_limit`, `not_found`,
 *   `too_many_images`, `conflict`
 */
export async function startUpload(
  deps: Pick<AppDeps, "kv" | "clock" | "storage">,
  account: Account,
  input: NewUpload,
): Promise<UploadRecord> {
  const type = checkDeclared(input, account);
  const plan = getPlan(account.plan ?? "free");
  const now = deps.clock.now();
  const id = ulid(now);
  const key = uploadKeyFor(
    account.openId,
    id,
    type.ext,
    input.albumId ? { albumId: input.albumId } : { day: utcDay(now) },
  );
  const record: UploadRecord = {
    id,
    openId: account.openId,
    key,
    stagingKey: stagingKeyFor(key),
    filename: extOk(input.filename),
    contentType: type.contentType,
    kind: type.kind,
    declaredSize: input.size,
    albumId: input.albumId ?? null,
    sourceUrl: null,
    state: "pending",
    createdAt: now,
    expiresAt: now + UPLOAD_WINDOW_MS,
    url: deps.storage.publicUrl(key),
    size: null,
    etag: null,
    video: null,
    image: null,
  };
  if (!input.albumId) {
    const count = await uploadsToday(deps, account.openId);
    if (uploadsUsed(count) >= plan.uploadsPerDay) {
      throw uploadLimitError(plan.uploadsPerDay, deps.clock.now());
    }
  }
  // Images of one album are often started together: retry on contention.
  for (let attempt = 0;; attempt++) {
    const op = deps.kv.atomic()
      .check({ key: keys.upload(id), versionstamp: null })
      .set(keys.upload(id), record)
      .set(keys.uploadByAccount(account.openId, id), id)
      .set(keys.mediaExpiry(record.expiresAt, "upload", id), true);
    if (input.albumId) {
      const album = await requireAlbum(deps, account.openId, input.albumId);
      if (album.value.order.length >= PHOTO_MAX_IMAGES) throw albumFull();
      op.check(album).set(album.key, {
        ...album.value,
        pendingIds: [...album.value.pendingIds, id],
        order: [...album.value.order, id],
      });
    }
    if ((await op.commit()).ok) break;
    if (attempt >= 20) {
      throw new AppError(
        "conflict",
        "Too many uploads changed this album at the same time; try again.",
      );
    }
  }
  return record;
}

/** Starts an upload and returns the signed URL to PUT the bytes to. */
export async function createUpload(
  deps: Pick<AppDeps, "kv" | "clock" | "storage">,
  account: Account,
  input: NewUpload,
): Promise<StartedUpload> {
  const record = await startUpload(deps, account, input);
  const signed = await deps.storage.presignPut(record.stagingKey!, {
    contentType: record.contentType,
    maxBytes: input.size,
    expiresInSeconds: UPLOAD_WINDOW_MS / 1000,
    now: record.createdAt,
  });
  return {
    record,
    uploadUrl: signed.url,
    method: "PUT",
    headers: signed.headers,
  };
}

/** Fails the completion: nothing of the upload is kept. */
async function reject(
  deps: Pick<AppDeps, "kv" | "storage" | "log">,
  record: UploadRecord,
  error: AppError,
): Promise<never> {
  await discardUpload(deps, record);
  throw error;
}

/**
 * Checks what arrived (upload_inspection.ts decides) and records it. One
 * completion of an upload runs at a time: a second, while the first is
 * moving and checking its bytes, answers `conflict` (retry), or the
 * completed upload once the first is done.
 * @throws {AppError} `upload_not_received`, `size_mismatch`, `file_too_large`,
 *   `unsupported_file_type`, `unsupported_image_type`, `image_too_large`,
 *   `image_too_large_px`, `upload_limit`, `upload_expired`,
 *   `storage_unavailable`, `conflict`
 */
export async function completeUpload(
  deps: CompletionDeps,
  account: Account,
  id: string,
): Promise<UploadRecord> {
  const entry = await getOwnUpload(deps, account.openId, id);
  const record = entry.value;
  if (record.state === "complete") return record;
  const expired = checkUploadWindow(record, deps.clock.now());
  if (expired) return reject(deps, record, expired);
  const claimed = await claimCompletion(deps, entry);
  if (!("versionstamp" in claimed)) return claimed;
  try {
    return await completeClaimed(deps, account, claimed);
  } catch (error) {
    // A refusal deleted the record, a success replaced it: then this
    // finds nothing to free. Else (storage or KV failing) a retry may
    // start at once.
    await releaseCompletion(deps, claimed).catch(
      logFailure(deps.log, "freeing an upload after a failed completion", {
        open_id: record.openId,
        upload_id: record.id,
      }),
    );
    throw error;
  }
}

/** Completion proper, for an upload this completion holds. */
async function completeClaimed(
  deps: CompletionDeps,
  account: Account,
  entry: Deno.KvEntry<UploadRecord>,
): Promise<UploadRecord> {
  const { completingUntil: _, ...record } = entry.value;
  const plan = getPlan(account.plan ?? "free");
  const unfit = await moveIntoPlace(deps, record, plan);
  if (unfit) return reject(deps, record, unfit);
  const stored = checkStoredObject(
    record,
    plan,
    await orUnavailable(() => deps.storage.head(record.key)),
  );
  if (stored instanceof AppError) return reject(deps, record, stored);
  const readRange = async (start: number, end: number) => {
    const got = await deps.storage.get(record.key, { start, end });
    if (!got) throw new StorageError("not_found", "object vanished");
    return readPrefix(got.body, end - start + 1);
  };
  const head = await readRange(
    0,
    Math.min(stored.size, IMAGE_PROBE_BYTES) - 1,
  );
  const content = inspectContent(record, stored.size, head);
  if (content instanceof AppError) return reject(deps, record, content);
  const next: UploadRecord = {
    ...record,
    state: "complete",
    size: stored.size,
    etag: stored.etag,
    contentType: content.contentType,
  };
  if (record.kind === "image") next.image = content.image;
  else {
    next.video = await probeVideo(content.ext, readRange, stored.size);
    const refused = next.video &&
      await videoRefusal(deps, account, next.video);
    // Refused before the day's counter is bumped (commitVideo): a refused
    // upload does not count.
    if (refused) return reject(deps, record, refused);
  }
  return record.albumId
    ? await commitAlbumImage(deps, entry, next)
    : await commitVideo(
      deps,
      entry,
      next,
      plan.storageTtlHours * 3600_000,
      plan.uploadsPerDay,
    );
}

/**
 * What posting would refuse of this video, known at upload
 * (docs/media.md#videos-tiktok-refuses): not vertical, or longer than the
 * creator's longest post. creator_info comes as posting gets it (cache, else
 * TikTok once); when it cannot be had (account disconnected, TikTok failing
 * or cooling down) the duration is left to posting, which asks again.
 */
async function videoRefusal(
  deps: CompletionDeps,
  account: Account,
  video: VideoProbe,
): Promise<AppError | null> {
  const wide = videoShapeError(video);
  if (wide) return wide;
  const info = await creatorInfoForAccount(deps, account).catch((error) => {
    // Safe to skip: posting checks the duration again before TikTok.
    deps.log({
      level: "warn",
      message: "creator_info unknown at upload; duration checked at posting",
      open_id: account.openId,
      ...errorFields(error),
    });
    return null;
  });
  return info ? videoDurationError(video, info.maxVideoPostDurationSec) : null;
}

/**
 * Moves what the signed URL wrote (the staging key) to the public key,
 * once its size passes: what is checked next, recorded and served is then
 * out of reach of the URL, which S3 cannot revoke. An empty staging key
 * means an earlier completion, which failed after its move, moved it
 * already; an upload started before staging was written in place.
 * Returns why the staged object is refused, if it is.
 */
async function moveIntoPlace(
  deps: Pick<AppDeps, "storage">,
  record: UploadRecord,
  plan: Plan,
): Promise<AppError | null> {
  const staging = record.stagingKey;
  if (!staging) return null;
  const staged = await orUnavailable(() => deps.storage.head(staging));
  if (!staged) return null;
  // Checked before the copy: S3 copies at most 5 GB in one request, and
  // nothing larger than the plan allows is worth copying.
  const unfit = checkStoredObject(record, plan, staged);
  if (unfit instanceof AppError) return unfit;
  await orUnavailable(() => deps.storage.move(staging, record.key));
  return null;
}

/** A storage call; `storage_unavailable` if storage fails. */
async function orUnavailable<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof StorageError) {
      throw new AppError(
        "storage_unavailable",
        "Storage is not answering; try completing again in a moment.",
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * Records a completed upload with optimistic retries. `build` adds its own
 * reads' checks and writes to the operation and returns the completed
 * record, or an error that rejects the upload.
 */
async function commitCompletion(
  deps: Pick<AppDeps, "kv" | "storage" | "log">,
  first: Deno.KvEntry<UploadRecord>,
  build: (op: Deno.AtomicOperation) => Promise<UploadRecord | AppError>,
): Promise<UploadRecord> {
  let entry = first;
  const record = first.value;
  for (let attempt = 0; attempt < 10; attempt++) {
    const op = deps.kv.atomic().check(entry)
      .set(keys.uploadByStorageKey(record.key), record.id)
      .delete(keys.mediaExpiry(record.expiresAt, "upload", record.id));
    const done = await build(op);
    if (done instanceof AppError) return reject(deps, record, done);
    if ((await op.set(keys.upload(record.id), done).commit()).ok) return done;
    entry = await rereadUpload(deps, record.id);
    if (entry.value.state === "complete") return entry.value;
  }
  throw new AppError(
    "conflict",
    "Too many uploads completing at once; try again.",
  );
}

function commitVideo(
  deps: Pick<AppDeps, "kv" | "clock" | "storage" | "log">,
  entry: Deno.KvEntry<UploadRecord>,
  next: UploadRecord,
  ttlMs: number,
  perDay: number,
): Promise<UploadRecord> {
  return commitCompletion(deps, entry, async (op) => {
    const count = await uploadsToday(deps, next.openId);
    const used = uploadsUsed(count);
    if (used >= perDay) return uploadLimitError(perDay, deps.clock.now());
    const done = { ...next, expiresAt: deps.clock.now() + ttlMs };
    op.check(count)
      .set(count.key, new Deno.KvU64(BigInt(used + 1)), {
        expireIn: UPLOAD_DAY_COUNT_KEPT_MS,
      })
      .set(keys.mediaExpiry(done.expiresAt, "upload", done.id), true);
    return done;
  });
}

function commitAlbumImage(
  deps: Pick<AppDeps, "kv" | "storage" | "log">,
  entry: Deno.KvEntry<UploadRecord>,
  next: UploadRecord,
): Promise<UploadRecord> {
  return commitCompletion(deps, entry, async (op) => {
    const album = await getTyped(deps.kv, keys.album(next.albumId!));
    const value = album.value;
    if (!value) return new AppError("not_found", "The album no longer exists.");
    op.check(album).set(album.key, {
      ...value,
      pendingIds: value.pendingIds.filter((i) => i !== next.id),
      // Completed images keep the order their uploads were started in,
      // whatever order they finish in (photo_cover_index relies on it).
      imageIds: value.order.filter((i) =>
        i === next.id || value.imageIds.includes(i)
      ),
    });
    // Album images live and die with their album: no expiry entry of their own.
    return { ...next, expiresAt: value.expiresAt };
  });
}
