import { expectNoBody } from "@/lib/http/no_body.ts";
import { WebhookBody } from "@/lib/http/api_schemas.ts";
import { WebhookResponse } from "@/lib/http/api_responses.ts";
import { jsonOk, readJsonBody } from "@/lib/http/json_body.ts";
import {
  deleteWebhook,
  getWebhook,
  setWebhook,
} from "@/lib/webhooks/webhooks.ts";
import { WEBHOOK_EVENTS } from "@/lib/webhooks/webhook_record.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import type { RouteDocs } from "@/lib/http/openapi/route_docs.ts";

const EVENTS = [...WEBHOOK_EVENTS];

export const handler: Handlers = {
  async GET(c) {
    const hook = await getWebhook(c.get("deps"), c.get("apiAccount").openId);
    return jsonOk<WebhookResponse>(c, {
      url: hook?.settings.url ?? null,
      secret: hook?.secret ?? null,
      events: EVENTS,
    });
  },
  async PUT(c) {
    const { url } = await readJsonBody(c, WebhookBody);
    const hook = await setWebhook(
      c.get("deps"),
      c.get("apiAccount").openId,
      url,
    );
    return jsonOk<WebhookResponse>(c, {
      url: hook.settings.url,
      secret: hook.secret,
      events: EVENTS,
    });
  },
  async DELETE(c) {
    await expectNoBody(c);
    await deleteWebhook(c.get("deps"), c.get("apiAccount").openId);
    return jsonOk<WebhookResponse>(c, {
      url: null,
      secret: null,
      events: EVENTS,
    });
  },
};

export const docs: RouteDocs = {
  GET: {
    summary: "The account's webhook URL and signing secret",
    response: WebhookResponse,
  },
  PUT: {
    summary: "Set the webhook URL (https; private addresses refused)",
    body: WebhookBody,
    response: WebhookResponse,
    errors: ["conflict"],
  },
  DELETE: { summary: "Remove the webhook", response: WebhookResponse },
};
