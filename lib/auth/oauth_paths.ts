/**
 * Where TikTok sends the browser back after consent: the route
 * (`routes/auth/callback.tsx`), the sandbox's registered redirect URI and
 * the sign-in domain all name it from here.
 * @module
 */
import type { Config } from "../config.ts";

/** The OAuth callback path registered with TikTok. */
export const OAUTH_CALLBACK_PATH = "/auth/callback";

/** The redirect URI of this deployment: its public base URL + the path. */
export function oauthRedirectUri(
  config: Pick<Config, "publicBaseUrl">,
): string {
  return `${config.publicBaseUrl}${OAUTH_CALLBACK_PATH}`;
}
