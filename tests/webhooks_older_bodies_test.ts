/**
 * A `post.failed` delivery recorded before its event carried
 * `fail_message` and `title`, still waiting at an upgrade
 * (docs/webhooks.md#deliveries-recorded-before-an-upgrade): written in the
 * old shape into the server's KV, it reaches a real HTTP receiver with
 * both, signed over the exact body received, and its retry sends that
 * same body; one already tried keeps the body it was first sent with. A
 * `job.failed` recorded before a job's error named an unknown outcome is
 * sent with `outcome` and `post_id`.
 */
import assert from "node:assert/strict";
import { isSignedDelivery } from "./_helpers/webhook_signature.ts";
import { followAMinuteLater } from "./_helpers/follow_while.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import {
  hookedPoster,
  jobTikTokNeverAnswered,
  postFreshVideo,
  SHORT_TIKTOK_TIMEOUT,
} from "./_helpers/posting_setup.ts";
import { startWebhookReceiver } from "./_helpers/webhook_receiver.ts";
import type { WebhookReceiver } from "./_helpers/webhook_receiver.ts";
import { getTyped, keys, listTyped } from "../lib/kv_keys.ts";
import {
  deliverDueWebhooks,
  RETRY_DELAYS_MS,
} from "../lib/webhooks/webhooks.ts";

const SPAM_SENTENCE =
  "TikTok flagged the caption as spam. Change the caption before posting again.";

/**
 * A post failed at TikTok with its `post.failed` delivery recorded and not
 * yet sent, its body then put back in the shape older PM3K recorded
 * (no `fail_message`, no `title`), with `attempts` as given.
 */
async function olderFailedDelivery(
  server: TestServer,
  hook: WebhookReceiver,
  username: string,
  attempts: number,
) {
  const me = await hookedPoster(server, hook, username);
  const secret = String((await me.json("GET", "/api/webhook")).body.secret);
  await me.sandbox({
    faults: [{ fault: "publish_failed", fail_reason: "spam_risk_text" }],
  });
  await postFreshVideo(me, "older body");
  await followAMinuteLater(server);
  await followAMinuteLater(server);
  const [entry] = await listTyped(
    server.kv,
    keys.webhookDeliveriesPrefix(me.openId),
  );
  assert.equal(entry.value.event, "post.failed");
  const event = JSON.parse(entry.value.body);
  const { fail_message: _m, title: _t, ...olderData } = event.data;
  const olderBody = JSON.stringify({ ...event, data: olderData });
  await server.kv.set(entry.key, {
    ...entry.value,
    body: olderBody,
    attempts,
  });
  return {
    secret,
    key: keys.webhookDelivery(me.openId, entry.value.id),
    olderBody,
  };
}

Deno.test("a post.failed queued in the older shape is sent with fail_message and title, signed, the same body on its retry", async () => {
  const server = await startTestServer();
  const hook = startWebhookReceiver(["500", "ok"]);
  try {
    const older = await olderFailedDelivery(server, hook, "older_body", 0);
    assert.equal(await deliverDueWebhooks(server.deps), 1);
    server.clock.set(server.clock.now() + RETRY_DELAYS_MS[0] + 1000);
    assert.equal(await deliverDueWebhooks(server.deps), 1);

    assert.equal(hook.got.length, 2, "the 500, then its retry");
    const data = JSON.parse(hook.got[0].body).data;
    assert.equal(data.fail_reason, "spam_risk_text");
    assert.equal(data.fail_message, SPAM_SENTENCE);
    assert.equal(data.title, "older body");
    assert.equal(hook.got[1].body, hook.got[0].body, "one body, retried");
    for (const got of hook.got) {
      assert.ok(
        await isSignedDelivery(older.secret, got, server.clock.now()),
        "signed over the body received",
      );
    }
    const stored = (await getTyped(server.kv, older.key)).value!;
    assert.deepEqual(
      [stored.state, stored.body],
      ["delivered", hook.got[0].body],
    );
  } finally {
    await hook.close();
    await server.close();
  }
});

Deno.test("an older-shape delivery already tried once is retried with the body it was first sent with", async () => {
  const server = await startTestServer();
  const hook = startWebhookReceiver(["ok"]);
  try {
    const older = await olderFailedDelivery(server, hook, "older_tried", 1);
    assert.equal(await deliverDueWebhooks(server.deps), 1);
    assert.equal(hook.got.length, 1);
    assert.equal(hook.got[0].body, older.olderBody);
    assert.ok(
      await isSignedDelivery(older.secret, hook.got[0], server.clock.now()),
    );
  } finally {
    await hook.close();
    await server.close();
  }
});

Deno.test("a job.failed queued before its error named an unknown outcome is sent with outcome and post_id, from the post the job made", async () => {
  const server = await startTestServer({ env: { ...SHORT_TIKTOK_TIMEOUT } });
  const hook = startWebhookReceiver(["ok"]);
  try {
    // A scheduled post TikTok never answered: its job fails, its post is
    // listed with an unknown outcome.
    const me = await hookedPoster(server, hook, "older_job_failed");
    const jobId = await jobTikTokNeverAnswered(server, me, "older job.failed");
    const now = (await me.json("GET", `/api/jobs/${jobId}`)).body;
    const error = now.error as Record<string, unknown>;
    assert.equal(error.outcome, "unknown");

    // Its delivery put back in the shape older PM3K recorded.
    const [entry] = await listTyped(
      server.kv,
      keys.webhookDeliveriesPrefix(me.openId),
    );
    assert.equal(entry.value.event, "job.failed");
    const event = JSON.parse(entry.value.body);
    const { outcome: _o, post_id: _p, ...olderError } = event.data.error;
    await server.kv.set(entry.key, {
      ...entry.value,
      body: JSON.stringify({
        ...event,
        data: { ...event.data, error: olderError },
      }),
    });

    assert.equal(await deliverDueWebhooks(server.deps), 1);
    const sent = JSON.parse(hook.got[0].body);
    assert.deepEqual(sent.data.error, error, "as a new job.failed has it");
  } finally {
    await hook.close();
    await server.close();
  }
});
