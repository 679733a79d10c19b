/**
 * Completing an upload: the bytes the signed URL wrote to the staging key
 * (upload_start.ts) move to the public key; completion checks what really
 * arrived there (presence, size, magic bytes, pixel size, plan limits),
 * names it for the type its bytes are
 * (docs/media.md#the-type-a-file-is-served-as), and either records it
 * with its public URL and retention, or deletes both
 * objects and the pending record (upload_removal.ts): a failed upload leaves
 * nothing behind, and no signed URL reaches the bytes that were checked.
 * @module
 */
import { pauseAfterLostCommit } from "../kv_contention.ts";
import { getTyped, keys } from "../kv_keys.ts";
import { AppError, notOnAccount } from "../errors.ts";
import { getPlan } from "../plans.ts";
import type { Account } from "../accounts/account_record.ts";
import { orStorageUnavailable } from "./storage_unavailable.ts";
import { storedRangeReader } from "./stored_range.ts";
import { cutShortError, probeVideo } from "./video_probe.ts";
import { videoDurationError, videoShapeError } from "./video_rules.ts";
import { creatorInfoForAccount } from "../posting/creator_info_lookup.ts";
import type { CreatorInfoDeps } from "../posting/creator_info_lookup.ts";
import type { TikTokSessionDeps } from "../posting/tiktok_session.ts";
import { IMAGE_PROBE_BYTES } from "./image_probe.ts";
import {
  checkStoredObject,
  checkUploadWindow,
  inspectContent,
  noFileArrived,
} from "./upload_inspection.ts";
import type { AcceptedContent } from "./upload_inspection.ts";
import type { ObjectInfo } from "../storage/object_storage.ts";
import { IMAGE_TYPES, VIDEO_TYPES } from "./media_types.ts";
import { keyWithExt } from "./media_keys.ts";
import { nameForType } from "./typed_object.ts";
import { objectDigest } from "./content_digest.ts";
import {
  UPLOAD_DAY_COUNT_KEPT_MS,
  uploadLimitError,
  uploadsToday,
  uploadsUsed,
} from "./upload_quota.ts";
import {
  deleteUploadObjects,
  deleteUploadRecords,
  discardHeldUpload,
} from "./upload_removal.ts";
import { albumWithout } from "./albums.ts";
import { getShownUpload } from "./upload_lookup.ts";
import {
  claimCompletion,
  completionHolds,
  releaseCompletion,
  rereadUpload,
} from "./pending_upload_guard.ts";
import type { Plan } from "../plans.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { errorFields, logFailure } from "../runtime/logger.ts";
import type { UploadRecord, VideoProbe } from "./media_record.ts";
import {
  keepDigestsRead,
  newAlbumComparisons,
  sameImageInAlbum,
} from "./album_duplicates.ts";

/**
 * A completed upload. `alreadyInAlbum`: its album held an image with the
 * same bytes, which is `record`; nothing new was kept
 * (docs/media.md#an-image-already-in-the-album).
 */
export interface CompletedUpload {
  record: UploadRecord;
  alreadyInAlbum: boolean;
}

/** A completion's own upload, recorded. */
const recorded = (record: UploadRecord): CompletedUpload => ({
  record,
  alreadyInAlbum: false,
});

/** What completing an upload uses: creator_info is asked as posting asks. */
export type CompletionDeps =
  & Pick<AppDeps, "kv" | "clock" | "storage" | "log">
  & CreatorInfoDeps
  & TikTokSessionDeps;

/**
 * Whether the upload as it is now is still the one a refusal may discard:
 * pending and held by this completion's claim (its `completingUntil`), or,
 * before any claim, held by none.
 */
type Holds = (current: UploadRecord) => boolean;

const heldBy = (claim: UploadRecord): Holds => (current) =>
  current.state === "pending" &&
  current.completingUntil === claim.completingUntil;

/**
 * Fails the completion: nothing of the upload is kept. An upload deleted
 * meanwhile (itself, or its album, by another request) answers `not_found`
 * as it would a moment later: its file went with it, and "no file arrived"
 * would send the client to PUT again, for an upload that is no more. One
 * this completion no longer holds (its lease lapsed, another completion
 * took it) is not discarded: completed, it is the answer, as a retry
 * would get; still being completed, `conflict` (retry).
 */
async function reject(
  deps: Pick<AppDeps, "kv" | "storage" | "log">,
  holds: Holds,
  record: UploadRecord,
  error: AppError,
): Promise<CompletedUpload> {
  const done = await discardHeldUpload(deps, record, holds);
  if (done.outcome !== "notHeld") {
    throw done.outcome === "gone" ? notOnAccount("upload", record.id) : error;
  }
  if (done.current.state === "complete") return recorded(done.current);
  throw new AppError(
    "conflict",
    "This upload is being completed by another request; try again in a moment.",
  );
}

