/**
 * Webhooks through the queue path (QUEUES=on, the KV's own enqueue and
 * listenQueue, started by startBackgroundWork): a post event reaches the
 * receiver from queue messages alone, signed, exactly once even when the
 * cron path and a redelivered message run afterwards; a 500 is retried by
 * the queue after the documented backoff.
 *
 * The app's times come from the test's ManualClock; only the queue
 * messages' real waits are shortened (QUEUE_DELAY_SCALE): each test records
 * the delay the app asked the queue for, and sees the message held for
 * that delay, scaled.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { cronRecorder } from "./_helpers/cron_recorder.ts";
import { startWebhookReceiver } from "./_helpers/webhook_receiver.ts";
import { waitUntil } from "./_helpers/wait_until.ts";
import { isSignedDelivery } from "./_helpers/webhook_signature.ts";
import { startBackgroundWork } from "../lib/runtime/background_work.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";
import { emitWebhook, RETRY_DELAYS_MS } from "../lib/webhooks/webhooks.ts";
import { FIRST_CHECK_DELAY_MS } from "../lib/posting/direct_post.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import type { AppDeps } from "../lib/runtime/app_deps.ts";

/**
 * Queue messages wait a fifth of the delay asked: the first status check
 * (5 s) comes after 1 s of real time, ample for the test to move its clock
 * past the check's due time first, even on a busy machine.
 */
const QUEUE_DELAY_SCALE = 0.2;

/** A test server with queues on and the shortened queue waits. */
function startQueueServer(): Promise<TestServer> {
  return startTestServer({
    env: { QUEUES: "on" },
    timing: { queueDelayScale: QUEUE_DELAY_SCALE },
  });
}

interface AskedDelay {
  type: "follow_post" | "webhook";
  delayMs: number;
}

/**
 * Records every delay the app asks the queue for (in app time), then
 * enqueues as before. Call before anything is posted or emitted.
 */
function recordQueueDelays(deps: AppDeps): AskedDelay[] {
  const asked: AskedDelay[] = [];
  const follow = deps.enqueueFollow!;
  const webhook = deps.enqueueWebhook!;
  deps.enqueueFollow = (postId, delayMs) => {
    asked.push({ type: "follow_post", delayMs });
    return follow(postId, delayMs);
  };
  deps.enqueueWebhook = (openId, deliveryId, delayMs) => {
    asked.push({ type: "webhook", delayMs });
    return webhook(openId, deliveryId, delayMs);
  };
  return asked;
}

type Delivery = Record<string, unknown>;

async function deliveries(me: Poster): Promise<Delivery[]> {
  const r = await me.json("GET", "/api/webhook/deliveries");
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.deliveries as Delivery[];
}

async function postChecks(server: TestServer, publishId: string) {
  const ref = (await getTyped(server.kv, keys.postByPublishId(publishId)))
    .value;
  if (!ref) return -1;
  return (await getTyped(server.kv, keys.post(ref.postId))).value?.checks ??
    -1;
}

