import { sendJson } from "@/lib/http/json_body.ts";
import { healthReport } from "@/lib/runtime/health_probes.ts";
import type { Handlers } from "@/lib/http/app_types.ts";

export const handler: Handlers = {
  async GET(c) {
    const { status, body } = await healthReport(c.get("deps"));
    return sendJson(c, body, status);
  },
};
