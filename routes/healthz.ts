import { sendJson } from "@/lib/http/json_body.ts";
import type { Handlers } from "@/lib/http/app_types.ts";

export const handler: Handlers = {
  async GET(c) {
    const { kv } = c.get("deps");
    const started = performance.now();
    try {
      await kv.get(["healthz"]);
    } catch (error) {
      return sendJson(c, {
        ok: false,
        error: "kv_unavailable",
        message: `KV is not answering: ${(error as Error).message}`,
      }, 503);
    }
    return sendJson(c, {
      ok: true,
      kv: { ok: true, ms: Math.round(performance.now() - started) },
    }, 200);
  },
};
