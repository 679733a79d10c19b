/**
 * Authentication for every `/api/*` route: a Bearer API key, or (for the
 * dashboard's islands, which call the same API) the session cookie, in
 * which case unsafe methods must also pass the same-origin check.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { authenticateApiKey, keyCredential } from "../api_keys/api_keys.ts";
import { verifiedCredential } from "../api_keys/credential.ts";
import { getSession, sessionOpenIds } from "../sessions/sessions.ts";
import { getOpenableAccount } from "../accounts/accounts_store.ts";
import { csrfGuard } from "./csrf_guard.ts";
import {
  expectKeyAccount,
  expectPageAccount,
  headerPageAccount,
  namesOtherAccount,
} from "./page_account.ts";
import { SESSION_COOKIE } from "./session_auth.ts";
import { refuseMisplacedKey } from "./misplaced_key.ts";
import type { AppEnv } from "./app_types.ts";

export function apiAuth(
  options: {
    allowedOrigins: string[];
    publicPaths?: string[];
    /**
     * Paths whose handler commits with checks on `apiCredential.proofKeys`:
     * their key may be taken from the entry cache (no `apiAccount` there).
     */
    credentialPaths?: string[];
  },
): MiddlewareHandler<AppEnv> {
  const sameOrigin = csrfGuard(options);
  const open = new Set(options.publicPaths ?? []);
  const deferred = new Set(options.credentialPaths ?? []);
  return async function apiAuth(c, next) {
    // OPTIONS reads and writes nothing and no route takes it: a browser's
    // preflight, which never carries the key, gets the route's 405 with
    // Allow (docs/api.md#format-and-authentication), not a 401.
    if (open.has(c.req.path) || c.req.method === "OPTIONS") return next();
    const deps = c.get("deps");
    const authorization = c.req.header("authorization");
    if (authorization === undefined) {
      const session = await getSession(deps, getCookie(c, SESSION_COOKIE));
      const account = session
        ? await getOpenableAccount(deps, session.openId)
        : null;
      if (account) {
        c.set("apiAccount", account);
        c.set("apiCredential", verifiedCredential(account.openId));
        c.set("apiFromDashboard", true);
        // Cross-site first: another site learns nothing from this check.
        return sameOrigin(c, async () => {
          const named = headerPageAccount(c);
          // The page's account is read (to name it) only when it is not the
          // active one, and only if this browser holds it.
          const page = named && namesOtherAccount(account, named) &&
              sessionOpenIds(session!).includes(named)
            ? await getOpenableAccount(deps, named)
            : null;
          expectPageAccount(account, named, page ? [page] : []);
          return next();
        });
      }
    }
    refuseMisplacedKey(c);
    if (deferred.has(c.req.path)) {
      c.set("apiCredential", await keyCredential(deps, authorization));
    } else {
      const account = await authenticateApiKey(deps, authorization);
      c.set("apiAccount", account);
      c.set("apiCredential", verifiedCredential(account.openId));
    }
    expectKeyAccount(c, c.get("apiCredential").openId);
    await next();
  };
}
