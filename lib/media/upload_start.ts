/**
 * Starting an upload: the client asks for an upload, PUTs the bytes straight
 * to storage through a signed URL, then completes it (upload_completion.ts).
 * Starting checks what the upload declares (type, size) and the room for it
 * (the day's uploads, the album), records it pending, and signs a URL that
 * writes to a staging key (media_keys.ts), never to the public one.
 * @module
 */
import { ulid } from "ulid";
import { pauseAfterLostCommit } from "../kv_contention.ts";
import { getTyped, keys } from "../kv_keys.ts";
import { accountDeleted } from "../accounts/accounts_store.ts";
import { AppError, echoed } from "../errors.ts";
import { getPlan } from "../plans.ts";
import type { Account } from "../accounts/account_record.ts";
import {
  baseType,
  CONVERT_TO_JPEG,
  IMAGE_TYPES,
  mediaTypeFor,
  VIDEO_TYPES,
} from "./media_types.ts";
import type { MediaType } from "./media_types.ts";
import { PHOTO_MAX_BYTES, PHOTO_MAX_IMAGES } from "./photo_rules.ts";
import { fileTooLarge, imageTooLarge } from "./size_refusals.ts";
import { utcDay } from "./utc_day.ts";
import { uploadLimitError, uploadsToday, uploadsUsed } from "./upload_quota.ts";
import { requireAlbum } from "./albums.ts";
import { stagingKeyFor, uploadKeyFor } from "./media_keys.ts";
import type { Plan } from "../plans.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { UploadRecord } from "./media_record.ts";

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

/**
 * What a shown filename keeps: a letter or digit with at most 30 marks of
 * its own (Unicode's stream-safe text), or a space, dot, dash or
 * underscore; nothing invisible (default-ignorable fillers and joiners).
 */
const SHOWN_RUN =
  /(?:(?!\p{DI})[\p{L}\p{N}](?:(?!\p{DI})\p{M}){0,30}|[._\- ])+/gu;

/**
 * The name an upload is shown by (docs/media.md#uploads): letters and
 * digits of every script, with their marks, spaces, dots, dashes and
 * underscores; any other run (controls, slashes, quotes, symbols, marks
 * with no letter, invisible characters) becomes one `_`. Spaces around it
 * are dropped. At most 200 characters, never cut inside one.
 */
export function displayFilename(filename: string): string {
  const name = filename.normalize("NFC");
  let shown = "";
  let at = 0;
  for (const run of name.matchAll(SHOWN_RUN)) {
    if (run.index > at) shown += "_";
    shown += run[0];
    at = run.index + run[0].length;
  }
  if (at < name.length) shown += "_";
  const trim = (text: string) => text.replace(/^ +| +$/g, "");
  return trim(Array.from(trim(shown)).slice(0, 200).join("")) || "upload";
}

function checkDeclared(input: NewUpload, account: Account): MediaType {
  const plan = getPlan(account.plan ?? "free");
  const type = mediaTypeFor(input.contentType);
  if (input.albumId) {
    if (!type || type.kind !== "image") {
      // The client's text, spelt out and cut as every echo is
      // (docs/api.md#retry-after); image/jpg, a common name of JPEG that
      // is no media type, is told its registered name.
      const declared = baseType(input.contentType);
      // Another image (a PNG screenshot, a GIF, an iPhone's HEIC) is told
      // to be converted: the API never does (docs/media.md#photo-mode).
      const jpegAlias = ["image/jpg", "image/pjpeg"].includes(declared)
        ? ` (a JPEG is declared as image/jpeg)`
        : declared.startsWith("image/")
        ? `: ${CONVERT_TO_JPEG}`
        : "";
      throw new AppError(
        "unsupported_image_type",
        `Only JPEG/WebP allowed: a photo album takes JPEG or WebP images, not "${
          echoed(input.contentType)
        }"${jpegAlias}.`,
      );
    }
  } else if (!type || type.kind !== "video") {
    // The words up to "each image." are kept for scripts
    // (docs/dashboard.md#words-not-codes); the type received follows, for a
    // human.
    const received = input.contentType
      ? `"${echoed(input.contentType)}"`
      : "no content type";
    throw new AppError(
      "unsupported_file_type",
      `Upload a video (${
        VIDEO_TYPES.map((t) => t.contentType).join(", ")
      }); images go into a photo album (${
        IMAGE_TYPES.map((t) => t.contentType).join(", ")
      }): create one first (REST POST /api/albums, MCP create_album) and give its album_id with each image. Received: ${received}.`,
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
    return imageTooLarge(sizeKnown ? size : undefined);
  }
  if (size > plan.maxFileBytes) return fileTooLarge(plan);
  return null;
}

/**
 * Why a file of `size` bytes (its own, e.g. a raw body's Content-Length)
 * is too large for this account and place, or null.
 */
export function fileSizeError(
  account: Account,
  albumId: string | undefined,
  size: number,
): AppError | null {
  return declaredSizeError(albumId, size, getPlan(account.plan ?? "free"));
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
 * checks the album again, in its commit; the day's count is checked again,
 * and counted, in the commit that completes the upload.)
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
    filename: displayFilename(input.filename),
    contentType: type.contentType,
    kind: type.kind,
    declaredSize: input.size,
    albumId: input.albumId ?? null,
    sourceUrl: null,
    state: "pending",
    createdAt: now,
    expiresAt: now + UPLOAD_WINDOW_MS,
    // Where the file will be if its bytes are the declared type: completion
    // may rename it, and a post of this url is told what to do
    // (docs/media.md#uploads).
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
    // Checked against the account: a deletion since the request began
    // (docs/accounts.md#deleting-an-account) must not find an upload
    // recorded behind its sweep, nor its bytes stored after.
    const owner = await getTyped(deps.kv, keys.account(account.openId));
    if (!owner.value) throw accountDeleted();
    const op = deps.kv.atomic()
      .check(owner)
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
    // A whole album (35 images) started at once: one wins per try.
    if (attempt >= 40) {
      throw new AppError(
        "conflict",
        "Too many uploads changed this album or account at the same time; try again.",
      );
    }
    await pauseAfterLostCommit(attempt);
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
