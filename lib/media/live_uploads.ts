/**
 * The live uploads behind storage keys: completed and not expired. Apart
 * from the upload flow (upload_start.ts, upload_completion.ts) so that what
 * checks media without making it (a post's reservation: media_hold.ts)
 * imports no more than KV.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { UploadRecord } from "./media_record.ts";

/** The live upload behind a storage key (for serving `/files`), or null. */
export async function liveUploadByKey(
  deps: Pick<AppDeps, "kv" | "clock">,
  storageKey: string,
): Promise<UploadRecord | null> {
  return (await liveUploadEntryByKey(deps, storageKey))?.value ?? null;
}

/** The live upload behind a storage key as its KV entry, or null. */
export async function liveUploadEntryByKey(
  deps: Pick<AppDeps, "kv" | "clock">,
  storageKey: string,
): Promise<Deno.KvEntry<UploadRecord> | null> {
  const id =
    (await getTyped(deps.kv, keys.uploadByStorageKey(storageKey))).value;
  if (!id) return null;
  const entry = await getTyped(deps.kv, keys.upload(id));
  const record = entry.value;
  return record && record.state === "complete" &&
      record.expiresAt > deps.clock.now()
    ? entry as Deno.KvEntry<UploadRecord>
    : null;
}
