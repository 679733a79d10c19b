import { expectNoBody } from "@/lib/http/no_body.ts";
import { WebhookTestResponse } from "@/lib/http/api_responses.ts";
import { jsonOk } from "@/lib/http/json_body.ts";
import { AppError } from "@/lib/errors.ts";
import { attemptDelivery } from "@/lib/webhooks/webhooks.ts";
import { emitTestEvent } from "@/lib/webhooks/test_send_limit.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import type { RouteDocs } from "@/lib/http/openapi/route_docs.ts";

export const handler: Handlers = {
  async POST(c) {
    await expectNoBody(c);
    const deps = c.get("deps");
    const openId = c.get("apiAccount").openId;
    const delivery = await emitTestEvent(deps, openId, {
      message: `A test event from ${deps.config.site.serviceName}.`,
    });
    if (!delivery) throw new AppError("not_found", "Set a webhook URL first.");
    // Sent at once, so the dashboard shows the outcome right away.
    await attemptDelivery(deps, openId, delivery.id);
    return jsonOk<WebhookTestResponse>(c, { delivery_id: delivery.id });
  },
};

export const docs: RouteDocs = {
  POST: {
    summary: "Send a test event to the webhook now",
    response: WebhookTestResponse,
    errors: ["not_found", "rate_limited"],
  },
};
