/**
 * The orphan sweep (docs/media.md#retention): deletes the objects under
 * the upload folders that no upload record names — bytes PUT to an S3
 * upload URL after its upload was completed or refused (such a URL cannot
 * be revoked), a copy or a write cut short by a crash — once they are older
 * than an upload URL's life. The retention cron runs it after the expiry
 * sweep. Each run looks at and deletes a bounded number of objects and
 * leaves a cursor in KV, so successive runs walk a large bucket.
 *
 * KV is the truth: an object is kept only while a record names it. Several
 * processes may sweep at once (deleting twice is harmless; the cursor a
 * process writes last wins, and at worst a stretch is looked at twice).
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { ListedObject } from "../storage/object_storage.ts";
import {
  INGEST_PREFIX,
  keyStem,
  STAGING_PREFIX,
  UPLOAD_PREFIX,
  uploadIdOfKey,
} from "./media_keys.ts";
import { UPLOAD_WINDOW_MS } from "./upload_start.ts";
import type { UploadRecord } from "./media_record.ts";

/** The folders swept, in key order: the order the cursor moves through. */
export const ORPHAN_PREFIXES: readonly string[] = [
  INGEST_PREFIX,
  STAGING_PREFIX,
  UPLOAD_PREFIX,
].sort();

/**
 * How old (by the storage's clock) an object without a record must be to
 * go: an upload URL's life. A record names an upload's keys before its URL
 * is issued; an ingest copy's record is written as soon as the copy ends,
 * and S3 dates an object copied in parts by the start of the copy, which
 * lasts at most 30 minutes. Clocks of PM3K and the storage may differ by
 * minutes, not by an hour.
 */
export const ORPHAN_MIN_AGE_MS = UPLOAD_WINDOW_MS;

/**
 * Objects looked at per run: one page of an S3 listing (its largest), and
 * 100 KV reads of 10 records, a few seconds at most.
 */
export const ORPHANS_SCANNED_PER_RUN = 1000;

/**
 * Objects deleted per run: one request each (tens of ms on S3), so a run
 * stays a few seconds inside the cron's minute; and a mistake — a KV that
 * lost its records makes every object look orphaned — costs at most 100
 * objects a minute, time enough to notice in the logs, not the bucket at
 * once. Orphans are rare: the real rate is far below.
 */
export const ORPHANS_REMOVED_PER_RUN = 100;

/** Records are read in batches of this size (denokv's getMany limit). */
const READ_BATCH = 10;

export interface OrphanSweepResult {
  /** Objects looked at in this run. */
  scanned: number;
  /** Of those, deleted. */
  removed: number;
}

/** True when nothing will write to or read `object` through a record. */
function isOrphan(
  object: ListedObject,
  record: UploadRecord | null,
  cutoff: number,
): boolean {
  // Young (or undated: NaN compares false) objects wait.
  if (!(object.lastModified < cutoff)) return false;
  if (!record) return true;
  if (record.key === object.key) return false;
  if (record.state !== "pending") return true;
  // Staged bytes matter only until completion moves them; completion may
  // then name them for their type (another extension) before it records
  // that key (upload_completion.ts).
  return !(record.stagingKey === object.key ||
    keyStem(record.key) === keyStem(object.key));
}

/** Deletes orphaned objects after the cursor, within the per-run bounds. */
export async function sweepOrphanedObjects(
  deps: Pick<AppDeps, "kv" | "clock" | "storage" | "log">,
  options: { maxScanned?: number; maxRemoved?: number } = {},
): Promise<OrphanSweepResult> {
  const maxScanned = options.maxScanned ?? ORPHANS_SCANNED_PER_RUN;
  const maxRemoved = options.maxRemoved ?? ORPHANS_REMOVED_PER_RUN;
  const cutoff = deps.clock.now() - ORPHAN_MIN_AGE_MS;
  const cursorKey = keys.orphanSweepCursor();
  const cursor = (await getTyped(deps.kv, cursorKey)).value ?? "";
  const result: OrphanSweepResult = { scanned: 0, removed: 0 };
  let last = cursor;
  const batch: ListedObject[] = [];
  /** Judges the batch in order; true once a bound is reached. */
  const judge = async (): Promise<boolean> => {
    const ids = batch.map((o) => uploadIdOfKey(o.key));
    const named = ids.filter((id) => id !== null);
    const found = named.length === 0
      ? []
      : await deps.kv.getMany<(UploadRecord | null)[]>(
        named.map((id) => keys.upload(id)),
      );
    const records = new Map(
      found.filter((e) => e.value).map((e) => [e.key[1], e.value]),
    );
    for (const [i, object] of batch.entries()) {
      result.scanned++;
      last = object.key;
      if (isOrphan(object, records.get(ids[i] ?? "") ?? null, cutoff)) {
        await deps.storage.delete(object.key);
        result.removed++;
      }
      if (result.removed >= maxRemoved || result.scanned >= maxScanned) {
        return true;
      }
    }
    batch.length = 0;
    return false;
  };
  let bounded = false;
  walk: for (const prefix of ORPHAN_PREFIXES) {
    // A folder whose keys all sort before the cursor was swept already.
    if (cursor > prefix && !cursor.startsWith(prefix)) continue;
    const listing = deps.storage.list(prefix, {
      startAfter: cursor.startsWith(prefix) ? cursor : undefined,
      pageSize: Math.min(1000, maxScanned),
    });
    for await (const object of listing) {
      batch.push(object);
      const full = batch.length === READ_BATCH ||
        result.scanned + batch.length >= maxScanned;
      if (full && await judge()) {
        bounded = true;
        break walk;
      }
    }
    if (batch.length > 0 && await judge()) {
      bounded = true;
      break;
    }
  }
  // Past the last folder: the next run starts a new pass.
  if (bounded) await deps.kv.set(cursorKey, last);
  else await deps.kv.delete(cursorKey);
  if (result.removed > 0) {
    deps.log({
      level: "info",
      message: "deleted media objects no upload names",
      removed: result.removed,
      scanned: result.scanned,
    });
  }
  return result;
}
