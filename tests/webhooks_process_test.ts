/**
 * A failed post's webhook from a real server process with queues on
 * (QUEUES=on: kv.enqueue and listenQueue, docs/webhooks.md#events): the
 * status check and the delivery run from queue messages, and the body the
 * receiver gets carries `fail_reason` and its sentence, `fail_message`.
 */
import assert from "node:assert/strict";
import { startTestServer, TEST_SECRET_KEY } from "./_helpers/test_server.ts";
import {
  freePort,
  portraitOverApi,
  startServerProcess,
  stopServerProcess,
} from "./_helpers/server_process.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { startWebhookReceiver } from "./_helpers/webhook_receiver.ts";
import { isSignedDelivery } from "./_helpers/webhook_signature.ts";
import { waitUntil } from "./_helpers/wait_until.ts";
import { FAIL_REASON_SENTENCES } from "../lib/tiktok/fail_reasons.ts";

Deno.test("a real process with queues on sends post.failed with fail_reason and fail_message", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "pm3k-hook-proc-" });
  const env = { DATA_DIR: dataDir, KV_PATH: `${dataDir}/pm3k.kv` };
  const hook = startWebhookReceiver(["ok"]);
  try {
    // The account, its webhook and TikTok's coming refusal, in the KV file.
    const setup = await startTestServer({ env });
    const me = await posterFor(setup, "hook_proc");
    const set = await me.json("PUT", "/api/webhook", { url: hook.url });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    await me.sandbox({
      faults: [{ fault: "publish_failed", fail_reason: "spam_risk_text" }],
    });
    await setup.close();

    const port = freePort();
    const proc = await startServerProcess(port, {
      ...env,
      SECRET_KEY: TEST_SECRET_KEY,
      LOG_REQUESTS: "false",
      QUEUES: "on",
      FILES_BASE_URL: `http://127.0.0.1:${port}/files`,
    });
    try {
      const { auth, done } = await portraitOverApi(proc.url, me.key);
      const posted = await fetch(`${proc.url}/api/tiktok/direct_post`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ source_url: done.url, title: "refused" }),
      });
      const r = await posted.json();
      assert.equal(posted.status, 200, JSON.stringify(r));

      await waitUntil("the webhook request", () => hook.got.length >= 1);
      const event = JSON.parse(hook.got[0].body);
      assert.deepEqual(
        {
          type: event.type,
          publish_id: event.data.publish_id,
          fail_reason: event.data.fail_reason,
          fail_message: event.data.fail_message,
          title: event.data.title,
        },
        {
          type: "post.failed",
          publish_id: r.publish_id,
          fail_reason: "spam_risk_text",
          fail_message: FAIL_REASON_SENTENCES.spam_risk_text,
          title: "refused",
        },
      );
      assert.equal(
        await isSignedDelivery(
          String(set.body.secret),
          hook.got[0],
          Date.now(),
        ),
        true,
      );
    } finally {
      await stopServerProcess(proc, "SIGTERM");
    }
  } finally {
    await hook.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});
