/**
 * Who may touch a pending upload's bytes (docs/media.md#uploads): its
 * signed URL while the upload is open, and one completion at a time. A
 * completion holds the upload (`completingUntil`, a lease) while it moves
 * and checks the bytes, so two never move them at once and no local PUT
 * lands meanwhile; one that dies mid-way frees it when the lease lapses.
 * @module
 */
import { getTyped, keys, requireTyped } from "../kv_keys.ts";
import { AppError, notOnAccount } from "../errors.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { uploadIdOfKey } from "./media_keys.ts";
import type { UploadRecord } from "./media_record.ts";

/**
 * How long one completion holds its upload against others; a completion
 * that dies mid-way frees it then.
 */
export const COMPLETION_LEASE_MS = 60_000;

/** Whether a completion's lease (`completingUntil`) holds `record` at `now`. */
export function completionHolds(record: UploadRecord, now: number): boolean {
  return (record.completingUntil ?? 0) > now;
}

/**
 * The pending upload whose signed URL writes to `storageKey` (its staging
 * key, or its key for one started before staging), or null: none, or no
 * longer pending.
 */
export async function pendingUploadAt(
  deps: Pick<AppDeps, "kv">,
  storageKey: string,
): Promise<UploadRecord | null> {
  const id = uploadIdOfKey(storageKey);
  const record = id ? (await getTyped(deps.kv, keys.upload(id))).value : null;
  return record?.state === "pending" &&
      (record.stagingKey ?? record.key) === storageKey
    ? record
    : null;
}

/**
 * The pending upload whose signed URL writes to `storageKey`: a local PUT
 * is taken only while it is open.
 * @throws {AppError} `upload_closed` once the upload is being completed,
 *   or was completed, refused or swept
 */
export async function requireOpenUpload(
  deps: Pick<AppDeps, "kv" | "clock">,
  storageKey: string,
): Promise<UploadRecord> {
  const record = await pendingUploadAt(deps, storageKey);
  const now = deps.clock.now();
  if (record && record.expiresAt > now && !completionHolds(record, now)) {
    return record;
  }
  throw new AppError(
    "upload_closed",
    "This upload is completed, refused or being completed: its URL takes no more bytes. Start a new upload.",
  );
}

/**
 * Whether a completion holds the pending upload whose signed URL writes to
 * `storageKey` now: it reads the staging key next, so bytes a PUT wrote
 * there meanwhile are its to move (or, once it moved the earlier ones,
 * an orphan the sweep removes), never a PUT's to delete.
 */
export async function heldByCompletion(
  deps: Pick<AppDeps, "kv" | "clock">,
  storageKey: string,
): Promise<boolean> {
  const record = await pendingUploadAt(deps, storageKey);
  return record !== null && completionHolds(record, deps.clock.now());
}

/**
 * Takes the pending upload for this completion (`completingUntil`), so two
 * completions never move its bytes at once: on some stores a copy racing
 * the other's delete loses the object. Returns the claimed entry, or the
 * upload completed meanwhile.
 */
export async function claimCompletion(
  deps: Pick<AppDeps, "kv" | "clock">,
  first: Deno.KvEntry<UploadRecord>,
): Promise<Deno.KvEntry<UploadRecord> | UploadRecord> {
  let entry = first;
  for (let attempt = 0; attempt < 5; attempt++) {
    const record = entry.value;
    if (record.state === "complete") return record;
    const now = deps.clock.now();
    if (completionHolds(record, now)) break;
    const claimed = { ...record, completingUntil: now + COMPLETION_LEASE_MS };
    const done = await deps.kv.atomic().check(entry).set(entry.key, claimed)
      .commit();
    if (done.ok) {
      return { ...entry, value: claimed, versionstamp: done.versionstamp };
    }
    entry = await rereadUpload(deps, record.id);
  }
  throw new AppError(
    "conflict",
    "This upload is being completed by another request; try again in a moment.",
  );
}

/**
 * The upload's entry read again after another write won the race, for the
 * next try of a completion's commit.
 * @throws {AppError} `not_found` once the upload is gone (swept, deleted)
 */
export function rereadUpload(
  deps: Pick<AppDeps, "kv">,
  id: string,
): Promise<Deno.KvEntry<UploadRecord>> {
  return requireTyped(
    deps.kv,
    keys.upload(id),
    () => notOnAccount("upload", id),
  );
}

/** Frees an upload this completion still holds unchanged. */
export async function releaseCompletion(
  deps: Pick<AppDeps, "kv">,
  claimed: Deno.KvEntry<UploadRecord>,
): Promise<void> {
  const { completingUntil: _, ...free } = claimed.value;
  await deps.kv.atomic().check(claimed).set(claimed.key, free).commit();
}
