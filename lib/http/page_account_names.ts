/**
 * How a dashboard page names the account it shows in its writes, so a page
 * left open after the browser switched accounts cannot act for another one
 * (docs/accounts.md#several-tiktok-accounts). Names only: the islands'
 * bundle imports them.
 * @module
 */

/** The `<meta name>` holding the page's account (its open_id). */
export const PAGE_ACCOUNT_META = "pm3k-account";
/** The header the islands' calls send it in. */
export const PAGE_ACCOUNT_HEADER = "X-PM3K-Account";
/** The hidden field the dashboard's HTML forms send it in. */
export const PAGE_ACCOUNT_FIELD = "account";
