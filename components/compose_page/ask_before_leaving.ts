/**
 * Compose's work still on its way when the creator leaves the page (a
 * click on Calendar, a reload, closing the tab): a video's bytes being
 * sent or copied from a link, photos uploading, a post being sent. Leaving
 * would drop it without a word, so the browser asks first, in its own
 * words (docs/dashboard.md#compose).
 * @module
 */
import { useEffect } from "preact/hooks";

/** While `working`, leaving the page asks first (`beforeunload`). */
export function useAskBeforeLeaving(working: boolean): void {
  useEffect(() => {
    if (!working) return;
    const ask = (e: Event) => e.preventDefault();
    addEventListener("beforeunload", ask);
    return () => removeEventListener("beforeunload", ask);
  }, [working]);
}
