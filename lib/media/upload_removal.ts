/**
 * Removing an upload: its stored objects (the public key and the staging
 * key), its record and indexes, and its place in its album. A refused
 * completion removes the upload this way, so a failed upload leaves nothing
 * behind; retention and deleting media remove uploads with these too.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { logFailure } from "../runtime/logger.ts";
import { albumWithout } from "./albums.ts";
import type { UploadRecord } from "./media_record.ts";

/**
 * Deletes an upload's objects, record and indexes (album lists included).
 * The records' commit is tried 5 times; one that keeps meeting changes is
 * logged and left to retention.
 */
export async function discardUpload(
  deps: Pick<AppDeps, "kv" | "storage" | "log">,
  record: UploadRecord,
): Promise<void> {
  await deleteUploadObjects(deps, record);
  for (let attempt = 0; attempt < 5; attempt++) {
    const op = deleteUploadRecords(deps.kv.atomic(), record);
    await leaveAlbum(deps, op, record);
    if ((await op.commit()).ok) return;
  }
  logLeftToRetention(deps, record);
}

/**
 * What discarding an upload a completion refused did: `refused` (discarded,
 * or left to retention), or nothing, the upload being `gone` already or `notHeld` (completed, or
 * held by another completion) as `current`.
 */
export type HeldDiscard =
  | { outcome: "refused" | "gone" }
  | { outcome: "notHeld"; current: UploadRecord };

/**
 * Discards an upload only while `holds` says its record is still the
 * caller's (a completion's claim): the records' deletion checks the entry
 * read, and the objects go after it. A completion whose lease lapsed must
 * not delete an upload another completion finished meanwhile
 * (docs/media.md#uploads).
 */
export async function discardHeldUpload(
  deps: Pick<AppDeps, "kv" | "storage" | "log">,
  record: UploadRecord,
  holds: (current: UploadRecord) => boolean,
): Promise<HeldDiscard> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const entry = await getTyped(deps.kv, keys.upload(record.id));
    if (!entry.value) return { outcome: "gone" };
    if (!holds(entry.value)) {
      return { outcome: "notHeld", current: entry.value };
    }
    const op = deleteUploadRecords(deps.kv.atomic().check(entry), record);
    await leaveAlbum(deps, op, record);
    if ((await op.commit()).ok) {
      await deleteUploadObjects(deps, record);
      return { outcome: "refused" };
    }
  }
  // Still held but its album kept changing: the refusal stands.
  logLeftToRetention(deps, record);
  return { outcome: "refused" };
}

/**
 * Adds to `op` the upload's leaving its album (its image list), checked
 * against the album read now; nothing for a video or a gone album.
 */
export async function leaveAlbum(
  deps: Pick<AppDeps, "kv">,
  op: Deno.AtomicOperation,
  record: UploadRecord,
): Promise<void> {
  if (!record.albumId) return;
  const album = await getTyped(deps.kv, keys.album(record.albumId));
  if (album.value) {
    op.check(album).set(album.key, albumWithout(album.value, record.id));
  }
}

/**
 * Logs an upload whose records kept changing while it was discarded: left
 * as it was, its record (found by its expiry index) goes with the
 * retention sweep; until then an album still counts the image.
 */
function logLeftToRetention(
  deps: Pick<AppDeps, "log">,
  record: UploadRecord,
): void {
  deps.log({
    level: "warn",
    message:
      "an upload's record kept changing while it was discarded; retention removes it at its expiry",
    open_id: record.openId,
    upload_id: record.id,
  });
}

/**
 * Deletes an upload's objects, the staging key's too (bytes PUT after
 * completion may sit there). A failure is logged and only orphans the
 * object: the orphan sweep (orphan_sweep.ts) removes it later.
 */
export async function deleteUploadObjects(
  deps: Pick<AppDeps, "storage" | "log">,
  record: UploadRecord,
): Promise<void> {
  for (const key of [record.key, record.stagingKey]) {
    if (!key) continue;
    await deps.storage.delete(key).catch(
      logFailure(deps.log, "deleting an upload's stored object", {
        open_id: record.openId,
        upload_id: record.id,
        key,
      }),
    );
  }
}

/** The keys of an upload's record and its indexes, deleted together. */
export function uploadRecordKeys(record: UploadRecord): Deno.KvKey[] {
  return [
    keys.upload(record.id),
    keys.uploadByAccount(record.openId, record.id),
    keys.uploadByStorageKey(record.key),
    keys.mediaExpiry(record.expiresAt, "upload", record.id),
  ];
}

/** Adds to `op` the deletion of an upload's record and indexes. */
export function deleteUploadRecords(
  op: Deno.AtomicOperation,
  record: UploadRecord,
): Deno.AtomicOperation {
  for (const k of uploadRecordKeys(record)) op.delete(k);
  return op;
}
