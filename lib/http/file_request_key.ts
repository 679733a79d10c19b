/**
 * The storage key a `/files/...` request names, read from the path exactly
 * as sent. A file is served (and a signed upload taken) only at the one URL
 * PM3K gave for it: another spelling of the same key (a trailing `/`, an
 * empty `//` segment, `%2F` for a `/`, a `.` or `..` segment, any
 * percent-escape) names no file, answered 404 as an unknown one is
 * (docs/media.md#local-disk-adapter). Otherwise one file would have many
 * URLs, which caches, logs and a duplicate check keyed by URL would count
 * as many files.
 * @module
 */
import { FILES_PATH } from "../storage/create_storage.ts";
import { assertSafeKey } from "../storage/local_storage.ts";
import type { AppContext } from "./app_types.ts";

/** The path of `url` as sent: no query, nothing decoded or resolved. */
function rawPath(url: string): string {
  const start = url.indexOf("/", url.indexOf("://") + 3);
  if (start === -1) return "/";
  const end = url.slice(start).search(/[?#]/);
  return end === -1 ? url.slice(start) : url.slice(start, start + end);
}

/** The key `c` names in its canonical form, or null for any other spelling. */
export function requestedFileKey(c: AppContext): string | null {
  const key = c.req.param("path") ?? "";
  if (rawPath(c.req.url) !== `${FILES_PATH}/${key}`) return null;
  try {
    assertSafeKey(key);
  } catch {
    // Not a key PM3K makes (an empty segment, a dot segment): no file.
    return null;
  }
  return key;
}
