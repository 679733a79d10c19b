/**
 * Webhook deliveries are never lost to the log's size or to a process dying
 * mid-attempt, and one account's backlog does not hold up another's.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { hookedPoster, posterFor } from "./_helpers/posting_setup.ts";
import { startWebhookReceiver } from "./_helpers/webhook_receiver.ts";
import {
  ATTEMPT_LEASE_MS,
  claimDelivery,
  deliverDueWebhooks,
  DELIVERY_LOG_SIZE,
  RETRY_DELAYS_MS,
} from "../lib/webhooks/webhooks.ts";
import { keys, listTyped } from "../lib/kv_keys.ts";
import { TEST_SENDS_PER_HOUR } from "../lib/webhooks/test_send_limit.ts";

/** An account's stored deliveries, oldest first (the log, unpruned rows too). */
async function rowsOf(server: TestServer, openId: string) {
  return (await listTyped(server.kv, keys.webhookDeliveriesPrefix(openId)))
    .map((e) => e.value);
}

Deno.test("a backlog of 250 failing events is kept whole, does not hold up another account, and shrinks to the last 50 once settled", async () => {
  const server = await startTestServer();
  const failing = startWebhookReceiver(["500"]);
  // B's receiver fails once, then recovers: its retry is due with A's.
  const healthy = startWebhookReceiver(["500", "ok"]);
  try {
    const deps = server.deps;
    const a = await posterFor(server, "backlog_a");
    const b = await posterFor(server, "backlog_b");
    for (const [who, hook] of [[a, failing], [b, healthy]] as const) {
      const set = await who.json("PUT", "/api/webhook", { url: hook.url });
      assert.equal(set.status, 200, JSON.stringify(set.body));
    }
    // Each test event is attempted at once (and fails), then waits 10 s.
    const EVENTS = 250;
    for (let i = 0; i < EVENTS; i++) {
      // Ten test events an hour at most: an hour on after each ten.
      if (i % TEST_SENDS_PER_HOUR === 0) server.clock.advance(3600_000);
      const r = await a.json("POST", "/api/webhook/test");
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    // B's event comes last: behind 250 of A's in the due index.
    server.clock.advance(1);
    assert.equal((await b.json("POST", "/api/webhook/test")).status, 200);
    assert.equal(failing.got.length, EVENTS);
    assert.equal(healthy.got.length, 1);

    const dueEntries = async () =>
      (await listTyped(server.kv, keys.webhookDuePrefix())).length;
    // Nothing pending is pruned, though the log shows only the last 50.
    assert.equal((await rowsOf(server, a.openId)).length, EVENTS);
    const log = await a.json("GET", "/api/webhook/deliveries");
    assert.equal((log.body.deliveries as unknown[]).length, DELIVERY_LOG_SIZE);

    assert.equal(await dueEntries(), EVENTS + 1);

    // One cron run, past the first backoff, reaches B's retry as well as
    // all of A's (more than one batch of 200).
    server.clock.advance(RETRY_DELAYS_MS[0]);
    assert.equal(await deliverDueWebhooks(deps), EVENTS + 1);
    assert.equal(healthy.got.length, 2);
    assert.equal(failing.got.length, 2 * EVENTS);
    assert.equal(await dueEntries(), EVENTS, "one due entry per pending event");

    // Through every retry: all of A's end failed, then the log is trimmed.
    for (const delay of RETRY_DELAYS_MS.slice(1)) {
      server.clock.advance(delay);
      assert.equal(await deliverDueWebhooks(deps), EVENTS);
    }
    assert.equal(failing.got.length, EVENTS * (1 + RETRY_DELAYS_MS.length));
    const settled = await rowsOf(server, a.openId);
    assert.equal(settled.length, DELIVERY_LOG_SIZE);
    assert.ok(settled.every((d) => d.state === "failed"));
    assert.equal(await dueEntries(), 0, "no due entry left behind");
    assert.equal((await rowsOf(server, b.openId))[0].state, "delivered");
  } finally {
    await failing.close();
    await healthy.close();
    await server.close();
  }
});

Deno.test("a delivery whose attempt died after its claim is made again once the lease runs out, exactly once", async () => {
  const server = await startTestServer();
  // The test event's immediate attempt fails; its retry is what dies.
  const hook = startWebhookReceiver(["500", "ok"]);
  try {
    const deps = server.deps;
    const me = await hookedPoster(server, hook, "lease_owner");
    const sent = await me.json("POST", "/api/webhook/test");
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const [row] = await rowsOf(server, me.openId);
    assert.equal(row.state, "pending");
    server.clock.advance(RETRY_DELAYS_MS[0]);
    // A process claims the attempt and dies before making it.
    assert.ok(await claimDelivery(deps, me.openId, row.id));
    assert.equal(await deliverDueWebhooks(deps), 0, "leased: not yet");
    server.clock.advance(ATTEMPT_LEASE_MS - 1);
    assert.equal(await deliverDueWebhooks(deps), 0);
    assert.equal(hook.got.length, 1, "only the first, failed attempt");
    server.clock.advance(1);
    assert.equal(await deliverDueWebhooks(deps), 1);
    assert.equal(hook.got.length, 2);
    const [after] = await rowsOf(server, me.openId);
    assert.equal(after.state, "delivered");
    assert.equal(after.attempts, 2);
    server.clock.advance(ATTEMPT_LEASE_MS);
    assert.equal(await deliverDueWebhooks(deps), 0);
    assert.equal(hook.got.length, 2);
  } finally {
    await hook.close();
    await server.close();
  }
});
