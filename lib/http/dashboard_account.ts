/**
 * The signed-in account a dashboard page shows, once it has a plan: a page
 * other than /dashboard sends a visitor without a session to the start
 * page, and an account without a plan to /dashboard, where the plan is
 * chosen first (docs/dashboard.md#pages).
 * @module
 */
import type { Account } from "../accounts/account_record.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { AppContext, Handlers } from "./app_types.ts";

/** The account with a plan, or the redirect to answer instead. */
export function planAccountOrRedirect(
  c: AppContext,
): { account: Account } | { redirect: Response } {
  const account = c.get("sessionAccount");
  if (!account) return { redirect: c.redirect("/", 303) };
  if (!account.plan) return { redirect: c.redirect("/dashboard", 303) };
  return { account };
}

/**
 * The handler of a dashboard page that needs a plan: the page rendered with
 * what `load` reads for the account, or the redirect instead.
 */
export function planPageHandler<T>(
  load: (account: Account, deps: AppDeps, c: AppContext) => Promise<T>,
): Handlers {
  return {
    async GET(c) {
      const page = planAccountOrRedirect(c);
      if ("redirect" in page) return page.redirect;
      return c.get("render")(await load(page.account, c.get("deps"), c));
    },
  };
}
