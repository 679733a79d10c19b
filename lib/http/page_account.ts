/**
 * A dashboard page acts only for the account it shows: its islands' calls
 * and forms name that account (page_account_names.ts), and a write naming
 * another account than the session's active one (the browser switched
 * accounts, or signed this one out, in another tab) is refused before it
 * changes anything (docs/accounts.md#several-tiktok-accounts). A request
 * naming no account (curl with the cookie, an older page) acts for the
 * active account as before.
 * @module
 */
import { AppError } from "../errors.ts";
import type { Account } from "../accounts/account_record.ts";
import type { AppContext } from "./app_types.ts";
import { PAGE_ACCOUNT_HEADER } from "./page_account_names.ts";

/**
 * Refuses a request from a page of another account than `active`.
 * @throws {AppError} 409 `account_switched`
 */
export function expectPageAccount(
  active: Pick<Account, "openId" | "displayName">,
  named: unknown,
): void {
  if (named === undefined || named === null || named === active.openId) return;
  throw new AppError(
    "account_switched",
    `This page was opened for another TikTok account; this browser now acts for ${active.displayName} (switched or signed out in another tab). Nothing was changed: reload the page.`,
  );
}

/** The account an island's call names, from its header. */
export function headerPageAccount(c: AppContext): string | undefined {
  return c.req.header(PAGE_ACCOUNT_HEADER);
}
