/**
 * One upload of an account, by its id: what showing, completing and
 * deleting an upload start from. Another account's upload answers
 * `not_found`, as a missing one does.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { notOnAccount } from "../errors.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { UploadRecord } from "./media_record.ts";

/** An upload of this account, or `not_found`. */
export async function getOwnUpload(
  deps: Pick<AppDeps, "kv">,
  openId: string,
  id: string,
): Promise<Deno.KvEntry<UploadRecord>> {
  const entry = await getTyped(deps.kv, keys.upload(id));
  if (!entry.value || entry.value.openId !== openId) {
    throw notOnAccount("upload", id);
  }
  return entry as Deno.KvEntry<UploadRecord>;
}
