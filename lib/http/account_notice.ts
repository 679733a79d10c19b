/**
 * A one-time notice carried across a redirect in a short-lived cookie
 * (docs/dashboard.md#layout): after "Sign out" the next page says which
 * account was signed out and, if any is left, which one it now shows;
 * after a sign-in that filled the browser's accounts, which one was signed
 * out to make room; after deleting an account, that it was deleted; after
 * a sign-in that reconnected an account TikTok had disconnected, that it
 * is back.
 * @module
 */
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { MAX_SESSION_ACCOUNTS } from "../sessions/sessions.ts";
import { NOTICE_KEPT_MS } from "../site/notice_kept.ts";
import type { AppContext } from "./app_types.ts";

/**
 * Each notice's cookie, and its words given the two accounts' names (null:
 * none is shown now, and the notice has nothing to say then) and the
 * service's (SERVICE_NAME).
 */
const NOTICES = {
  // On the start page too, when it was the browser's last account: a
  // creator sees the sign-out worked, not just a page they saw before.
  pm3k_signed_out: (name: string, shown: string | null) =>
    `Signed out of ${name}.${
      shown ? ` Now showing ${shown}: its posts, plan and settings.` : ""
    }`,
  // "All accounts" of a browser holding several: how many, no names.
  pm3k_signed_out_all: (count: string) =>
    /^\d+$/.test(count) &&
    `Signed out of all ${count} TikTok accounts in this browser.`,
  pm3k_made_room: (name: string, shown: string | null) =>
    shown &&
    `A browser holds at most ${MAX_SESSION_ACCOUNTS} TikTok accounts, so ${name} was signed out to make room for ${shown}.`,
  // Said on the start page too, when it was the browser's last account.
  pm3k_deleted: (name: string, shown: string | null, service: string) =>
    `${service} deleted ${name} and everything it kept for it.${
      shown ? ` Now showing ${shown}: its posts, plan and settings.` : ""
    }`,
  // The disconnected notice is gone from the page: without this the
  // creator is left to infer from its absence that it worked.
  pm3k_reconnected: (name: string) =>
    `Reconnected ${name} with TikTok: posting works again, and scheduled posts still waiting go out at their times.`,
};
type NoticeCookie = keyof typeof NOTICES;

/** A display name is short; a longer cookie is not ours to show. */
const MAX_NAME = 200;

function remember(c: AppContext, cookie: NoticeCookie, name: string): void {
  setCookie(c, cookie, name.slice(0, MAX_NAME), {
    httpOnly: true,
    sameSite: "Lax",
    secure: new URL(c.get("deps").config.publicBaseUrl).protocol === "https:",
    path: "/",
    maxAge: NOTICE_KEPT_MS / 1000,
  });
}

/** Remembers, for the next page, the name of the account signed out. */
export function rememberSignedOut(c: AppContext, displayName: string): void {
  remember(c, "pm3k_signed_out", displayName);
}

/**
 * Remembers, for the start page, that "all accounts" signed out `count`
 * accounts (one is named instead, with {@link rememberSignedOut}).
 */
export function rememberSignedOutAll(c: AppContext, count: number): void {
  remember(c, "pm3k_signed_out_all", String(count));
}

/**
 * Remembers, for the next page, the name of the account a sign-in signed
 * out to make room in the browser's session.
 */
export function rememberMadeRoom(c: AppContext, displayName: string): void {
  remember(c, "pm3k_made_room", displayName);
}

/** Remembers, for the next page, the name of the account just deleted. */
export function rememberDeleted(c: AppContext, displayName: string): void {
  remember(c, "pm3k_deleted", displayName);
}

/**
 * Remembers, for the next page, the name of the account a sign-in just
 * reconnected (docs/tiktok.md#disconnected-accounts).
 */
export function rememberReconnected(c: AppContext, displayName: string): void {
  remember(c, "pm3k_reconnected", displayName);
}

/**
 * The notice for this page, once ("Signed out of A. Now showing B."), when
 * an account was just signed out and another one is shown; clears it.
 */
export function takeAccountNotice(
  c: AppContext,
  shownName: string | null,
): string | null {
  for (const cookie of Object.keys(NOTICES) as NoticeCookie[]) {
    const name = getCookie(c, cookie);
    if (name === undefined) continue;
    // A HEAD shows the page's headers without it: the notice stays for the
    // GET that shows it (RFC 9110 §9.3.2, HEAD is safe).
    if (c.req.method !== "HEAD") deleteCookie(c, cookie, { path: "/" });
    const notice = name.length <= MAX_NAME
      ? NOTICES[cookie](
        name,
        shownName,
        c.get("deps").config.site.serviceName,
      )
      : null;
    if (notice) return notice;
  }
  return null;
}
