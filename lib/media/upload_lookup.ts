/**
 * One upload of an account, by its id: what showing, completing and
 * deleting an upload start from. Another account's upload answers
 * `not_found`, as a missing one does.
 * @module
 */
import { keys, requireTyped } from "../kv_keys.ts";
import { notOnAccount } from "../errors.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { UploadRecord } from "./media_record.ts";

/** An upload of this account, or `not_found`. */
export function getOwnUpload(
  deps: Pick<AppDeps, "kv">,
  openId: string,
  id: string,
): Promise<Deno.KvEntry<UploadRecord>> {
  return requireTyped(
    deps.kv,
    keys.upload(id),
    () => notOnAccount("upload", id),
    (upload) => upload.openId === openId,
  );
}

/**
 * An upload of this account as `GET /api/uploads/{id}` shows it and
 * `/complete` answers it again: a completed upload whose time is up is
 * `not_found` at once, as its file
 * and the list of uploads already answer, though the retention sweep
 * (docs/media.md#retention) has not deleted it yet.
 */
export async function getShownUpload(
  deps: Pick<AppDeps, "kv" | "clock">,
  openId: string,
  id: string,
): Promise<Deno.KvEntry<UploadRecord>> {
  const entry = await getOwnUpload(deps, openId, id);
  const { state, expiresAt } = entry.value;
  if (state === "complete" && expiresAt <= deps.clock.now()) {
    throw notOnAccount("upload", id);
  }
  return entry;
}
