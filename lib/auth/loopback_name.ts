/**
 * A sign-in started on another loopback name than PUBLIC_BASE_URL's
 * (127.0.0.1 for localhost): TikTok's callback returns to PUBLIC_BASE_URL,
 * where a state cookie set on the other name would be missing, so the
 * sign-in starts over there (docs/accounts.md#sign-in-with-tiktok).
 * @module
 */

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Where to start over when the browser came by another loopback name than
 * `publicBaseUrl`'s, or null. Loopback names on the same port only, so no
 * proxy setup can loop.
 */
export function otherLoopbackName(
  requestUrl: string,
  publicBaseUrl: string,
): string | null {
  const here = new URL(requestUrl);
  const home = new URL(publicBaseUrl);
  if (
    here.host === home.host || here.port !== home.port ||
    !LOOPBACK_NAMES.has(here.hostname) || !LOOPBACK_NAMES.has(home.hostname)
  ) return null;
  return `${home.origin}${here.pathname}${here.search}`;
}
