import { startSignIn } from "@/lib/auth/sign_in.ts";
import { countSignInAttempt } from "@/lib/auth/sign_in_rate_limit.ts";
import { clientAddress } from "@/lib/http/client_address.ts";
import { setOAuthStateCookie } from "@/lib/http/oauth_state_cookie.ts";
import type { Handlers } from "@/lib/http/app_types.ts";

/**
 * The GET counts a sign-in, stores an attempt and sets the state cookie: a
 * HEAD (a link checker, `curl -I`) must do none of it, so it is 405.
 */
export const getOnly = true;

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Where to start over when the browser came by another loopback name than
 * PUBLIC_BASE_URL's (127.0.0.1 for localhost): the callback returns to
 * PUBLIC_BASE_URL, where a state cookie set here would be missing. Loopback
 * names on the same port only, so no proxy setup can loop
 * (docs/accounts.md#sign-in-with-tiktok).
 */
function otherLoopbackName(requestUrl: string, publicBaseUrl: string) {
  const here = new URL(requestUrl);
  const home = new URL(publicBaseUrl);
  if (
    here.host === home.host || here.port !== home.port ||
    !LOOPBACK_NAMES.has(here.hostname) || !LOOPBACK_NAMES.has(home.hostname)
  ) return null;
  return `${home.origin}${here.pathname}${here.search}`;
}

export const handler: Handlers = {
  async GET(c) {
    const deps = c.get("deps");
    const moved = otherLoopbackName(c.req.url, deps.config.publicBaseUrl);
    if (moved) return c.redirect(moved, 302);
    await countSignInAttempt(deps, clientAddress(c));
    // `?add=1`: "Add another TikTok account" (docs/accounts.md#several-tiktok-accounts).
    const { authorizeUrl, state } = await startSignIn(deps, {
      addAccount: c.req.query("add") === "1",
    });
    // The state is bound to this browser: the callback must see this cookie.
    setOAuthStateCookie(c, state);
    return c.redirect(authorizeUrl, 302);
  },
};
