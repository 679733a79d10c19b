/**
 * API keys out of what PM3K keeps: a key a client put in a URL's path
 * (`/api/uploads/pm3k_…`, a base URL holding the key) reaches the request
 * log's path and the refusal's message, which echoes the id it was given.
 * Neither may hold a key (docs/operations.md#logs): a log is read by more
 * people than the key's owner, and the refusal log is kept in KV, where
 * keys are otherwise kept only as hashes.
 * @module
 */

/**
 * A PM3K key, as issued or cut short (api_keys.ts KEY_PATTERN, loosely,
 * as misplaced_key.ts reads one), wherever it stands in a text.
 */
const KEY_IN_TEXT = /pm3k_[A-Za-z0-9_-]{20,}/g;

/** What stands for a key taken out. */
export const REDACTED_KEY = "pm3k_[redacted]";

/** `text` with every PM3K key in it replaced by {@link REDACTED_KEY}. */
export function withoutKeys(text: string): string {
  return text.replace(KEY_IN_TEXT, REDACTED_KEY);
}
