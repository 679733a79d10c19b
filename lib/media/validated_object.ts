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
import { orStorageUnavailable } from "./storage_unavailable.ts";
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
  const now = await orStorageUnavailable(() => deps.storage.head(upload.key));
  if (now && now.size === upload.size && now.etag === upload.etag) return;
  throw new AppError(
    "media_changed",
    `${upload.url} is no longer the file checked when it was uploaded (${
      now ? "its size or ETag changed in storage" : "it is gone from storage"
    }): upload it again.`,
  );
}
