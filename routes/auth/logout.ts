import { z } from "zod";
import { deleteSession, signOutAccount } from "@/lib/sessions/sessions.ts";
import {
  clearSessionCookie,
  expectSessionPage,
} from "@/lib/http/session_auth.ts";
import {
  rememberSignedOut,
  rememberSignedOutAll,
} from "@/lib/http/account_notice.ts";
import {
  fieldPageAccount,
  headerPageAccount,
} from "@/lib/http/page_account.ts";
import { PAGE_ACCOUNT_FIELD } from "@/lib/http/page_account_names.ts";
import { bodyless, readForm } from "@/lib/http/form_body.ts";
import type { Handlers } from "@/lib/http/app_types.ts";

const LogoutForm = z.strictObject({
  scope: z.enum(["account", "all"]),
  [PAGE_ACCOUNT_FIELD]: z.string().max(200).optional(),
});

/**
 * Sign out: `scope=account` signs the active account out and keeps the
 * browser's other accounts; `scope=all`, or a POST with no body, signs
 * every account out (docs/accounts.md#several-tiktok-accounts). Any other
 * scope is refused: a typo must not sign out more than was asked. The
 * page shown next says which account was signed out and which one it now
 * shows; "this account" from a page of another account than the active
 * one is refused (lib/http/page_account.ts).
 */
export const handler: Handlers = {
  async POST(c) {
    const id = c.get("sessionId");
    const deps = c.get("deps");
    const form = bodyless(c) ? { scope: "all" } as const : await readForm(
      c,
      LogoutForm,
      "Choose which accounts to sign out of: this account or all.",
    );
    if (id && form.scope === "account") {
      const leaving = c.get("sessionAccount");
      // "This account" on a page of another account than the active one
      // (switched in another tab) must not sign the active one out.
      // The page names it in the form's field, or in the islands' header.
      if (leaving) {
        expectSessionPage(c, leaving, headerPageAccount(c));
        expectSessionPage(
          c,
          leaving,
          fieldPageAccount(form[PAGE_ACCOUNT_FIELD]),
        );
      }
      // The account checked above, even if another tab switched since.
      const othersLeft = await signOutAccount(deps, id, leaving?.openId);
      if (leaving) rememberSignedOut(c, leaving.displayName);
      if (othersLeft) return c.redirect("/dashboard", 303);
    } else if (id) {
      await deleteSession(deps, id);
      // The start page says so (docs/accounts.md#several-tiktok-accounts).
      const held = c.get("sessionAccounts");
      const active = c.get("sessionAccount");
      if (held.length > 1) rememberSignedOutAll(c, held.length);
      else if (active) rememberSignedOut(c, active.displayName);
    }
    clearSessionCookie(c);
    return c.redirect("/", 303);
  },
};