Deno.test("with queues on, post.published reaches the receiver from queue messages alone, signed, and exactly once", async () => {
  const server = await startQueueServer();
  assert.equal(server.deps.config.queues, true);
  const asked = recordQueueDelays(server.deps);
  const hook = startWebhookReceiver(["ok"]);
  // The crons are registered but never tick on their own here: whatever
  // happens before we tick one by hand came through the queue.
  const crons = cronRecorder();
  const work = startBackgroundWork(server.deps, {
    crons: true,
    cron: crons.cron,
  });
  try {
    const me = await posterFor(server, "queue_hook");
    const set = await me.json("PUT", "/api/webhook", { url: hook.url });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const secret = String(set.body.secret);
    const r = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "queued hook",
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const publishId = String(r.body.publish_id);

    // The follow_post message fires after its (scaled) real delay; the test
    // clock is moved past each check's due time before its message comes.
    server.clock.advance(60_000);
    assert.deepEqual(asked[0], {
      type: "follow_post",
      delayMs: FIRST_CHECK_DELAY_MS,
    });
    await waitUntil(
      "the first status check (queue)",
      async () => await postChecks(server, publishId) >= 1,
    );
    assert.equal(hook.got.length, 0, "no event while TikTok is processing");
    server.clock.advance(60_000);
    await waitUntil("the webhook request", () => hook.got.length >= 1);
    await waitUntil(
      "the delivery marked delivered",
      async () => (await deliveries(me))[0]?.state === "delivered",
    );

    const { headers, body } = hook.got[0];
    const event = JSON.parse(body);
    assert.equal(event.type, "post.published");
    assert.equal(event.data.publish_id, publishId);
    assert.equal(event.data.status, "PUBLISH_COMPLETE");
    assert.equal(headers.get("content-type"), "application/json");
    const signature = headers.get("pm3k-signature")!;
    assert.match(signature, /^t=\d+,v1=[0-9a-f]{64}$/);
    assert.equal(
      await isSignedDelivery(secret, hook.got[0], server.clock.now()),
      true,
      "signed with the account's secret over the raw body",
    );
    let log = await deliveries(me);
    assert.equal(log.length, 1);
    assert.deepEqual(
      [log[0].event, log[0].state, log[0].attempts, log[0].last_status_code],
      ["post.published", "delivered", 1, 200],
    );
    assert.equal(log[0].id, event.id, "the log entry is the event sent");

    // Now the cron path runs too (the handler production registered), also
    // long after every backoff, and the queue redelivers the message
    // (delivery is at-least-once): the receiver still has one request.
    await crons.tick("pm3k-webhooks");
    server.clock.advance(RETRY_DELAYS_MS.reduce((a, b) => a + b) + 60_000);
    await crons.tick("pm3k-webhooks");
    await server.kv.enqueue({
      type: "webhook",
      openId: me.openId,
      deliveryId: String(log[0].id),
    });
    await new Promise((r) => setTimeout(r, 1_000));
    assert.equal(hook.got.length, 1, "delivered exactly once");
    log = await deliveries(me);
    assert.deepEqual([log[0].state, log[0].attempts], ["delivered", 1]);
  } finally {
    work.stop();
    await server.close();
    await work.done;
    await hook.close();
  }
});

Deno.test("with queues on, a delivery answered 500 is retried by a queue message after the first backoff (10 s), then delivered", async () => {
  const server = await startQueueServer();
  const asked = recordQueueDelays(server.deps);
  const hook = startWebhookReceiver(["500", "ok"]);
  const work = startBackgroundWork(server.deps, { crons: false });
  try {
    const me = await posterFor(server, "queue_retry");
    const set = await me.json("PUT", "/api/webhook", { url: hook.url });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const start = server.clock.now();
    // What post and job events do: record the delivery and enqueue it.
    const emitted = await emitWebhook(
      server.deps,
      me.openId,
      "test",
      { message: "retry me" },
    );
    assert.ok(emitted);

    await waitUntil("the first attempt", () => hook.got.length >= 1);
    await waitUntil(
      "the 500 recorded",
      async () => (await deliveries(me))[0]?.attempts === 1,
    );
    let log = await deliveries(me);
    assert.deepEqual(
      [log[0].state, log[0].last_status_code, log[0].last_error],
      ["pending", 500, "HTTP 500"],
    );
    assert.equal(
      log[0].next_attempt_at,
      new Date(start + RETRY_DELAYS_MS[0]).toISOString(),
    );
    // The retry's message was asked for 10 s later (2 s of real time
    // here); the test clock is moved to the retry time now, so only the
    // message's delay holds it.
    assert.deepEqual(
      asked.map((a) => [a.type, a.delayMs]),
      [["webhook", 0], ["webhook", RETRY_DELAYS_MS[0]]],
      "the first attempt at once, the retry after the first backoff",
    );
    server.clock.advance(RETRY_DELAYS_MS[0]);

    await waitUntil("the retry", () => hook.got.length >= 2, 25_000);
    const gap = hook.got[1].at - hook.got[0].at;
    const backoff = RETRY_DELAYS_MS[0] * QUEUE_DELAY_SCALE;
    assert.ok(
      gap >= backoff * 0.95,
      `retried after ${
        Math.round(gap)
      } ms, not before the ${backoff} ms (scaled 10 s) backoff`,
    );
    await waitUntil(
      "the retry recorded",
      async () => (await deliveries(me))[0]?.state === "delivered",
    );
    log = await deliveries(me);
    assert.deepEqual(
      [log[0].state, log[0].attempts, log[0].last_status_code, log[0].id],
      ["delivered", 2, 200, emitted.id],
    );
    assert.equal(hook.got[1].body, hook.got[0].body, "the same event again");
    assert.equal(
      await isSignedDelivery(
        String(set.body.secret),
        hook.got[1],
        server.clock.now(),
      ),
      true,
    );
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(hook.got.length, 2, "nothing after the success");
  } finally {
    work.stop();
    await server.close();
    await work.done;
    await hook.close();
  }
});
