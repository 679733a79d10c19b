import { startSignIn } from "@/lib/auth/sign_in.ts";
import { otherLoopbackName } from "@/lib/auth/loopback_name.ts";
import { countSignInAttempt } from "@/lib/auth/sign_in_rate_limit.ts";
import { clientAddress } from "@/lib/http/client_address.ts";
import { setOAuthStateCookie } from "@/lib/http/oauth_state_cookie.ts";
import type { Handlers } from "@/lib/http/app_types.ts";

/**
 * The GET counts a sign-in, stores an attempt and sets the state cookie: a
 * HEAD (a link checker, `curl -I`) must do none of it, so it is 405.
 */
export const getOnly = true;

export const handler: Handlers = {
  async GET(c) {
    const deps = c.get("deps");
    // The callback returns to PUBLIC_BASE_URL: start there.
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
