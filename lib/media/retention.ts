/**
 * Retention: deletes every upload and album whose time is up (objects first,
 * then their KV records), from the `media_expiry` index. Run by a Deno.cron
 * every minute; safe to run in several processes at once (each deletion is
 * idempotent, and records go in one atomic step per item). Scheduled posts
 * push their media's time back with `keepMedia`. Objects no record names
 * are the orphan sweep's (orphan_sweep.ts), run by the same cron.
 * @module
 */
import { getManyEntries, getTyped, keys } from "../kv_keys.ts";
import { AppError } from "../errors.ts";
import { getPlan } from "../plans.ts";
import type { Account } from "../accounts/account_record.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { liveUploadEntryByKey } from "./live_uploads.ts";
import { discardUpload } from "./upload_removal.ts";
import { KEEP_AFTER_RUN_MS, latestKeptRunAt } from "../jobs/media_keep_rule.ts";
import { spokenDuration } from "../site/spoken_duration.ts";
import { HOUR_MS } from "../time_units.ts";

export interface SweepResult {
  uploads: number;
  albums: number;
}

/** Deletes what expired up to now; returns how many items went. */
export async function sweepExpiredMedia(
  deps: Pick<AppDeps, "kv" | "clock" | "storage" | "log">,
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

/**
 * Keeps the PM3K media behind `urls` for a scheduled post run at `runAt`,
 * until an hour after it, or refuses when the plan keeps files for less
 * (media_keep_rule.ts, the rule the composer shows too). Album images are
 * kept by keeping their album.
 * @throws {AppError} `bad_request` when the plan's retention is too short;
 *   `conflict` when the upload keeps changing under it (bounded retries)
 */
export async function keepMedia(
  deps: Pick<AppDeps, "kv" | "clock" | "storage">,
  account: Account,
  urls: readonly string[],
  runAt: number,
): Promise<void> {
  const planHours = getPlan(account.plan ?? "free").storageTtlHours;
  const keepUntil = runAt + KEEP_AFTER_RUN_MS;
  for (const url of urls) {
    const key = deps.storage.keyFromPublicUrl(url);
    if (!key) continue; // a verified domain: copied again at run time
    // Checked on the upload read: a deletion meanwhile is not undone.
    let settled = false;
    for (let attempt = 0; attempt < 10 && !settled; attempt++) {
      const entry = await liveUploadEntryByKey(deps, key);
      const upload = entry?.value;
      if (!entry || !upload || upload.expiresAt >= keepUntil) {
        settled = true;
        break;
      }
      const latest = latestKeptRunAt(planHours, deps.clock.now());
      if (runAt > latest) {
        // Named by its file name and the latest time it can go, which the
        // dashboard shows in local time (docs/scheduling.md#creating-a-job).
        throw new AppError(
          "bad_request",
          `Your plan keeps files ${
            spokenDuration(planHours * HOUR_MS)
          }, so ${upload.filename} can be posted by ${
            new Date(latest).toISOString()
          } at the latest. Schedule it sooner, upload it closer to the date, or use your own verified domain.`,
        );
      }
      const op = deps.kv.atomic().check(entry);
      if (upload.albumId) {
        // Album images live with their album: keep the album, and every
        // image it lists with it (as retain does), or those the job does
        // not use would stop being served while the album still lists
        // them. Checked on the album read: an image added or removed
        // meanwhile changes it.
        const album = await getTyped(deps.kv, keys.album(upload.albumId));
        if (album.value && album.value.expiresAt < keepUntil) {
          op.check(album)
            .set(album.key, { ...album.value, expiresAt: keepUntil })
            .delete(
              keys.mediaExpiry(album.value.expiresAt, "album", album.value.id),
            )
            .set(keys.mediaExpiry(keepUntil, "album", album.value.id), true);
          const images = await getManyEntries(
            deps.kv,
            album.value.imageIds.filter((id) => id !== upload.id)
              .map(keys.upload),
          );
          // No check of each image: every write of an album image's record
          // writes its album too (completion, retain, deletion, this), so
          // the album's check covers them, and a 35-image album stays
          // within denokv's 10 checks (docs/architecture.md#kv-limits).
          for (const image of images) {
            if (image.value && image.value.expiresAt < keepUntil) {
              op.set(image.key, { ...image.value, expiresAt: keepUntil });
            }
          }
        }
      } else {
        op.delete(keys.mediaExpiry(upload.expiresAt, "upload", upload.id))
          .set(keys.mediaExpiry(keepUntil, "upload", upload.id), true);
      }
      op.set(keys.upload(upload.id), { ...upload, expiresAt: keepUntil });
      settled = (await op.commit()).ok;
    }
    // A job must never be stored with media that will not last to its run.
    if (!settled) {
      throw new AppError(
        "conflict",
        "This media is being changed by another request at the same moment; try again.",
      );
    }
  }
}
