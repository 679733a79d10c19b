import { z } from "zod";
import { switchSessionAccount } from "@/lib/sessions/sessions.ts";
import { AppError } from "@/lib/errors.ts";
import { readForm } from "@/lib/http/form_body.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import { DASHBOARD_PAGES } from "@/routes/_app.tsx";

const SwitchForm = z.strictObject({
  open_id: z.string().min(1).max(200),
  // The dashboard page the switcher was on (routes/_app.tsx).
  back: z.string().max(100).optional(),
});

/**
 * The header's account switcher: makes another account of this browser's
 * session the active one (docs/accounts.md#several-tiktok-accounts), and
 * shows the page it was on, now that account's: only a dashboard page's
 * path is followed, without its query (a post's or a week's id is the
 * other account's), anything else goes to Compose.
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
    const back = DASHBOARD_PAGES.find((p) => p.path === form.back);
    return c.redirect(back?.path ?? "/dashboard", 303);
  },
};
