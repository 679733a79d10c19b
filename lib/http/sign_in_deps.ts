/**
 * Glue between the HTTP layer and the sign-in domain.
 * @module
 */
import { OAUTH_CALLBACK_PATH } from "./create_app.ts";
import type { SignInDeps } from "../auth/sign_in.ts";
import type { AppContext } from "./app_types.ts";

/** Cookie holding the OAuth state of this browser's sign-in attempt. */
export const STATE_COOKIE = "pm3k_oauth_state";

export function signInDeps(c: AppContext): SignInDeps {
  const deps = c.get("deps");
  return {
    kv: deps.kv,
    clock: deps.clock,
    tiktokOAuth: deps.tiktokOAuth,
    tokenKey: deps.tokenKey,
    redirectUri: `${deps.config.publicBaseUrl}${OAUTH_CALLBACK_PATH}`,
  };
}
