/**
 * Before TikTok is given one of PM3K's URLs (docs/posting.md#errors-of-a-post):
 * the object behind it must still be the one completion checked, with the
 * size and ETag recorded then. No signed URL reaches a completed upload's
 * key (media_keys.ts), so this catches what changed past PM3K: a write
 * straight to the bucket or the disk, or an upload started before staging
 * whose URL wrote in place.
 * @module
 */
import { AppError } from "../errors.ts";
import { StorageError } from "../storage/object_storage.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { UploadRecord } from "./media_record.ts";

/**
 * @throws {AppError} `media_changed` when the object is gone or differs,
 *   `storage_unavailable` when storage does not answer
 */
export async function requireValidatedObject(
  deps: Pick<AppDeps, "storage">,
  upload: UploadRecord,
): Promise<void> {
  let now;
  try {
    now = await deps.storage.head(upload.key);
  } catch (error) {
    if (error instanceof StorageError) {
      throw new AppError(
        "storage_unavailable",
        "Storage is not answering, so the file cannot be checked; try again in a moment.",
        { cause: error },
      );
    }
    throw error;
  }
  if (now && now.size === upload.size && now.etag === upload.etag) return;
  throw new AppError(
    "media_changed",
    `${upload.url} is no longer the file checked when it was uploaded (${
      now ? "its size or ETag changed in storage" : "it is gone from storage"
    }): upload it again.`,
  );
}
