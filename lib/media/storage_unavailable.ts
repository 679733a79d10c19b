/**
 * The one answer to storage that fails under a media call: 503
 * `storage_unavailable`, in the same words on every path (completing,
 * uploading in one request, the signed PUT, `/files`, a post's file
 * check). The storage layer only says which failure it was; its callers
 * here turn it into this answer (docs/architecture.md#errors-below-the-domain,
 * docs/media.md#local-disk-adapter).
 * @module
 */
import { AppError } from "../errors.ts";
import { StorageError } from "../storage/object_storage.ts";

/**
 * What happened, that nothing was lost, and what to do: the same request
 * works once storage answers again (docs/api.md#error-codes).
 */
export const STORAGE_UNAVAILABLE_MESSAGE =
  "Storage is not answering right now, so this request was not carried out; nothing already stored was lost. Send the same request again in a moment.";

/**
 * An object gone between two calls (deleted while a request read it back):
 * no retry brings it back, so neither 503 nor "nothing was lost" is true.
 */
export const STORED_FILE_GONE_MESSAGE =
  "The stored file is gone: it was deleted while this request read it. Upload it again.";

/**
 * `error` as the API answers it: storage failing (`unavailable`) is 503
 * `storage_unavailable`; an object gone between two calls is 404
 * `not_found`; anything else, `too_large` among them (each caller's own
 * size cap), is left as it was.
 */
export function storageUnavailable(error: unknown): unknown {
  if (!(error instanceof StorageError) || error.failure === "too_large") {
    return error;
  }
  return error.failure === "not_found"
    ? new AppError("not_found", STORED_FILE_GONE_MESSAGE, { cause: error })
    : new AppError("storage_unavailable", STORAGE_UNAVAILABLE_MESSAGE, {
      cause: error,
    });
}

/** {@link storageUnavailable}, thrown: for a storage call's `.catch`. */
export function rethrowStorageUnavailable(error: unknown): never {
  throw storageUnavailable(error);
}

/** Runs a storage call; its storage failure as {@link storageUnavailable}. */
export async function orStorageUnavailable<T>(
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw storageUnavailable(error);
  }
}
