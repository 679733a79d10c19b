/**
 * The local-disk store as `/files` sees it: files are served (and signed
 * PUTs taken) here only in the embedded default; a disk that fails is a
 * 503 (storage_unavailable.ts, docs/media.md#local-disk-adapter).
 * @module
 */
import { AppError } from "../errors.ts";
import type { LocalStorage } from "../storage/local_storage.ts";
import type { ObjectStorage } from "../storage/object_storage.ts";

/** Local-disk media: served here in the embedded default (S3 serves its own). */
export function localOnly(storage: ObjectStorage): LocalStorage {
  if (storage.kind !== "local") {
    throw new AppError("not_found", "Files are served by the bucket.");
  }
  return storage as LocalStorage;
}
