/**
 * `POST /webhooks/tiktok`: TikTok's events (docs/tiktok.md#tiktoks-webhooks).
 * Outside `/api`: no session, no API key — the `TikTok-Signature` header
 * is the authentication. Its own body limit; errors as JSON (401 for a
 * bad signature). A valid event is recorded in KV, answered 200 at once,
 * and applied after the answer (tiktok_event_processing.ts); the
 * `pm3k-tiktok-events` cron applies whatever a dying process left.
 * @module
 */
import { Hono } from "hono";
import { handleApiError, methodNotAllowed, noRoute } from "./error_handler.ts";
import { limitBody } from "./body_limit.ts";
import { apiSecurityHeaders } from "./api_app.ts";
import { sendJson } from "./json_body.ts";
import {
  MAX_TIKTOK_EVENT_BYTES,
  takeTikTokEvent,
} from "../tiktok_webhooks/tiktok_event_intake.ts";
import { applyEventSoon } from "../tiktok_webhooks/tiktok_event_processing.ts";
import { TIKTOK_SIGNATURE_HEADER } from "../tiktok/webhook_signature.ts";
import type { AppEnv } from "./app_types.ts";

export function createTikTokWebhookApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: false });
  app.onError(handleApiError);
  // JSON answers as the API's, with its security headers.
  app.use(apiSecurityHeaders);
  app.post("/tiktok", limitBody(MAX_TIKTOK_EVENT_BYTES), async (c) => {
    const deps = c.get("deps");
    // The bytes, not c.req.text(): TikTok signs what it sent, and decoding
    // drops a BOM and replaces bytes that are not UTF-8
    // (docs/tiktok.md#tiktoks-webhooks).
    const intake = await takeTikTokEvent(
      deps,
      new Uint8Array(await c.req.arrayBuffer()),
      c.req.header(TIKTOK_SIGNATURE_HEADER),
    );
    if (intake.kind === "recorded") applyEventSoon(deps, intake.id);
    // TikTok wants 200 for every delivery it made (else it redelivers for
    // 72 hours): a signed body that is no event is logged by the intake
    // and answered 200, saying so (docs/tiktok.md#tiktoks-webhooks).
    return sendJson(
      c,
      intake.kind === "unreadable"
        ? { ok: true, ignored: "not_an_event" }
        : { ok: true, duplicate: intake.kind === "duplicate" },
      200,
    );
  });
  // TikTok only POSTs; anything else is answered as the API answers it
  // (JSON, 405 with Allow), not with the dashboard's HTML error page.
  app.all("/tiktok", () => {
    throw methodNotAllowed("POST", "TikTok's event callback takes POST only.");
  });
  app.all("*", (c) => {
    throw noRoute(c);
  });
  return app;
}
