/**
 * If-None-Match for GET and HEAD (RFC 9110 §13.1.2): `*`, or a list of
 * tags of which one matches the current ETag by weak comparison (`W/"x"`
 * matches `"x"`), means the client's copy is current: 304. The comparison
 * is `fresh`, the helper Express uses.
 * @module
 */
// @ts-types="@types/fresh"
import fresh from "fresh";

/**
 * True when the request's If-None-Match names `etag` (or is `*`), so the
 * answer is 304 Not Modified. Only If-None-Match is handed to `fresh`: it
 * takes precedence over If-Modified-Since (RFC 9110 §13.2.2), which our
 * files do not support (no Last-Modified), and a request's
 * `Cache-Control: no-cache` does not make an origin server skip it.
 */
export function matchesIfNoneMatch(
  ifNoneMatch: string | undefined,
  etag: string,
): boolean {
  if (!ifNoneMatch) return false;
  return fresh({ "if-none-match": ifNoneMatch }, { etag });
}
