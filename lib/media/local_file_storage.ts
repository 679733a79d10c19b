/**
 * The local-disk store as `/files` sees it: files are served (and signed
 * PUTs taken) here only in the embedded default, and a disk that fails is
 * a 503, not a 500 (docs/media.md#local-disk-adapter).
 * @module
 */
import { AppError } from "../errors.ts";
import type { LocalStorage } from "../storage/local_storage.ts";
import { type ObjectStorage, StorageError } from "../storage/object_storage.ts";

/** Local-disk media: served here in the embedded default (S3 serves its own). */
export function localOnly(storage: ObjectStorage): LocalStorage {
  if (storage.kind !== "local") {
    throw new AppError("not_found", "Files are served by the bucket.");
  }
  return storage as LocalStorage;
}

/**
 * A disk that fails (full, read-only, no permission) as 503
 * `storage_unavailable`, not 500 (docs/media.md#local-disk-adapter).
 */
export function diskUnavailable(error: unknown): unknown {
  return error instanceof StorageError && error.failure === "unavailable"
    ? new AppError(
      "storage_unavailable",
      "Storage is not answering; try again in a moment.",
      { cause: error },
    )
    : error;
}

/** {@link diskUnavailable}, thrown: for a failed storage call's `.catch`. */
export function rethrowDiskUnavailable(error: unknown): never {
  throw diskUnavailable(error);
}
