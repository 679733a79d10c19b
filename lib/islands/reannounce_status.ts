/**
 * Browser side: a status region whose text was already in the page when it
 * loaded is not read aloud (screen readers announce changes, not what a page
 * starts with). The boot script empties each `[data-reannounce]` region and
 * puts its text back a moment later, so the change is announced; without
 * scripts the text stays shown as rendered (docs/dashboard.md#layout).
 * @module
 */

/** How long the region stays empty: long enough for the reader to notice. */
const PAUSE_MS = 150;

/** Re-inserts the text of every non-empty `[data-reannounce]` region. */
export function reannounceStatuses(): void {
  for (
    const el of document.querySelectorAll<HTMLElement>("[data-reannounce]")
  ) {
    const text = el.textContent ?? "";
    if (text.trim() === "") continue;
    el.textContent = "";
    setTimeout(() => {
      el.textContent = text;
    }, PAUSE_MS);
  }
}
