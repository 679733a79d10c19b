/**
 * Listing an account's uploads (the API, the dashboard, MCP): completed and
 * live ones only; album images are listed with their album (albums.ts).
 * Pages as every list does (docs/api.md#list-cursors).
 * @module
 */
import { getManyTyped, keys, newestShownPage } from "../kv_keys.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { UploadRecord } from "./media_record.ts";

/**
 * A page of the account's completed, live uploads (not album images),
 * newest first, and the cursor of the next one (null at the end).
 */
export function uploadPage(
  deps: Pick<AppDeps, "kv" | "clock">,
  openId: string,
  query: { limit: number; cursor?: string },
): Promise<{ uploads: UploadRecord[]; cursor: string | null }> {
  const now = deps.clock.now();
  return newestShownPage(
    deps.kv,
    keys.uploadsByAccountPrefix(openId),
    query,
    (ids) => getManyTyped(deps.kv, ids.map((id) => keys.upload(id))),
    (r) => r.state === "complete" && !r.albumId && r.expiresAt > now,
  ).then(({ records, cursor }) => ({ uploads: records, cursor }));
}

/** The account's `limit` newest completed, live uploads (not album images). */
export async function listUploads(
  deps: Pick<AppDeps, "kv" | "clock">,
  openId: string,
  limit = 50,
): Promise<UploadRecord[]> {
  return (await uploadPage(deps, openId, { limit })).uploads;
}
