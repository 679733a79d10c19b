/**
 * The SSRF rules are applied again at every delivery attempt, not only when
 * the URL is registered: a target that is no longer allowed (the loopback
 * allowance of sandbox mode is gone, or the host now resolves to a private
 * or loopback address) gets no request, and the delivery log says why. Such
 * a refusal is final; a name that does not resolve is retried.
 */
import assert from "node:assert/strict";
import { followAMinuteLater } from "./_helpers/follow_while.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { apiClientFor } from "./_helpers/api_client.ts";
import { cronRecorder } from "./_helpers/cron_recorder.ts";
import { startWebhookReceiver } from "./_helpers/webhook_receiver.ts";
import { startBackgroundWork } from "../lib/runtime/background_work.ts";
import {
  attemptDelivery,
  deliverDueWebhooks,
  emitWebhook,
  RETRY_DELAYS_MS,
  setWebhook,
} from "../lib/webhooks/webhooks.ts";
import type { AppDeps } from "../lib/runtime/app_deps.ts";

const ALL_BACKOFFS_MS = RETRY_DELAYS_MS.reduce((a, b) => a + b) + 60_000;

type Delivery = Record<string, unknown>;

/** The dashboard's delivery log, read over the API with a Bearer key. */
async function deliveriesAt(
  baseUrl: string,
  key: string,
): Promise<Delivery[]> {
  const res = await fetch(`${baseUrl}/api/webhook/deliveries`, {
    headers: { Authorization: `Bearer ${key}` },
  });
  assert.equal(res.status, 200);
  return (await res.json()).deliveries;
}

