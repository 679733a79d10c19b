/**
 * Webhooks: signed events a receiver can verify from the raw body and the
 * header (the documented recipe), retries on 500 and on timeouts, no
 * delivery to private addresses, a delivery log of the last 50, test event.
 */
import { CONTENDED_ATTEMPTS } from "../lib/kv_contention.ts";
import assert from "node:assert/strict";
import { followAMinuteLater } from "./_helpers/follow_while.ts";
import {
  isSignedDelivery,
  verifyWebhookSignature,
} from "./_helpers/webhook_signature.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { hookedPoster, posterFor } from "./_helpers/posting_setup.ts";
import { startWebhookReceiver } from "./_helpers/webhook_receiver.ts";
import { TEST_SENDS_PER_HOUR } from "../lib/webhooks/test_send_limit.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";
import { writesContendedUnder } from "./_helpers/kv_write_hook.ts";
import { keys } from "../lib/kv_keys.ts";
import {
  deliverDueWebhooks,
  RETRY_DELAYS_MS,
} from "../lib/webhooks/webhooks.ts";

function deliver(server: TestServer, timeoutMs?: number) {
  return deliverDueWebhooks({
    ...server.deps,
    ...(timeoutMs ? { fetchOptions: { timeoutMs } } : {}),
  });
}

Deno.test("a published post is sent signed; the receiver verifies it from the raw body and header", async () => {
  const server = await startTestServer();
  const hook = startWebhookReceiver(["ok"]);
  try {
    const me = await posterFor(server, "hook_owner");
    const set = await me.json("PUT", "/api/webhook", { url: hook.url });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const secret = String(set.body.secret);
    assert.match(secret, /^whsec_/);
    assert.deepEqual(set.body.events, [
      "post.published",
      "post.failed",
      "job.failed",
      "account.disconnected",
    ]);
    const r = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "hooked",
    });
    await followAMinuteLater(server);
    await followAMinuteLater(server);
    assert.equal(await deliver(server), 1);
    assert.equal(hook.got.length, 1);
    const { headers, body } = hook.got[0];
    const event = JSON.parse(body);
    assert.equal(event.type, "post.published");
    assert.equal(event.data.publish_id, r.body.publish_id);
    assert.equal(event.data.status, "PUBLISH_COMPLETE");
    // The post's caption as sent: an automation can say which post it was
    // without a call back (docs/webhooks.md#events).
    assert.equal(event.data.title, "hooked");
    assert.deepEqual(
      [event.data.fail_reason, event.data.fail_message],
      [null, null],
    );
    assert.equal(headers.get("content-type"), "application/json");
    const signature = headers.get("pm3k-signature")!;
    assert.match(signature, /^t=\d+,v1=[0-9a-f]{64}$/);
    const now = Math.floor(server.clock.now() / 1000);
    assert.equal(
      await verifyWebhookSignature(secret, body, signature, now),
      true,
    );
    assert.equal(
      await verifyWebhookSignature(secret, body + " ", signature, now),
      false,
      "a changed body fails",
    );
    assert.equal(
      await verifyWebhookSignature("whsec_other", body, signature, now),
      false,
      "another secret fails",
    );
    assert.equal(
      await verifyWebhookSignature(secret, body, signature, now + 301),
      false,
      "outside the replay window",
    );
  } finally {
    await hook.close();
    await server.close();
  }
});

Deno.test("a publish that fails at TikTok is sent as post.failed with its fail_reason and its sentence", async () => {
  const server = await startTestServer();
  const hook = startWebhookReceiver(["ok"]);
  try {
    const me = await posterFor(server, "hook_failed");
    const set = await me.json("PUT", "/api/webhook", { url: hook.url });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    await me.sandbox({
      faults: [{ fault: "publish_failed", fail_reason: "spam_risk_text" }],
    });
    const r = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "will fail",
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    await followAMinuteLater(server);
    await followAMinuteLater(server);
    assert.equal(await deliver(server), 1);
    const event = JSON.parse(hook.got[0].body);
    assert.deepEqual(
      [event.type, event.data.publish_id, event.data.status],
      ["post.failed", r.body.publish_id, "FAILED"],
    );
    assert.equal(event.data.fail_reason, "spam_risk_text");
    assert.equal(event.data.title, "will fail");
    assert.equal(
      event.data.fail_message,
      "TikTok flagged the caption as spam. Change the caption before posting again.",
    );
    assert.equal(
      await isSignedDelivery(
        String(set.body.secret),
        hook.got[0],
        server.clock.now(),
      ),
      true,
    );
  } finally {
    await hook.close();
    await server.close();
  }
});

