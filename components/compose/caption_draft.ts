/**
 * The caption being written, kept in this tab (sessionStorage) until it is
 * posted, scheduled or cleared, so a reload does not lose it
 * (docs/dashboard.md#caption). Per account: the key extends the account's
 * album key (album_memory.ts), so another account's composer never shows
 * it.
 * @module
 */

const draftKey = (albumKey: string) => `${albumKey}:caption`;

/** The caption kept for the account, or "". */
export function recallCaption(albumKey: string): string {
  try {
    return sessionStorage.getItem(draftKey(albumKey)) ?? "";
  } catch {
    // Storage refused (a locked-down browser): nothing was kept.
    return "";
  }
}

/** Keeps `text` as the account's caption being written ("" forgets it). */
export function keepCaption(albumKey: string, text: string): void {
  try {
    if (text) sessionStorage.setItem(draftKey(albumKey), text);
    else sessionStorage.removeItem(draftKey(albumKey));
  } catch {
    // Storage refused or full: the caption is only not kept for a reload.
  }
}
