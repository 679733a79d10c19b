/**
 * Keeps keyboard focus from falling to `<body>` after an action
 * (docs/dashboard.md#keyboard). A button disabled while its request runs,
 * or removed with the item it acted on, takes focus with it, and the next
 * Tab starts again at the top of the page. After such an action focus goes
 * back to the control that last had it, when it is still there and
 * usable, or else to a place the island names: where the result shows.
 * @module
 */
import { useEffect, useRef, useState } from "preact/hooks";

/**
 * The element focus was last on, in the whole page, since the last press of
 * a pointer: null after a click that focused nothing.
 */
let lastFocused: HTMLElement | null = null;
let tracking = false;

function trackFocus() {
  if (tracking) return;
  tracking = true;
  // A pointer press starts afresh: where a click does not focus the button
  // (Safari, Firefox on macOS) focus was not on a control when the action
  // began, and must not be pulled back to one used before, maybe in
  // another card. Where it does (Chromium), focusin follows and records it.
  document.addEventListener("pointerdown", () => {
    lastFocused = null;
  }, true);
  document.addEventListener("focusin", (e) => {
    lastFocused = e.target as HTMLElement;
  });
}

/** Focus is nowhere: on `<body>`, where a removed or disabled control leaves it. */
function focusLost(): boolean {
  const el = document.activeElement;
  return el === null || el === document.body ||
    el === document.documentElement;
}

/** Still in the page, shown and enabled: focus can go back to it. */
function usable(el: HTMLElement | null | undefined): el is HTMLElement {
  return !!el && el.isConnected && !(el as HTMLButtonElement).disabled &&
    el.getClientRects().length > 0;
}

export interface RescueOptions {
  /** Go to `target` even when the control that had focus is still usable. */
  preferTarget?: boolean;
}

/** Where focus goes after an action, and whether it goes there first. */
interface Rescue {
  target: () => HTMLElement | null | undefined;
  options: RescueOptions;
}

/**
 * Returns `rescue(target)`, to call once an action has set its state: after
 * the render that follows, focus lost to `<body>` goes back to the control
 * that last had it if usable, else to `target()` (give a non-control
 * `tabIndex={-1}`). Focus anywhere else is left where it is, and so is
 * focus no control had since the last pointer press.
 */
export function useFocusRescue(): (
  target: () => HTMLElement | null | undefined,
  options?: RescueOptions,
) => void {
  const asked = useRef<Rescue | null>(null);
  const [round, setRound] = useState(0);
  useEffect(trackFocus, []);
  useEffect(() => {
    const rescue = asked.current;
    asked.current = null;
    // No control had focus when the action began (a click that focused
    // nothing): there is nothing to give it back to.
    if (!rescue || !focusLost() || lastFocused === null) return;
    const order = rescue.options.preferTarget
      ? [rescue.target(), lastFocused]
      : [lastFocused, rescue.target()];
    order.find(usable)?.focus();
  }, [round]);
  return (target, options = {}) => {
    asked.current = { target, options };
    setRound((n) => n + 1);
  };
}