Deno.test("a 500 or a timeout is retried with backoff, and the log shows every attempt", async () => {
  const server = await startTestServer();
  const hook = startWebhookReceiver(["500", "stall", "ok"]);
  try {
    const me = await hookedPoster(server, hook, "hook_retry");
    await me.json("POST", "/api/webhook/test");
    let log = (await me.json("GET", "/api/webhook/deliveries")).body
      .deliveries as Record<string, unknown>[];
    assert.equal(log[0].state, "pending");
    assert.equal(log[0].last_status_code, 500);
    assert.equal(log[0].attempts, 1);
    assert.equal(
      log[0].next_attempt_at,
      new Date(server.clock.now() + RETRY_DELAYS_MS[0]).toISOString(),
    );

    assert.equal(await deliver(server), 0, "not before the backoff");
    server.clock.advance(RETRY_DELAYS_MS[0]);
    assert.equal(await deliver(server, 300), 1); // the receiver stalls: timed out
    log = (await me.json("GET", "/api/webhook/deliveries")).body
      .deliveries as Record<string, unknown>[];
    assert.equal(log[0].attempts, 2);
    assert.match(String(log[0].last_error), /Timed out/);

    server.clock.advance(RETRY_DELAYS_MS[1]);
    assert.equal(await deliver(server), 1);
    log = (await me.json("GET", "/api/webhook/deliveries")).body
      .deliveries as Record<string, unknown>[];
    assert.equal(log[0].state, "delivered");
    assert.equal(log[0].last_status_code, 200);
    assert.equal(log[0].attempts, 3);
    assert.equal(hook.got.length, 3);
    assert.equal(
      hook.got[0].body,
      hook.got[2].body,
      "the same event each time",
    );
  } finally {
    await hook.close();
    await server.close();
  }
});

Deno.test("a receiver that answers a redirect is logged with its status and why it is not followed, and retried", async () => {
  const server = await startTestServer();
  const hook = startWebhookReceiver(["302", "ok"]);
  try {
    const me = await hookedPoster(server, hook, "hook_redirect");
    await me.json("POST", "/api/webhook/test");
    const log = (await me.json("GET", "/api/webhook/deliveries")).body
      .deliveries as Record<string, unknown>[];
    assert.equal(log[0].state, "pending");
    assert.equal(log[0].last_status_code, 302);
    assert.equal(
      log[0].last_error,
      "HTTP 302: a redirect to /moved, which deliveries do not follow; set the webhook to the final URL.",
    );
    assert.equal(hook.got.length, 1, "the redirect was not followed");
  } finally {
    await hook.close();
    await server.close();
  }
});

Deno.test("webhook URLs to private addresses or without https are refused, plain http to an unknown name by the https rule", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "hook_ssrf");
    for (
      const url of [
        "https://10.0.0.1/hook",
        "https://169.254.169.254/latest",
        "https://[fd00::1]/x",
        "http://example.com/hook",
      ]
    ) {
      const r = await me.json("PUT", "/api/webhook", { url });
      assert.equal(r.status, 400, url);
      assert.match(String(r.body.message), /cannot be used/);
    }
    // Plain http to a name that does not resolve is told the https rule,
    // which is what to fix, not that DNS has no such name.
    const plain = await me.json("PUT", "/api/webhook", {
      url: "http://hooks.no-such-host.invalid/hook",
    });
    assert.equal(plain.status, 400);
    assert.equal(
      plain.body.message,
      "This webhook URL cannot be used: only https URLs are fetched.",
    );
    // The reason reads as a sentence: "URLs" keeps its capitals.
    const withCredentials = await me.json("PUT", "/api/webhook", {
      url: "https://user:pw@example.com/hook",
    });
    assert.equal(withCredentials.status, 400);
    assert.equal(
      withCredentials.body.message,
      "This webhook URL cannot be used: URLs with credentials are not fetched.",
    );
    assert.equal((await me.json("GET", "/api/webhook")).body.url, null);
    const none = await me.json("POST", "/api/webhook/test");
    assert.equal(none.status, 404);
  } finally {
    await server.close();
  }
});

Deno.test("the delivery log keeps the last 50, and a failed job sends job.failed", async () => {
  const server = await startTestServer();
  const hook = startWebhookReceiver(["ok"]);
  try {
    const me = await hookedPoster(server, hook, "hook_log");
    for (let i = 0; i < 52; i++) {
      // Ten test events an hour at most: an hour on after each ten.
      if (i % TEST_SENDS_PER_HOUR === 0) server.clock.advance(3600_000);
      await me.json("POST", "/api/webhook/test");
    }
    const log = (await me.json("GET", "/api/webhook/deliveries")).body
      .deliveries as { state: string }[];
    assert.equal(log.length, 50);
    assert.ok(log.every((d) => d.state === "delivered"));

    const { runDueJobs } = await import("../lib/jobs/due_jobs.ts");
    const runAt = server.clock.now() + 2 * 3600_000;
    const job = await me.json("POST", "/api/jobs", {
      kind: "tiktok",
      run_at: new Date(runAt).toISOString(),
      source_url: await me.uploadVideo(),
      title: "will fail",
    });
    // A refusal, not TikTok failing in passing (a 5xx puts the job back
    // for the next round, docs/scheduling.md#how-jobs-run).
    await me.sandbox({ faults: [{ fault: "spam_risk_too_many_posts" }] });
    server.clock.set(runAt);
    await runDueJobs(server.deps, { horizonMs: 0 });
    await deliver(server);
    const last = JSON.parse(hook.got.at(-1)!.body);
    assert.equal(last.type, "job.failed");
    assert.equal(last.data.job_id, job.body.job_id);
    assert.equal(last.data.error.code, "tiktok_error");
  } finally {
    await hook.close();
    await server.close();
  }
});

