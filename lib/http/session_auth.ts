/**
 * Reads the dashboard session cookie and loads its account (none while
 * its deletion is marked: docs/accounts.md#deleting-an-account).
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { getSession, sessionOpenIds } from "../sessions/sessions.ts";
import { getOpenableAccount } from "../accounts/accounts_store.ts";
import { AppError } from "../errors.ts";
import { expectPageAccount, headerPageAccount } from "./page_account.ts";
import type { Account } from "../accounts/account_record.ts";
import type { AppContext, AppEnv, SessionAccountSummary } from "./app_types.ts";

export const SESSION_COOKIE = "pm3k_session";

export function sessionAuth(): MiddlewareHandler<AppEnv> {
  return async function sessionAuth(c, next) {
    const deps = c.get("deps");
    const id = getCookie(c, SESSION_COOKIE);
    const session = await getSession(deps, id);
    const account = session
      ? await getOpenableAccount(deps, session.openId)
      : null;
    c.set("sessionId", account ? id! : null);
    c.set("sessionAccount", account);
    // The header's account switcher: every account this browser holds.
    const held: SessionAccountSummary[] = [];
    if (session && account) {
      for (const openId of sessionOpenIds(session)) {
        const other = openId === account.openId
          ? account
          : await getOpenableAccount(deps, openId);
        if (other) {
          held.push({
            openId,
            displayName: other.displayName,
            avatarUrl: other.avatarUrl,
            tiktokUsername: other.tiktokUsername || null,
            disconnected: other.tiktokReauthRequired === true,
          });
        }
      }
    }
    c.set("sessionAccounts", held);
    await next();
  };
}

/** Sets the session cookie (Secure outside plain-http localhost). */
export function setSessionCookie(
  c: AppContext,
  id: string,
  expiresAt: number,
): void {
  setCookie(c, SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: "Lax",
    secure: new URL(c.get("deps").config.publicBaseUrl).protocol === "https:",
    path: "/",
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(c: AppContext): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
}

/**
 * The signed-in account, or a 401 for dashboard JSON endpoints; a 409
 * `account_switched` when the calling page (its header) shows another
 * account (page_account.ts).
 */
export function requireSessionAccount(c: AppContext): Account {
  const account = c.get("sessionAccount");
  if (!account) {
    throw new AppError("unauthorized", "Sign in to use the dashboard.");
  }
  expectSessionPage(c, account, headerPageAccount(c));
  return account;
}

/**
 * Refuses a request from a page of another account than the session's
 * active `account` (page_account.ts), naming the page's account when the
 * browser still holds it.
 * @throws {AppError} 409 `account_switched`
 */
export function expectSessionPage(
  c: AppContext,
  account: Account,
  named: unknown,
): void {
  expectPageAccount(account, named, c.get("sessionAccounts") ?? []);
}
