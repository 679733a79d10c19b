/**
 * An image whose bytes are already in its album
 * (docs/media.md#an-image-already-in-the-album): an automation retrying a
 * batch of album uploads after one failed (n8n's Retry On Fail, a Make
 * retry, a script run again) sends the images that went through once more.
 * Added again, they would be posted twice in the carousel; instead the
 * completion answers the image already there and keeps nothing new.
 *
 * The same file sent again is what is caught: the same name, size and
 * bytes. The same picture under another name is the caller's choice and is
 * kept. Images of the same name and size are compared by the SHA-256 their
 * records keep (taken as they arrived, docs/media.md#content-digest), so
 * nothing is read again. An image kept before digests were has none: its
 * object is streamed from storage through SHA-256 (memory stays flat),
 * once per completion however often its commit is retried, and the digest
 * is then kept on its record (a completed object never changes), so it is
 * read once, not at each later image of its name and size.
 * @module
 */
import { getManyEntries, keys } from "../kv_keys.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { UploadRecord } from "./media_record.ts";
import { logFailure } from "../runtime/logger.ts";
import { objectDigest } from "./content_digest.ts";

/** What one completion learnt of its album's images, kept across tries. */
export interface AlbumComparisons {
  /** The SHA-256 of each object read, by storage key. */
  digests: Map<string, Promise<string | null>>;
  /** The album's images read here whose records lack their digest. */
  unkept: Map<string, Deno.KvEntry<UploadRecord>>;
}

export function newAlbumComparisons(): AlbumComparisons {
  return { digests: new Map(), unkept: new Map() };
}

/**
 * The completed image among `imageIds` with the same bytes as `image`, or
 * null. An image whose object cannot be read (deleted meanwhile) is not
 * the same. Its entry as read: the caller checks it in its commit, as an
 * image deleted after the compare must not be answered.
 * @throws {StorageError} when storage fails while reading
 */
export async function sameImageInAlbum(
  deps: Pick<AppDeps, "kv" | "storage">,
  image: UploadRecord,
  imageIds: readonly string[],
  seen: AlbumComparisons,
): Promise<Deno.KvEntry<UploadRecord> | null> {
  const others = imageIds.filter((id) => id !== image.id);
  if (others.length === 0) return null;
  const entries = await getManyEntries(deps.kv, others.map(keys.upload));
  for (const entry of entries) {
    const other = entry.value;
    if (
      other?.state !== "complete" || other.size !== image.size ||
      other.filename !== image.filename
    ) continue;
    if (other.sha256 === undefined) {
      seen.unkept.set(other.key, entry as Deno.KvEntry<UploadRecord>);
    }
    const [mine, theirs] = await Promise.all([
      image.sha256 ?? digestOf(deps, image.key, seen),
      other.sha256 ?? digestOf(deps, other.key, seen),
    ]);
    if (mine !== null && mine === theirs) {
      return entry as Deno.KvEntry<UploadRecord>;
    }
  }
  return null;
}

function digestOf(
  deps: Pick<AppDeps, "storage">,
  key: string,
  seen: AlbumComparisons,
): Promise<string | null> {
  let digest = seen.digests.get(key);
  if (!digest) {
    digest = objectDigest(deps, key);
    seen.digests.set(key, digest);
  }
  return digest;
}

/**
 * The digest of `key` if this completion read it, else undefined (also
 * when the read failed: the compare answered that failure itself).
 */
async function digestRead(
  seen: AlbumComparisons,
  key: string,
): Promise<string | undefined> {
  try {
    return await seen.digests.get(key) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keeps on their records the digests this completion read of the album's
 * other images, once the completion is committed (so its commit's checks
 * of those records are not crossed). A record changed meanwhile is left:
 * the next compare reads its bytes again.
 */
export async function keepDigestsRead(
  deps: Pick<AppDeps, "kv" | "log">,
  seen: AlbumComparisons,
): Promise<void> {
  for (const [key, entry] of seen.unkept) {
    const digest = await digestRead(seen, key);
    if (digest === undefined) continue;
    await deps.kv.atomic().check(entry)
      .set(entry.key, { ...entry.value, sha256: digest })
      .commit()
      .catch(logFailure(deps.log, "keeping an album image's digest", {
        open_id: entry.value.openId,
        upload_id: entry.value.id,
      }));
  }
}
