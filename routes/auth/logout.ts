import { deleteSession } from "@/lib/sessions/sessions.ts";
import { clearSessionCookie } from "@/lib/http/session_auth.ts";
import type { Handlers } from "@/lib/http/app_types.ts";

export const handler: Handlers = {
  async POST(c) {
    const id = c.get("sessionId");
    if (id) await deleteSession(c.get("deps"), id);
    clearSessionCookie(c);
    return c.redirect("/", 303);
  },
};
