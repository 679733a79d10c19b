import { setCookie } from "hono/cookie";
import { getConnInfo } from "hono/deno";
import { startSignIn } from "@/lib/auth/sign_in.ts";
import { SIGN_IN_ATTEMPT_TTL_MS } from "@/lib/auth/sign_in.ts";
import { countSignInAttempt } from "@/lib/auth/sign_in_rate_limit.ts";
import { signInDeps, STATE_COOKIE } from "@/lib/http/sign_in_deps.ts";
import type { Handlers } from "@/lib/http/app_types.ts";

export const handler: Handlers = {
  async GET(c) {
    const deps = c.get("deps");
    const ip = getConnInfo(c).remote.address ?? "unknown";
    await countSignInAttempt(deps.kv, deps.clock, ip);
    const { authorizeUrl, state } = await startSignIn(signInDeps(c));
    // The state is bound to this browser: the callback must see this cookie.
    setCookie(c, STATE_COOKIE, state, {
      httpOnly: true,
      sameSite: "Lax",
      secure: deps.config.publicBaseUrl.startsWith("https:"),
      path: "/auth",
      maxAge: SIGN_IN_ATTEMPT_TTL_MS / 1000,
    });
    return c.redirect(authorizeUrl, 302);
  },
};
