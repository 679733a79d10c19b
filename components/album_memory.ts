/**
 * Photo Mode's album being composed, remembered in this browser per
 * account (docs/dashboard.md#compose): its id and the cover chosen, in one
 * localStorage entry, so both come back after a reload and are forgotten
 * together.
 * @module
 */

/** Where the browser keeps the account's album being composed. */
export function albumStorageKey(openId: string): string {
  return `pm3k:album:${openId}`;
}

/** What the browser keeps of the album being composed. */
export interface RememberedAlbum {
  albumId: string;
  /** The chosen cover's place in the album (0: the first photo). */
  cover: number;
}

/** The album remembered under `key`, or null. */
export function recallAlbum(key: string): RememberedAlbum | null {
  const raw = localStorage.getItem(key);
  if (!raw) return null;
  // Before the cover was kept, the entry was the bare album id.
  if (!raw.startsWith("{")) return { albumId: raw, cover: 0 };
  let saved: { album_id?: unknown; cover?: unknown };
  try {
    saved = JSON.parse(raw);
  } catch {
    // Not ours to read (edited by hand): as if nothing were remembered.
    return null;
  }
  if (typeof saved.album_id !== "string") return null;
  const cover = Number.isInteger(saved.cover) && Number(saved.cover) >= 0
    ? Number(saved.cover)
    : 0;
  return { albumId: saved.album_id, cover };
}

/** Remembers the album and its cover under `key`. */
export function rememberAlbum(key: string, album: RememberedAlbum): void {
  localStorage.setItem(
    key,
    JSON.stringify({ album_id: album.albumId, cover: album.cover }),
  );
}

/** Forgets the album remembered under `key`, and its cover with it. */
export function forgetAlbum(key: string): void {
  localStorage.removeItem(key);
}
