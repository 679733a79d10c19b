/**
 * Focus for a question asked before a destructive action
 * (docs/dashboard.md#calendar-posts-and-media): while `asking`, the
 * safe answer has focus, so a second Enter keeps rather than destroys;
 * when the question closes, focus goes back to the button that asked.
 * Escape answers it with the safe answer.
 * @module
 */
import { useEffect, useRef } from "preact/hooks";

export function useConfirmFocus(asking: boolean) {
  const trigger = useRef<HTMLButtonElement>(null);
  const safe = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  useEffect(() => {
    if (asking) safe.current?.focus();
    // The button may be gone when the action removed its row; then focus
    // stays where the page puts it.
    else if (asked.current) trigger.current?.focus();
    asked.current = asking;
  }, [asking]);
  return { trigger, safe };
}

/** A keydown handler: Escape calls `keep`, the safe answer or closing. */
export function keepOnEscape(keep: () => void) {
  return (e: KeyboardEvent) => {
    if (e.key !== "Escape") return;
    e.preventDefault();
    keep();
  };
}
