import { z } from "zod";
import { setPlan } from "@/lib/accounts/accounts_store.ts";
import { readAccountForm } from "@/lib/http/form_body.ts";
import { PLAN_IDS } from "@/lib/plans.ts";
import { PAGE_ACCOUNT_FIELD } from "@/lib/http/page_account_names.ts";
import type { Handlers } from "@/lib/http/app_types.ts";

const PlanForm = z.strictObject({
  plan: z.enum(PLAN_IDS),
  [PAGE_ACCOUNT_FIELD]: z.string().max(200).optional(),
});

export const handler: Handlers = {
  async POST(c) {
    const { account, form } = await readAccountForm(
      c,
      PlanForm,
      "Choose Free, Monthly or Annual.",
    );
    await setPlan(c.get("deps"), account.openId, form.plan);
    return c.redirect("/dashboard", 303);
  },
};
