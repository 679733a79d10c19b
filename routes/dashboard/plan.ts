import { z } from "zod";
import { setPlan } from "@/lib/accounts/accounts_store.ts";
import { requireSessionAccount } from "@/lib/http/session_auth.ts";
import { AppError } from "@/lib/errors.ts";
import { PLAN_IDS } from "@/lib/plans.ts";
import type { Handlers } from "@/lib/http/app_types.ts";

const PlanForm = z.object({ plan: z.enum(PLAN_IDS) });

export const handler: Handlers = {
  async POST(c) {
    const account = requireSessionAccount(c);
    const parsed = PlanForm.safeParse(await c.req.parseBody());
    if (!parsed.success) {
      throw new AppError("bad_request", "Choose Free, Monthly or Annual.");
    }
    await setPlan(c.get("deps"), account.openId, parsed.data.plan);
    return c.redirect("/dashboard", 303);
  },
};
