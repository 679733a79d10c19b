/**
 * The cookie that binds a sign-in attempt's OAuth state to the browser
 * that started it: set by `/auth/login`, read and cleared by the callback.
 * @module
 */
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { SIGN_IN_ATTEMPT_TTL_MS } from "../auth/sign_in.ts";
import type { AppContext } from "./app_types.ts";

const STATE_COOKIE = "pm3k_oauth_state";
/** Sent to the sign-in routes only. */
const COOKIE_PATH = "/auth";

/** Remembers the attempt's state in this browser. */
export function setOAuthStateCookie(c: AppContext, state: string): void {
  setCookie(c, STATE_COOKIE, state, {
    httpOnly: true,
    sameSite: "Lax",
    secure: c.get("deps").config.publicBaseUrl.startsWith("https:"),
    path: COOKIE_PATH,
    maxAge: SIGN_IN_ATTEMPT_TTL_MS / 1000,
  });
}

/** The state this browser started with, removed: it serves one callback. */
export function takeOAuthStateCookie(c: AppContext): string | undefined {
  const state = getCookie(c, STATE_COOKIE);
  deleteCookie(c, STATE_COOKIE, { path: COOKIE_PATH });
  return state;
}
