/** What KV keeps about the index of accounts by access-token expiry. */

/**
 * How far the one-time backfill of the index got (token_expiry_index.ts):
 * accounts written before the index existed are indexed page by page.
 */
export interface TokenExpiryBackfill {
  /** The last open_id indexed; null before the first page. */
  after: string | null;
  /** When the last page was done; null while pages remain. */
  doneAt: number | null;
}