/**
 * Checks what arrived (upload_inspection.ts decides) and records it. One
 * completion of an upload runs at a time: a second, while the first is
 * moving and checking its bytes, answers `conflict` (retry), or the
 * completed upload once the first is done.
 * @throws {AppError} `upload_not_received`, `size_mismatch`, `file_too_large`,
 *   `unsupported_file_type`, `unsupported_image_type`, `image_too_large`,
 *   `image_too_large_px`, `upload_limit`, `upload_expired`,
 *   `storage_unavailable`, `conflict`; `bad_request` for a video posting
 *   would refuse or one cut short
 */
export async function completeUpload(
  deps: CompletionDeps,
  account: Account,
  id: string,
): Promise<CompletedUpload> {
  // Completed already (a retry): its answer again, while it lives.
  const entry = await getShownUpload(deps, account.openId, id);
  const record = entry.value;
  if (record.state === "complete") return recorded(record);
  const now = deps.clock.now();
  const expired = checkUploadWindow(record, now);
  if (expired) {
    return reject(
      deps,
      (current) =>
        current.state === "pending" && !completionHolds(current, now),
      record,
      expired,
    );
  }
  const claimed = await claimCompletion(deps, entry);
  if (!("versionstamp" in claimed)) return recorded(claimed);
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
): Promise<CompletedUpload> {
  const { completingUntil: _, ...pending } = entry.value;
  const holds = heldBy(entry.value);
  const plan = getPlan(account.plan ?? "free");
  const unfit = await moveIntoPlace(deps, pending, plan);
  if (unfit) return reject(deps, holds, pending, unfit);
  const found = await placedObject(deps, pending);
  const checked = checkStoredObject(found.record, plan, found.info);
  if (checked instanceof AppError) {
    return reject(deps, holds, found.record, checked);
  }
  const head = await storedRangeReader(deps.storage, found.record.key)(
    0,
    Math.min(checked.size, IMAGE_PROBE_BYTES) - 1,
  );
  const content = inspectContent(found.record, checked.size, head);
  if (content instanceof AppError) {
    return reject(deps, holds, found.record, content);
  }
  const named = await nameForContent(
    deps,
    { record: found.record, info: checked },
    content,
  );
  if (named instanceof AppError) {
    return reject(deps, holds, found.record, named);
  }
  const { record, info: stored } = named;
  const readRange = storedRangeReader(deps.storage, record.key);
  const next: UploadRecord = {
    ...record,
    state: "complete",
    size: stored.size,
    etag: stored.etag,
    contentType: content.contentType,
  };
  if (record.kind === "image") next.image = content.image;
  else {
    const cut = await cutShortError(content.ext, readRange, stored.size);
    if (cut) return reject(deps, holds, record, cut);
    next.video = await probeVideo(content.ext, readRange, stored.size);
    const refused = next.video &&
      await videoRefusal(deps, account, next.video);
    // Refused before the day's counter is bumped (commitVideo): a refused
    // upload does not count.
    if (refused) return reject(deps, holds, record, refused);
  }
  // Taken as a one-request upload streamed in; a presigned PUT's bytes
  // were never seen here: one read, once the checks passed
  // (docs/media.md#content-digest).
  const sha256 = record.sha256 ??
    await orStorageUnavailable(() => objectDigest(deps, record.key));
  if (sha256) next.sha256 = sha256;
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
  const staged = await orStorageUnavailable(() => deps.storage.head(staging));
  if (!staged) return null;
  // Checked before the copy: S3 copies at most 5 GB in one request, and
  // nothing larger than the plan allows is worth copying.
  const unfit = checkStoredObject(record, plan, staged);
  if (unfit instanceof AppError) return unfit;
  await orStorageUnavailable(() => deps.storage.move(staging, record.key));
  return null;
}

/** An upload's public object, and the record naming its key. */
interface PlacedObject {
  record: UploadRecord;
  info: ObjectInfo | null;
}

/**
 * The object completion checks: under the upload's key or, when an earlier
 * completion failed after naming it for its bytes (nameForContent), under
 * the key of another type of its kind. Its info is null when neither holds
 * it.
 */
async function placedObject(
  deps: Pick<AppDeps, "storage">,
  record: UploadRecord,
): Promise<PlacedObject> {
  const info = await orStorageUnavailable(() => deps.storage.head(record.key));
  if (info) return { record, info };
  const types = record.kind === "image" ? IMAGE_TYPES : VIDEO_TYPES;
  for (const type of types) {
    const key = keyWithExt(record.key, type.ext);
    if (key === record.key) continue;
    const there = await orStorageUnavailable(() => deps.storage.head(key));
    if (there) return { record: atKey(deps, record, key), info: there };
  }
  return { record, info: null };
}

/** `record` with its object under `key`, and the public URL of that key. */
function atKey(
  deps: Pick<AppDeps, "storage">,
  record: UploadRecord,
  key: string,
): UploadRecord {
  return { ...record, key, url: deps.storage.publicUrl(key) };
}

/**
 * Names the object for what its bytes are (typed_object.ts): a file
 * declared `video/quicktime` whose bytes are WebM moves to the key ending
 * `.webm`, served as `video/webm`. Both keys are out of the signed URL's
 * reach. Returns the record with its final key and URL, and the object
 * there; `upload_not_received` when it went meanwhile.
 */
