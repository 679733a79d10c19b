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
import {
  PAGE_ACCOUNT_FIELD,
  PAGE_ACCOUNT_HEADER,
} from "./page_account_names.ts";

type Named = Pick<Account, "openId" | "displayName">;

/** Whether a page naming `named` shows another account than `active`. */
export function namesOtherAccount(
  active: Pick<Account, "openId">,
  named: unknown,
): boolean {
  return named !== undefined && named !== null && named !== active.openId;
}

/**
 * The refusal of a page of another account. `page` is that account when
 * the browser still holds it (switched, not signed out): switched back in
 * any tab, this page works again with nothing lost, so it says so.
 */
function accountSwitched(active: Named, page: Named | null): AppError {
  return new AppError(
    "account_switched",
    page
      ? `This page is for ${page.displayName}, but this browser now acts for ${active.displayName} (switched in another tab). Nothing was changed. To go on here as ${page.displayName}, switch back to it in another tab and try again; or reload the page to act for ${active.displayName}.`
      : `This page was opened for another TikTok account; this browser now acts for ${active.displayName} (switched or signed out in another tab). Nothing was changed: reload the page.`,
  );
}

/**
 * Refuses a request from a page of another account than `active`; `held`
 * are the browser's accounts, to name the page's own.
 * @throws {AppError} 409 `account_switched`
 */
export function expectPageAccount(
  active: Named,
  named: unknown,
  held: readonly Named[] = [],
): void {
  if (!namesOtherAccount(active, named)) return;
  throw accountSwitched(active, held.find((h) => h.openId === named) ?? null);
}

/**
 * The account a call names in its header, or undefined when it sends none.
 * An empty header, or one given twice (joined with a comma, as HTTP joins
 * repeated fields; an open_id holds none), names no account that could be
 * checked: refused as a bad request rather than answered as a switch in
 * another tab (docs/accounts.md#several-tiktok-accounts).
 * @throws {AppError} 400 `bad_request`
 */
export function headerPageAccount(c: AppContext): string | undefined {
  const named = c.req.header(PAGE_ACCOUNT_HEADER);
  if (named === undefined) return undefined;
  if (named.trim() === "") {
    throw new AppError(
      "bad_request",
      `The ${PAGE_ACCOUNT_HEADER} header is empty: name the account's open_id, or leave the header out.`,
    );
  }
  if (named.includes(",")) {
    throw new AppError(
      "bad_request",
      `The ${PAGE_ACCOUNT_HEADER} header is given ${
        named.split(",").length
      } times: give it once.`,
    );
  }
  return named;
}

/**
 * The account a dashboard form names in its hidden field, checked as the
 * header is: an empty one is a bad request, not another account.
 * @throws {AppError} 400 `bad_request`
 */
export function fieldPageAccount(named: unknown): unknown {
  if (named === "") {
    throw new AppError(
      "bad_request",
      `The form's ${PAGE_ACCOUNT_FIELD} field is empty: reload the page.`,
    );
  }
  return named;
}

/**
 * A call made with an API key (REST or MCP) acts for the key's account
 * only: a header naming another is refused, never answered for the key's
 * account, which is not the one the client meant.
 * @throws {AppError} 400 `bad_request`
 */
export function expectKeyAccount(c: AppContext, openId: string): void {
  const named = headerPageAccount(c);
  if (named === undefined || named === openId) return;
  throw new AppError(
    "bad_request",
    `The ${PAGE_ACCOUNT_HEADER} header names another account than this API key's: a key acts only for its own account (GET /api/me names it). Leave the header out, or use that account's key.`,
  );
}
