/**
 * A one-time notice carried across a redirect in a short-lived cookie: after
 * "Sign out" → "This account" the dashboard says which account was signed
 * out and which one it now shows (docs/dashboard.md#layout).
 * @module
 */
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppContext } from "./app_types.ts";

const NOTICE_COOKIE = "pm3k_signed_out";
/** A display name is short; a longer cookie is not ours to show. */
const MAX_NAME = 200;

/** Remembers, for the next page, the name of the account signed out. */
export function rememberSignedOut(c: AppContext, displayName: string): void {
  setCookie(c, NOTICE_COOKIE, displayName.slice(0, MAX_NAME), {
    httpOnly: true,
    sameSite: "Lax",
    secure: new URL(c.get("deps").config.publicBaseUrl).protocol === "https:",
    path: "/",
    maxAge: 60,
  });
}

/**
 * The notice for this page, once: "Signed out of A. Now showing B." when an
 * account was just signed out and another one is shown; clears the cookie.
 */
export function takeSignedOutNotice(
  c: AppContext,
  shownName: string | null,
): string | null {
  const name = getCookie(c, NOTICE_COOKIE);
  if (name === undefined) return null;
  deleteCookie(c, NOTICE_COOKIE, { path: "/" });
  if (!shownName || name.length > MAX_NAME) return null;
  return `Signed out of ${name}. Now showing ${shownName}: its posts, plan and settings.`;
}
