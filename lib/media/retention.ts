/**
 * Retention: deletes every upload and album whose time is up (objects first,
 * then their KV records), from the `media_expiry` index. Run by a Deno.cron
 * every minute; safe to run in several processes at once (each deletion is
 * idempotent, and records go in one atomic step per item).
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import type { MediaDeps } from "./media_deps.ts";
import { discardUpload } from "./uploads.ts";

export interface SweepResult {
  uploads: number;
  albums: number;
}

/** Deletes what expired up to now; returns how many items went. */
export async function sweepExpiredMedia(
  deps: MediaDeps,
  options: { batch?: number } = {},
): Promise<SweepResult> {
  const now = deps.clock.now();
  const result: SweepResult = { uploads: 0, albums: 0 };
  const iter = deps.kv.list<true>({
    start: keys.mediaExpiryPrefix(),
    end: [...keys.mediaExpiryPrefix(), now + 1],
  }, { limit: options.batch ?? 500 });
  for await (const entry of iter) {
    const [, , kind, id] = entry.key as [
      string,
      number,
      "upload" | "album",
      string,
    ];
    if (kind === "upload") {
      const record = (await getTyped(deps.kv, keys.upload(id))).value;
      if (record && record.expiresAt <= now) await discardUpload(deps, record);
      await deps.kv.delete(entry.key);
      result.uploads++;
    } else {
      const album = (await getTyped(deps.kv, keys.album(id))).value;
      if (album && album.expiresAt > now) {
        // Retained since this index entry was written: only the entry is stale.
        await deps.kv.delete(entry.key);
        continue;
      }
      if (album) {
        for (const imageId of [...album.imageIds, ...album.pendingIds]) {
          const image = (await getTyped(deps.kv, keys.upload(imageId))).value;
          if (image) await discardUpload(deps, { ...image, albumId: null });
        }
      }
      const op = deps.kv.atomic().delete(keys.album(id)).delete(entry.key);
      if (album) op.delete(keys.albumByAccount(album.openId, id));
      await op.commit();
      result.albums++;
    }
  }
  return result;
}
