/**
 * TikTok's webhooks in tests: the simulator's switches (mode, settle a
 * publish, revoke a user), a signed delivery made by hand, and waits for
 * the app to have applied what it received.
 */
import type { TestServer } from "./test_server.ts";
import { waitUntil } from "./wait_until.ts";
import { keys, listTyped } from "../../lib/kv_keys.ts";
import { listDeliveries } from "../../lib/webhooks/webhooks.ts";
import { signTikTokWebhook } from "../../lib/tiktok/webhook_signature.ts";
import { SANDBOX_CLIENT_KEY, SANDBOX_CLIENT_SECRET } from "../../lib/config.ts";

const admin = (server: TestServer, path: string) =>
  `${server.url}/_sandbox/tiktok/_admin${path}`;

async function adminPost(
  server: TestServer,
  path: string,
  body: unknown = {},
): Promise<Record<string, unknown>> {
  const res = await fetch(admin(server, path), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) {
    throw new Error(`sandbox admin ${path}: ${JSON.stringify(json)}`);
  }
  return json;
}

/** Switches the simulator's webhooks on, off, or to duplicates. */
export async function sandboxWebhooks(
  server: TestServer,
  mode: "on" | "off" | "duplicate",
): Promise<void> {
  await adminPost(server, "/webhooks", { mode });
}

/** TikTok finishes the publish on its own (and sends its events). */
export function settleAtTikTok(
  server: TestServer,
  publishId: unknown,
): Promise<Record<string, unknown>> {
  return adminPost(
    server,
    `/publishes/${encodeURIComponent(String(publishId))}/settle`,
  );
}

/** The creator removes the app in TikTok: tokens die, the event is sent. */
export function revokeAtTikTok(
  server: TestServer,
  openId: string,
): Promise<Record<string, unknown>> {
  return adminPost(
    server,
    `/users/${encodeURIComponent(openId)}/revoke`,
    { reason: 1 },
  );
}

/**
 * TikTok ends the account's access and tells the app at once
 * (authorization.removed): the simulator's webhooks on, the revoke, and
 * the event applied (recorded by the time the revoke answers, applied
 * after).
 */
export async function disconnectedByTikTok(
  server: TestServer,
  openId: string,
): Promise<void> {
  await sandboxWebhooks(server, "on");
  await revokeAtTikTok(server, openId);
  await eventsApplied(server);
}

/** Webhook requests the simulator made for the user's events. */
export async function webhooksSentBySandbox(
  server: TestServer,
  openId: string,
): Promise<number> {
  const res = await fetch(
    admin(server, `/users/${encodeURIComponent(openId)}/webhooks`),
  );
  return Number((await res.json()).sent);
}

/** A TikTok-shaped event body (content as a JSON string). */
export function tiktokEventBody(
  event: string,
  userOpenId: string,
  content: Record<string, unknown>,
  // TikTok stamps an event when it happens: now, unless a test says when.
  createTime = Math.floor(Date.now() / 1000),
): string {
  return JSON.stringify({
    client_key: SANDBOX_CLIENT_KEY,
    event,
    create_time: createTime,
    user_openid: userOpenId,
    content: JSON.stringify(content),
  });
}

/** POSTs a body to /webhooks/tiktok, signed as TikTok signs unless told. */
export function postTikTokEvent(
  server: TestServer,
  body: string,
  options: { secret?: string; t?: number; signature?: string | null } = {},
): Promise<Response> {
  const t = options.t ?? Math.floor(server.clock.now() / 1000);
  const signature = options.signature === undefined
    ? signTikTokWebhook(options.secret ?? SANDBOX_CLIENT_SECRET, body, t)
    : options.signature;
  return fetch(`${server.url}/webhooks/tiktok`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      ...(signature === null ? {} : { "TikTok-Signature": signature }),
    },
    body,
  });
}

/** Waits until every event the app recorded has been applied. */
export function eventsApplied(server: TestServer): Promise<void> {
  return waitUntil(
    "TikTok events applied",
    async () =>
      (await listTyped(server.kv, keys.tiktokEventsDuePrefix())).length === 0,
  );
}

/** The account's emitted webhook events of one type (the delivery log). */
export async function emitted(
  server: TestServer,
  openId: string,
  type: string,
): Promise<Record<string, unknown>[]> {
  return (await listDeliveries(server.deps, openId))
    .filter((d) => d.event === type)
    .map((d) => JSON.parse(d.body).data);
}
