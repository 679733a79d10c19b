/**
 * Which text is one of PM3K's ids. Every id (posts, jobs, uploads, albums,
 * webhook deliveries) is made by the ulid package's `ulid()`: 26 characters
 * of Crockford's base 32, written in capitals. The rule is stated here once
 * for every reader of an id from outside.
 * @module
 */

/**
 * An id as PM3K writes it, in capitals: the form that names a KV entry or a
 * storage object. The ulid package exports no pattern, so this is its
 * alphabet; tests/ulid_ids_test.ts proves it agrees with the package's
 * `isValid`.
 */
const WRITTEN_ULID = "[0-9A-HJKMNP-TV-Z]{26}";

/**
 * Not the package's `isValid` itself: it upper-cases the text before
 * checking it, so "ſ" passes as S and "ß" as SS. A regular expression
 * without the `u` flag ignores case for ASCII letters only.
 */
const ANY_CASE_ULID_PATTERN = new RegExp(`^${WRITTEN_ULID}$`, "i");

/**
 * An id someone typed or linked (`?post=`, `?job=`, `?again=`): in any
 * case, as Crockford's base 32 allows. Its `.toUpperCase()` is the id as
 * written.
 */
export function isUlid(text: string): boolean {
  return ANY_CASE_ULID_PATTERN.test(text);
}

/** An id as written (see `WRITTEN_ULID`). */
export const WRITTEN_ULID_PATTERN = new RegExp(`^${WRITTEN_ULID}$`);

/**
 * An id as written, or nothing: a list's `cursor` (published as this
 * pattern in the OpenAPI document and the MCP tools' schemas).
 */
export const WRITTEN_ULID_OR_EMPTY_PATTERN = new RegExp(
  `^(${WRITTEN_ULID})?$`,
);

/** Whether `text` is an id as written (see `WRITTEN_ULID`). */
export function isWrittenUlid(text: string): boolean {
  return WRITTEN_ULID_PATTERN.test(text);
}