Deno.test("a loopback webhook accepted in sandbox mode gets no request once the same KV runs in production; the log shows the refusal", async () => {
  const dir = await Deno.makeTempDir({ prefix: "pm3k-hook-ssrf-" });
  const kvPath = `${dir}/pm3k.kv`;
  const hook = startWebhookReceiver(["ok"]);
  try {
    // 1. Sandbox mode: loopback receivers are allowed (tests, local trials).
    const sandbox = await startTestServer({
      env: { KV_PATH: kvPath, QUEUES: "off" },
    });
    const clock = sandbox.clock;
    let key: string;
    let publishId: string;
    try {
      assert.equal(sandbox.deps.config.sandbox, true);
      const me = await posterFor(sandbox, "hook_moved");
      key = me.key;
      const set = await me.json("PUT", "/api/webhook", { url: hook.url });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      // Control: while allowed, this very URL is delivered to.
      await me.json("POST", "/api/webhook/test");
      assert.equal(hook.got.length, 1);
      // A post published now leaves its event pending (no cron has run).
      const r = await me.json("POST", "/api/tiktok/direct_post", {
        source_url: await me.uploadVideo(),
        title: "published before the switch",
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      publishId = String(r.body.publish_id);
      await followAMinuteLater(sandbox);
      await followAMinuteLater(sandbox);
      const log = await deliveriesAt(sandbox.url, key);
      assert.deepEqual(
        [log[0].event, log[0].state, log[0].attempts],
        ["post.published", "pending", 0],
      );
    } finally {
      await sandbox.close();
    }

    // 2. The same KV, now in production (TikTok credentials set): the
    // loopback allowance is gone, so the stored URL must not be used.
    const prod = await startTestServer({
      env: {
        KV_PATH: kvPath,
        QUEUES: "off",
        TIKTOK_CLIENT_KEY: "prod_client_key",
        TIKTOK_CLIENT_SECRET: "prod_client_secret",
      },
      clock,
    });
    const crons = cronRecorder();
    const work = startBackgroundWork(prod.deps, {
      crons: true,
      cron: crons.cron,
    });
    try {
      assert.equal(prod.deps.config.sandbox, false);
      // The production cron delivers what is due: the pending event.
      await crons.tick("pm3k-webhooks");
      let log = await deliveriesAt(prod.url, key);
      const published = log.find((d) => d.event === "post.published")!;
      assert.deepEqual(
        [
          published.state,
          published.attempts,
          published.last_status_code,
          published.next_attempt_at,
        ],
        ["failed", 1, null, null],
      );
      assert.match(
        String(published.last_error),
        /127\.0\.0\.1 points to a loopback address/,
      );
      // A test event sent from the dashboard is refused the same way.
      const test = await fetch(`${prod.url}/api/webhook/test`, {
        method: "POST",
        headers: { Authorization: `Bearer ${key}` },
      });
      assert.equal(test.status, 200);
      const testId = (await test.json()).delivery_id;
      log = await deliveriesAt(prod.url, key);
      const refusedTest = log.find((d) => d.id === testId)!;
      assert.deepEqual(
        [refusedTest.state, refusedTest.attempts],
        ["failed", 1],
      );
      assert.match(String(refusedTest.last_error), /loopback address/);

      // Refusals are final: long after every backoff, still no request.
      clock.advance(ALL_BACKOFFS_MS);
      await crons.tick("pm3k-webhooks");
      log = await deliveriesAt(prod.url, key);
      assert.deepEqual(
        log.filter((d) => d.state === "failed").map((d) => d.attempts),
        [1, 1],
      );
      assert.equal(hook.got.length, 1, "only the sandbox-mode control");
      assert.ok(
        !hook.got.some((g) => g.body.includes(publishId)),
        "the post event never reached the receiver",
      );
      // Registering the same URL now is refused too: one rule for both.
      const again = await fetch(`${prod.url}/api/webhook`, {
        method: "PUT",
        headers: {
          Authorization: `Bearer ${key}`,
          "Content-Type": "application/json",
        },
        body: JSON.stringify({ url: hook.url }),
      });
      assert.equal(again.status, 400);
      assert.match((await again.json()).message, /cannot be used/);
    } finally {
      work.stop();
      await prod.close();
      await work.done;
    }
  } finally {
    await hook.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a webhook host that resolved to a public address at registration gets no request once it resolves to a private or loopback one", async () => {
  const server = await startTestServer();
  const hook = startWebhookReceiver(["ok"]);
  try {
    const me = await apiClientFor(server, "hook_dns");
    // DNS for the customer's host, as the test sets it.
    let answer = ["93.184.216.34"];
    const lookups: string[] = [];
    const deps: AppDeps = {
      ...server.deps,
      allowLoopback: false, // production rules
      fetchOptions: {
        resolve: (host) => {
          lookups.push(host);
          return Promise.resolve(answer);
        },
        // The "public" host is served by the loopback receiver: any request
        // that gets past the checks really arrives there.
        fetch: (_input, init) => fetch(hook.url, init),
      },
    };
    const url = "https://hooks.customer.example/pm3k";
    await setWebhook(deps, me.openId, url);
    const send = async () => {
      // A second apart, so the log (newest first, by ULID) has one order.
      server.clock.advance(1_000);
      const d = await emitWebhook(deps, me.openId, "test", { n: 1 });
      return await attemptDelivery(deps, me.openId, d!.id);
    };
    const log = async () =>
      (await me.json("GET", "/api/webhook/deliveries")).body
        .deliveries as Delivery[];

    // Control: with the public answer the event is delivered.
    assert.equal((await send())?.state, "delivered");
    assert.equal(hook.got.length, 1);

    // The name stops resolving: nothing sent, retried later.
    answer = [];
    const unresolved = (await send())!;
    assert.deepEqual(
      [unresolved.state, unresolved.nextAttemptAt],
      ["pending", server.clock.now() + RETRY_DELAYS_MS[0]],
    );
    assert.match(String(unresolved.lastError), /does not resolve/);

    // At the retry it resolves to a private address: refused, for good.
    answer = ["10.0.0.7"];
    server.clock.advance(RETRY_DELAYS_MS[0]);
    assert.equal(await deliverDueWebhooks(deps), 1);
    let entries = await log();
    assert.deepEqual(
      [entries[0].id, entries[0].state, entries[0].attempts],
      [unresolved.id, "failed", 2],
    );
    assert.match(
      String(entries[0].last_error),
      /hooks\.customer\.example points to a private or reserved address/,
    );

    // Loopback is refused as well outside sandbox mode.
    answer = ["127.0.0.1"];
    const loopback = (await send())!;
    assert.equal(loopback.state, "failed");
    assert.match(String(loopback.lastError), /points to a loopback address/);

    server.clock.advance(ALL_BACKOFFS_MS);
    assert.equal(await deliverDueWebhooks(deps), 0, "nothing left to retry");
    assert.equal(hook.got.length, 1, "only the control reached the receiver");
    // Registration looked the name up once; each of the 4 attempts again.
    assert.equal(lookups.length, 5);
    entries = await log();
    assert.deepEqual(
      entries.map((d) => [d.state, d.last_status_code]),
      [["failed", null], ["failed", null], ["delivered", 200]],
    );
  } finally {
    await hook.close();
    await server.close();
  }
});