async function nameForContent(
  deps: Pick<AppDeps, "storage">,
  found: PlacedObject & { info: ObjectInfo },
  content: AcceptedContent,
): Promise<PlacedObject & { info: ObjectInfo } | AppError> {
  const { record, info } = found;
  const named = await nameForType(deps, { key: record.key, info }, content);
  if (!named) return noFileArrived();
  // Under the same key, the same URL (upload_start.ts sets it so).
  return { record: atKey(deps, record, named.key), info: named.info };
}

/**
 * Tries of a completion's commit: a client completing its uploads in
 * parallel has them all contend for the account's count of the day, one
 * winning per try, so a batch of 30 needs about 30 (each after a short
 * jittered pause, lib/kv_contention.ts).
 */
const COMPLETION_ATTEMPTS = 40;

/**
 * The album's image with the same bytes, answered in place of a new one.
 * `discard` holds the checks of what the compare read (the album, that
 * image) and the album's update without the upload: an image or album
 * deleted meanwhile fails it, and the completion tries again.
 */
interface SameImage {
  sameAs: UploadRecord;
  discard: Deno.AtomicOperation;
}

/**
 * Records `record`, the upload `first` holds completed under its final key
 * (nameForContent), with optimistic retries. `build` adds its own
 * reads' checks and writes to the operation and returns the completed
 * record, an error that rejects the upload, or the album's image with the
 * same bytes (the upload is then discarded and that image answered).
 */
async function commitCompletion(
  deps: Pick<AppDeps, "kv" | "storage" | "log">,
  first: Deno.KvEntry<UploadRecord>,
  record: UploadRecord,
  build: (
    op: Deno.AtomicOperation,
  ) => Promise<UploadRecord | AppError | SameImage>,
): Promise<CompletedUpload> {
  const holds = heldBy(first.value);
  let entry = first;
  for (let attempt = 0; attempt < COMPLETION_ATTEMPTS; attempt++) {
    const op = deps.kv.atomic().check(entry)
      .set(keys.uploadByStorageKey(record.key), record.id)
      .delete(keys.mediaExpiry(record.expiresAt, "upload", record.id));
    const done = await build(op);
    if (done instanceof AppError) return reject(deps, holds, record, done);
    if ("sameAs" in done) {
      const discard = deleteUploadRecords(done.discard.check(entry), record);
      if ((await discard.commit()).ok) {
        await deleteUploadObjects(deps, record);
        return { record: done.sameAs, alreadyInAlbum: true };
      }
    } else if ((await op.set(keys.upload(record.id), done).commit()).ok) {
      return recorded(done);
    }
    entry = await rereadUpload(deps, record.id);
    if (entry.value.state === "complete") return recorded(entry.value);
    if (attempt + 1 < COMPLETION_ATTEMPTS) await pauseAfterLostCommit(attempt);
  }
  // Still losing: a refusal the checks make now (the day's uploads used up
  // by the completions that won) is the answer, not "try again".
  const refusal = await build(deps.kv.atomic());
  if (refusal instanceof AppError) return reject(deps, holds, record, refusal);
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
): Promise<CompletedUpload> {
  return commitCompletion(deps, entry, next, async (op) => {
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
  deps: Pick<AppDeps, "kv" | "clock" | "storage" | "log">,
  entry: Deno.KvEntry<UploadRecord>,
  next: UploadRecord,
): Promise<CompletedUpload> {
  const seen = newAlbumComparisons();
  const completed = commitCompletion(deps, entry, next, async (op) => {
    const album = await getTyped(deps.kv, keys.album(next.albumId!));
    const value = album.value;
    // Ended but not yet swept (docs/media.md#retention) is gone too: an
    // image kept or answered now would carry an expires_at passed, and a
    // URL already refused.
    if (!value || value.expiresAt <= deps.clock.now()) {
      return new AppError("not_found", "The album no longer exists.");
    }
    // Read on each try: an identical image completing at the same time
    // wins the album's commit, and this one then finds it here.
    const same = await orStorageUnavailable(() =>
      sameImageInAlbum(deps, next, value.imageIds, seen)
    );
    if (same) {
      const discard = deps.kv.atomic().check(album, same)
        .set(album.key, albumWithout(value, next.id));
      return { sameAs: same.value, discard };
    }
    op.check(album).set(album.key, {
      ...value,
      pendingIds: value.pendingIds.filter((i) => i !== next.id),
      // Completed images keep the order their uploads were started in,
      // whatever order they finish in (photo_cover_index relies on it).
      imageIds: value.order.filter((i) =>
        i === next.id || value.imageIds.includes(i)
      ),
    });
    // Album images live and die with their album: no expiry entry of their
    // own.
    return { ...next, expiresAt: value.expiresAt };
  });
  return completed.then(async (done) => {
    await keepDigestsRead(deps, seen);
    return done;
  });
}
