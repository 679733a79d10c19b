/**
 * If-Range (RFC 9110 §13.1.5): a client resuming a download sends the
 * validator of the copy it holds part of; when the file has changed since,
 * the range of the old copy would splice two files, so the Range is
 * ignored and the whole file sent.
 * @module
 */

/**
 * True when the request's Range applies: no If-Range, or one that matches.
 * An entity tag matches by strong comparison only (a weak one never does,
 * nor does any tag against a weak `etag`); an HTTP-date only when it is
 * exactly `lastModified`, and our files have none, so a date never matches.
 */
export function ifRangeMatches(
  ifRange: string | undefined,
  validators: { etag: string; lastModified?: string },
): boolean {
  if (ifRange === undefined) return true;
  const value = ifRange.trim();
  if (value.startsWith("W/")) return false;
  if (value.startsWith('"')) {
    return !validators.etag.startsWith("W/") && value === validators.etag;
  }
  return validators.lastModified !== undefined &&
    value === validators.lastModified;
}
