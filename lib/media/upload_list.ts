/**
 * Listing an account's uploads (the API, the dashboard, MCP): completed and
 * live ones only; album images are listed with their album (albums.ts).
 * @module
 */
import { keys, listTyped } from "../kv_keys.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { UploadRecord } from "./media_record.ts";

/** The account's completed, live uploads (not album images), newest first. */
export async function listUploads(
  deps: Pick<AppDeps, "kv" | "clock">,
  openId: string,
  limit = 50,
): Promise<UploadRecord[]> {
  const ids = (await listTyped(deps.kv, keys.uploadsByAccountPrefix(openId), {
    reverse: true,
    limit: 500,
  }))
    .map((e) => e.value);
  const out: UploadRecord[] = [];
  const now = deps.clock.now();
  for (let i = 0; i < ids.length && out.length < limit; i += 10) {
    const batch = await deps.kv.getMany<UploadRecord[]>(
      ids.slice(i, i + 10).map((id) => keys.upload(id)),
    );
    for (const e of batch) {
      const r = e.value;
      if (r && r.state === "complete" && !r.albumId && r.expiresAt > now) {
        out.push(r);
      }
    }
  }
  return out.slice(0, limit);
}
