/**
 * Photo Mode albums: a folder of up to 35 JPEG/WebP images under
 * `uploads/<open_id>/albums/<album_id>/`. An album counts as one upload of
 * the day. It lives `ALBUM_DEFAULT_TTL_MS` (or the plan's TTL if shorter)
 * unless "Upload only (get link)" retains it for the plan's full TTL.
 * @module
 */
import { ulid } from "ulid";
import {
  getManyTyped,
  keys,
  newestShownPage,
  requireTyped,
} from "../kv_keys.ts";
import { AppError, notOnAccount } from "../errors.ts";
import { getPlan } from "../plans.ts";
import type { Account } from "../accounts/account_record.ts";
import {
  UPLOAD_DAY_COUNT_KEPT_MS,
  uploadLimitError,
  uploadsToday,
  uploadsUsed,
} from "./upload_quota.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { AlbumRecord, UploadRecord } from "./media_record.ts";

/** Lifetime of an album nobody retained: long enough to post it now. */
export const ALBUM_DEFAULT_TTL_MS = 24 * 3600_000;

function planTtlMs(account: Account): number {
  return getPlan(account.plan ?? "free").storageTtlHours * 3600_000;
}

/** Creates an empty album (one upload of the day). */
export async function createAlbum(
  deps: Pick<AppDeps, "kv" | "clock">,
  account: Account,
): Promise<AlbumRecord> {
  const plan = getPlan(account.plan ?? "free");
  for (let attempt = 0; attempt < 10; attempt++) {
    const now = deps.clock.now();
    const count = await uploadsToday(deps, account.openId);
    const used = uploadsUsed(count);
    if (used >= plan.uploadsPerDay) {
      throw uploadLimitError(
        plan.uploadsPerDay,
        now,
        "; an album counts as one",
      );
    }
    const album: AlbumRecord = {
      id: ulid(now),
      openId: account.openId,
      createdAt: now,
      expiresAt: now + Math.min(ALBUM_DEFAULT_TTL_MS, planTtlMs(account)),
      retained: false,
      imageIds: [],
      pendingIds: [],
      order: [],
    };
    const res = await deps.kv.atomic()
      .check(count)
      .set(count.key, new Deno.KvU64(BigInt(used + 1)), {
        expireIn: UPLOAD_DAY_COUNT_KEPT_MS,
      })
      .set(keys.album(album.id), album)
      .set(keys.albumByAccount(account.openId, album.id), album.id)
      .set(keys.mediaExpiry(album.expiresAt, "album", album.id), true)
      .commit();
    if (res.ok) return album;
  }
  throw new AppError("conflict", "Too many albums created at once; try again.");
}

/** Checks the album belongs to the account and is still alive. */
export function requireAlbum(
  deps: Pick<AppDeps, "kv" | "clock">,
  openId: string,
  albumId: string,
): Promise<Deno.KvEntry<AlbumRecord>> {
  return requireTyped(
    deps.kv,
    keys.album(albumId),
    () => notOnAccount("album", albumId),
    (album) => album.openId === openId && album.expiresAt > deps.clock.now(),
  );
}

/** The album with its completed images, in order. */
export async function getAlbumWithImages(
  deps: Pick<AppDeps, "kv" | "clock">,
  openId: string,
  albumId: string,
): Promise<{ album: AlbumRecord; images: UploadRecord[] }> {
  const album = (await requireAlbum(deps, openId, albumId)).value;
  return { album, images: await albumImages(deps, album) };
}

/** The album's completed images, in its order of ids. */
async function albumImages(
  deps: Pick<AppDeps, "kv">,
  album: AlbumRecord,
): Promise<UploadRecord[]> {
  const images = await getManyTyped(
    deps.kv,
    album.imageIds.map((id) => keys.upload(id)),
  );
  return images.filter((image) => image !== null);
}

/** Lifts the album (and its images) to the plan's full storage TTL from now. */
export async function retainAlbum(
  deps: Pick<AppDeps, "kv" | "clock">,
  account: Account,
  albumId: string,
): Promise<{ album: AlbumRecord; images: UploadRecord[] }> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const entry = await requireAlbum(deps, account.openId, albumId);
    const { images } = await getAlbumWithImages(deps, account.openId, albumId);
    const old = entry.value;
    const expiresAt = Math.max(
      old.expiresAt,
      deps.clock.now() + planTtlMs(account),
    );
    const album: AlbumRecord = { ...old, expiresAt, retained: true };
    const op = deps.kv.atomic().check(entry)
      .set(entry.key, album)
      .delete(keys.mediaExpiry(old.expiresAt, "album", old.id))
      .set(keys.mediaExpiry(expiresAt, "album", old.id), true);
    const updated = images.map((img) => ({ ...img, expiresAt }));
    for (const img of updated) op.set(keys.upload(img.id), img);
    if ((await op.commit()).ok) return { album, images: updated };
  }
  throw new AppError(
    "conflict",
    "The album changed while retaining it; try again.",
  );
}

/**
 * A page of the account's live albums, newest first, each with its completed
 * images, and the cursor of the next page (null at the end;
 * docs/api.md#list-cursors). An album with no image yet is listed too: it
 * was counted as an upload of its day, and is deleted or filled from here
 * (docs/media.md#photo-mode).
 */
export async function albumPage(
  deps: Pick<AppDeps, "kv" | "clock">,
  openId: string,
  query: { limit: number; cursor?: string },
  withImagesOnly = false,
): Promise<{
  albums: { album: AlbumRecord; images: UploadRecord[] }[];
  cursor: string | null;
}> {
  const now = deps.clock.now();
  const page = await newestShownPage(
    deps.kv,
    keys.albumsByAccountPrefix(openId),
    query,
    (ids) => getManyTyped(deps.kv, ids.map((id) => keys.album(id))),
    // Chosen before the page is cut, so empty albums never push older
    // ones off it.
    (album) =>
      album.expiresAt > now && (!withImagesOnly || album.imageIds.length > 0),
  );
  const albums = [];
  for (const album of page.records) {
    albums.push({ album, images: await albumImages(deps, album) });
  }
  return { albums, cursor: page.cursor };
}

/**
 * The account's `limit` newest live albums that hold an image, each with
 * its images: the media page's, where an album with none yet (a
 * composer's work in progress) has nothing to show or post.
 */
export async function listAlbumsWithImages(
  deps: Pick<AppDeps, "kv" | "clock">,
  openId: string,
  limit = 20,
): Promise<{ album: AlbumRecord; images: UploadRecord[] }[]> {
  return (await albumPage(deps, openId, { limit }, true)).albums;
}

/** The album without the image `id` (its lists and order). */
export function albumWithout(album: AlbumRecord, id: string): AlbumRecord {
  return {
    ...album,
    imageIds: album.imageIds.filter((i) => i !== id),
    pendingIds: album.pendingIds.filter((i) => i !== id),
    order: album.order.filter((i) => i !== id),
  };
}
