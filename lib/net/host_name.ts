/**
 * A URL's host as DNS reads it (docs/media.md#uploads): the WHATWG parser
 * lower-cases a host but keeps a final dot, and `media.example.com.` (the
 * fully qualified spelling) is the same host as `media.example.com`. Hosts
 * are compared through these, never as they were typed.
 * @module
 */

/** `url`'s hostname, lower case, without the root's final dot. */
export function plainHostname(url: URL): string {
  return url.hostname.toLowerCase().replace(/\.$/, "");
}

/** `url`'s host (hostname and port), its hostname as {@link plainHostname}. */
export function plainHost(url: URL): string {
  return url.port ? `${plainHostname(url)}:${url.port}` : plainHostname(url);
}

/** `raw` parsed, its hostname as {@link plainHostname}. @throws TypeError */
export function plainUrl(raw: string): URL {
  const url = new URL(raw);
  if (url.hostname.endsWith(".")) url.hostname = plainHostname(url);
  return url;
}
