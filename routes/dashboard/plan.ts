import { z } from "zod";
import { setPlan } from "@/lib/accounts/accounts_store.ts";
import {
  expectSessionPage,
  requireSessionAccount,
} from "@/lib/http/session_auth.ts";
import { AppError } from "@/lib/errors.ts";
import { PLAN_IDS } from "@/lib/plans.ts";
import { PAGE_ACCOUNT_FIELD } from "@/lib/http/page_account_names.ts";
import type { Handlers } from "@/lib/http/app_types.ts";

const PlanForm = z.object({
  plan: z.enum(PLAN_IDS),
  [PAGE_ACCOUNT_FIELD]: z.string().max(200).optional(),
});

export const handler: Handlers = {
  async POST(c) {
    const account = requireSessionAccount(c);
    const parsed = PlanForm.safeParse(await c.req.parseBody());
    if (!parsed.success) {
      throw new AppError("bad_request", "Choose Free, Monthly or Annual.");
    }
    // The form of a page left open for another account changes nothing.
    expectSessionPage(c, account, parsed.data[PAGE_ACCOUNT_FIELD]);
    await setPlan(c.get("deps"), account.openId, parsed.data.plan);
    return c.redirect("/dashboard", 303);
  },
};