Deno.test("first webhook PUTs sent at once all answer the one secret kept, so each signs what it was told", async () => {
  const server = await startTestServer();
  const hook = startWebhookReceiver(["ok"]);
  try {
    const me = await posterFor(server, "hook_race");
    // In sandbox mode a loopback receiver is allowed (docs/webhooks.md).
    const answers = await Promise.all(
      Array.from(
        { length: 8 },
        (_, i) => me.json("PUT", "/api/webhook", { url: `${hook.url}?n=${i}` }),
      ),
    );
    for (const a of answers) assert.equal(a.status, 200, JSON.stringify(a));
    const kept = await me.json("GET", "/api/webhook");
    assert.deepEqual(
      new Set(answers.map((a) => a.body.secret)),
      new Set([kept.body.secret]),
      "every answer's secret is the one kept",
    );
    const test = await me.json("POST", "/api/webhook/test");
    assert.equal(test.status, 200);
    await deliver(server);
    assert.equal(hook.got.length, 1);
    assert.ok(
      await verifyWebhookSignature(
        String(answers[0].body.secret),
        hook.got[0].body,
        hook.got[0].headers.get("PM3K-Signature") ?? "",
        Math.floor(server.clock.now() / 1000),
      ),
      "the first answer's secret verifies the delivery",
    );
  } finally {
    await hook.close();
    await server.close();
  }
});

Deno.test("at most ten test events an hour: the eleventh is 429 rate_limited saying when, and nothing is sent", async () => {
  const server = await startTestServer();
  const hook = startWebhookReceiver(["500"]);
  try {
    const me = await hookedPoster(server, hook, "hook_tests");
    const first = server.clock.now();
    for (let i = 0; i < TEST_SENDS_PER_HOUR; i++) {
      const sent = await me.json("POST", "/api/webhook/test");
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      server.clock.advance(60_000);
    }
    const refused = await me.call("POST", "/api/webhook/test");
    const body = await assertJsonError(refused, 429, "rate_limited");
    const next = new Date(first + 3600_000).toISOString();
    assert.equal(body.retry_after, next);
    assert.equal(
      body.message,
      `At most 10 test events an hour: the next can be sent at ${next}.`,
    );
    assert.equal(hook.got.length, TEST_SENDS_PER_HOUR, "the eleventh not sent");

    // The first one's hour is over: one more may go.
    server.clock.set(first + 3600_000 + 1);
    const again = await me.json("POST", "/api/webhook/test");
    assert.equal(again.status, 200, JSON.stringify(again.body));
  } finally {
    await hook.close();
    await server.close();
  }
});

Deno.test("fifteen test events asked at once: ten are sent, five 429 rate_limited, nothing more", async () => {
  const server = await startTestServer();
  const hook = startWebhookReceiver([]);
  try {
    const me = await hookedPoster(server, hook, "hook_tests_burst");
    const answers = await Promise.all(
      Array.from({ length: 15 }, () => me.json("POST", "/api/webhook/test")),
    );
    const statuses = answers.map((r) => r.status).sort();
    assert.deepEqual(statuses, [
      ...Array(TEST_SENDS_PER_HOUR).fill(200),
      ...Array(15 - TEST_SENDS_PER_HOUR).fill(429),
    ]);
    for (const r of answers.filter((r) => r.status === 429)) {
      assert.equal(r.body.error, "rate_limited");
    }
    const log = await me.json("GET", "/api/webhook/deliveries");
    assert.equal(
      (log.body.deliveries as unknown[]).length,
      TEST_SENDS_PER_HOUR,
    );
    assert.equal(hook.got.length, TEST_SENDS_PER_HOUR);
  } finally {
    await hook.close();
    await server.close();
  }
});

Deno.test("a webhook PUT whose check-and-set keeps losing answers 409 conflict after its jittered tries and saves nothing", async () => {
  const contention = writesContendedUnder(keys.webhook("x").slice(0, 1));
  const server = await startTestServer({ wrapKv: contention.wrapKv });
  const hook = startWebhookReceiver(["ok"]);
  try {
    const me = await posterFor(server, "hook_contended");
    contention.on = true;
    const set = await me.call("PUT", "/api/webhook", { url: hook.url });
    const body = await assertJsonError(set, 409, "conflict");
    assert.match(String(body.message), /try again/);
    assert.equal(contention.lost, CONTENDED_ATTEMPTS);
    contention.on = false;
    const kept = await me.json("GET", "/api/webhook");
    assert.deepEqual([kept.body.url, kept.body.secret], [null, null]);
  } finally {
    await hook.close();
    await server.close();
  }
});
