import { WebhookDeliveriesResponse } from "@/lib/http/api_responses.ts";
import { jsonOk } from "@/lib/http/json_body.ts";
import { listDeliveries } from "@/lib/webhooks/webhooks.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import type { RouteDocs } from "@/lib/http/openapi/route_docs.ts";

const iso = (t: number) => new Date(t).toISOString();

export const handler: Handlers = {
  async GET(c) {
    const list = await listDeliveries(
      c.get("deps"),
      c.get("apiAccount").openId,
    );
    return jsonOk<WebhookDeliveriesResponse>(c, {
      deliveries: list.map((d) => ({
        id: d.id,
        event: d.event,
        state: d.state,
        attempts: d.attempts,
        last_status_code: d.lastStatusCode,
        last_error: d.lastError,
        next_attempt_at: d.nextAttemptAt === null ? null : iso(d.nextAttemptAt),
        created_at: iso(d.createdAt),
      })),
    });
  },
};

export const docs: RouteDocs = {
  GET: {
    summary: "The last 50 webhook deliveries",
    response: WebhookDeliveriesResponse,
  },
};
