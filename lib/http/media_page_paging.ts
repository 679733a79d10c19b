/**
 * How each list of the dashboard's media page pages
 * (docs/media.md#media-page): its cursor in the page's address
 * (`?videos=`, `?albums=`), and the links to its next and newest pages.
 * @module
 */
import { WRITTEN_ULID_PATTERN } from "../ulid_ids.ts";

/**
 * Where a list of the page stands (docs/media.md#media-page): older than
 * the newest when opened so, and its next page's address, if any.
 */
export interface ListPaging {
  older: boolean;
  next: string | null;
  /** The newest page's address, for an older page. */
  newest: string;
}

/**
 * The list's cursor in the address (`?videos=`, `?albums=`, the API's
 * cursor: docs/api.md#list-cursors); anything else reads as the newest.
 */
export function cursorIn(url: URL, name: string): string | undefined {
  const v = url.searchParams.get(name) ?? "";
  return WRITTEN_ULID_PATTERN.test(v) ? v : undefined;
}

/** The page's address with the list `name` at `cursor` (null: newest). */
function pageAt(url: URL, name: string, cursor: string | null): string {
  const q = new URLSearchParams(url.search);
  if (cursor) q.set(name, cursor);
  else q.delete(name);
  const query = q.toString();
  return `/dashboard/media${query ? `?${query}` : ""}`;
}

/**
 * Where the list `name` stands when opened at `at` (undefined: the
 * newest), its next page's cursor being `next`.
 */
export function listPaging(
  url: URL,
  name: string,
  at: string | undefined,
  next: string | null,
): ListPaging {
  return {
    older: at !== undefined,
    next: next && pageAt(url, name, next),
    newest: pageAt(url, name, null),
  };
}
