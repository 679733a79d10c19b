/**
 * How long the one-time account notice ("Signed out of A…") is kept in
 * its cookie (docs/dashboard.md#layout): its next page comes at once. Set
 * by the cookie (lib/http/account_notice.ts) and said by the Privacy
 * Policy (data_kept.ts), from this one figure.
 * @module
 */

/** How long a notice's cookie lives. */
export const NOTICE_KEPT_MS = 60_000;
