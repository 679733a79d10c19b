/**
 * Where media lives in storage (docs/media.md#uploads). An upload's signed
 * URL writes to a staging key; completion moves the bytes it checked to
 * the public key, which no signed URL reaches
 * (docs/decisions.md#upload-staging). Ingest writes its copies under
 * `tmp/` (ingest.ts). Every key ends in `<upload id>.<ext>`.
 * @module
 */
import { isWrittenUlid } from "../ulid_ids.ts";

/** Completed uploads and album images, served at their public URL. */
export const UPLOAD_PREFIX = "uploads/";
/** What signed upload URLs write to, until completion moves it. */
export const STAGING_PREFIX = "uploads-staging/";
/** Temporary copies ingested from verified domains (ingest.ts). */
export const INGEST_PREFIX = "tmp/";

/** The public key of a new upload (an album's images share its folder). */
export function uploadKeyFor(
  openId: string,
  id: string,
  ext: string,
  place: { albumId: string } | { day: string },
): string {
  const folder = "albumId" in place ? `albums/${place.albumId}` : place.day;
  return `${UPLOAD_PREFIX}${openId}/${folder}/${id}.${ext}`;
}

/** The staging key of an upload's public key: the same path under staging. */
export function stagingKeyFor(uploadKey: string): string {
  if (!uploadKey.startsWith(UPLOAD_PREFIX)) {
    throw new Error(`"${uploadKey}" is not an upload key`);
  }
  return STAGING_PREFIX + uploadKey.slice(UPLOAD_PREFIX.length);
}

/**
 * `key` ending in `.<ext>` in place of its own extension: completion names
 * an upload's public key for the type its bytes are (docs/media.md#uploads).
 */
export function keyWithExt(key: string, ext: string): string {
  return `${keyStem(key)}.${ext}`;
}

/** `key` without its file name's extension (`uploads/a/id.mp4` → `uploads/a/id`). */
export function keyStem(key: string): string {
  return key.replace(/\.[^./]*$/, "");
}

/**
 * The upload id a key names (its file name up to the first dot), or null.
 * Only a hint: the caller checks that the record found names this key.
 */
export function uploadIdOfKey(storageKey: string): string | null {
  const id = storageKey.split("/").pop()!.split(".")[0];
  return isWrittenUlid(id) ? id : null;
}
