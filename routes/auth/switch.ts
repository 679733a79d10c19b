import { z } from "zod";
import { switchSessionAccount } from "@/lib/sessions/sessions.ts";
import { AppError } from "@/lib/errors.ts";
import type { Handlers } from "@/lib/http/app_types.ts";

const SwitchForm = z.object({ open_id: z.string().min(1).max(200) });

/**
 * The header's account switcher: makes another account of this browser's
 * session the active one (docs/accounts.md#several-tiktok-accounts).
 */
export const handler: Handlers = {
  async POST(c) {
    const id = c.get("sessionId");
    if (!id) {
      throw new AppError("unauthorized", "Sign in to use the dashboard.");
    }
    const parsed = SwitchForm.safeParse(await c.req.parseBody());
    if (!parsed.success) {
      throw new AppError("bad_request", "Choose an account to switch to.");
    }
    await switchSessionAccount(c.get("deps"), id, parsed.data.open_id);
    return c.redirect("/dashboard", 303);
  },
};
