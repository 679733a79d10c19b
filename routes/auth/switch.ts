import { z } from "zod";
import { switchSessionAccount } from "@/lib/sessions/sessions.ts";
import { AppError } from "@/lib/errors.ts";
import { readForm } from "@/lib/http/form_body.ts";
import type { Handlers } from "@/lib/http/app_types.ts";

const SwitchForm = z.strictObject({ open_id: z.string().min(1).max(200) });

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
    const form = await readForm(
      c,
      SwitchForm,
      "Choose an account to switch to.",
    );
    await switchSessionAccount(c.get("deps"), id, form.open_id);
    return c.redirect("/dashboard", 303);
  },
};
