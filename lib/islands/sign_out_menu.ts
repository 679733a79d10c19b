/**
 * Browser side: the header's "Sign out" menu (a `<details>` whose choices
 * open as a panel over the page) closes on Escape, focus back on its
 * summary, and closes when focus moves to a control outside it, which the
 * open panel could otherwise cover (docs/dashboard.md#keyboard). A click
 * that focuses nothing (Safari's buttons) moves no focus, so it never
 * closes the menu before its button takes the click.
 * @module
 */

/** Listens for Escape and for focus leaving the open Sign out menu. */
export function closeSignOutMenu(): void {
  const open = () =>
    document.querySelector<HTMLDetailsElement>("details.sign-out[open]");
  document.addEventListener("keydown", (e) => {
    const menu = open();
    if (e.key !== "Escape" || !menu?.contains(e.target as Node)) return;
    menu.open = false;
    menu.querySelector("summary")!.focus();
  });
  document.addEventListener("focusin", (e) => {
    const menu = open();
    if (menu && !menu.contains(e.target as Node)) menu.open = false;
  });
}
