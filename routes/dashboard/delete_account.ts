import { z } from "zod";
import { clearSessionCookie } from "@/lib/http/session_auth.ts";
import { readAccountForm } from "@/lib/http/form_body.ts";
import { PAGE_ACCOUNT_FIELD } from "@/lib/http/page_account_names.ts";
import { rememberDeleted } from "@/lib/http/account_notice.ts";
import { getSession } from "@/lib/sessions/sessions.ts";
import { eraseAccount } from "@/lib/erasure/account_erasure.ts";
import type { Handlers } from "@/lib/http/app_types.ts";

/** The Settings form (components/DeleteAccountCard.tsx); nothing else. */
const DeleteAccountForm = z.strictObject({
  [PAGE_ACCOUNT_FIELD]: z.string().max(200),
});

/**
 * Deletes the active account and all PM3K keeps for it
 * (docs/accounts.md#deleting-an-account), which signs it out of every
 * browser: here the next account held is shown, saying what was deleted, or
 * the start page when none is left. The form names the account it was
 * shown for: from a page left open for another account, nothing happens.
 */
export const handler: Handlers = {
  async POST(c) {
    const { account } = await readAccountForm(
      c,
      DeleteAccountForm,
      "Delete the account from its Settings page.",
    );
    const deps = c.get("deps");
    await eraseAccount(deps, account.openId);
    rememberDeleted(c, account.displayName);
    // The deletion signed it out of every browser, this one included.
    if (await getSession(deps, c.get("sessionId")!)) {
      return c.redirect("/dashboard", 303);
    }
    clearSessionCookie(c);
    return c.redirect("/", 303);
  },
};
