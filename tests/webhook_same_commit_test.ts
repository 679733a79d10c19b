/**
 * Our webhook events are recorded in the same atomic commit as the change
 * they report: a process dying right after that commit (simulated by a KV
 * that fails every call after its first successful commit) loses neither
 * account.disconnected nor post.published / post.failed, and the real
 * server then delivers them.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { directPost, hookedPoster } from "./_helpers/posting_setup.ts";
import { startWebhookReceiver } from "./_helpers/webhook_receiver.ts";
import { diesAfterFirstCommit } from "./_helpers/dying_kv.ts";
import { emitted } from "./_helpers/tiktok_events.ts";
import { disconnectAccount } from "../lib/accounts/disconnect.ts";
import { getAccount } from "../lib/accounts/accounts_store.ts";
import { afterObservation, movePost } from "../lib/posting/publish_outcome.ts";
import { deliverDueWebhooks } from "../lib/webhooks/webhooks.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";

Deno.test("a crash right after the disconnect's commit still sends account.disconnected", async () => {
  const server = await startTestServer();
  const hook = startWebhookReceiver(["ok"]);
  try {
    const me = await hookedPoster(server, hook, "crash_disc");
    const dying = { ...server.deps, kv: diesAfterFirstCommit(server.kv) };
    // The process dies after its commit: the call fails, as it would.
    await disconnectAccount(dying, me.openId, "authorization_removed")
      .catch(() => {});
    assert.equal(
      (await getAccount(server.deps, me.openId))!.tiktokReauthRequired,
      true,
    );
    const sent = await emitted(server, me.openId, "account.disconnected");
    assert.equal(sent.length, 1, "recorded by the disconnect's commit");
    assert.equal(await deliverDueWebhooks(server.deps), 1);
    assert.equal(JSON.parse(hook.got[0].body).type, "account.disconnected");
  } finally {
    await hook.close();
    await server.close();
  }
});

Deno.test("a crash right after a post's final move still sends post.published", async () => {
  const server = await startTestServer();
  const hook = startWebhookReceiver(["ok"]);
  try {
    const me = await hookedPoster(server, hook, "crash_move");
    const res = await directPost(me, {
      source_url: await me.uploadVideo(),
      title: "crash after the move",
    });
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    const snapshot = (await getTyped(
      server.kv,
      keys.postByPublishId(String(body.publish_id)),
    )).value!;
    const dying = { ...server.deps, kv: diesAfterFirstCommit(server.kv) };
    await movePost(
      dying,
      snapshot.postId,
      (post, now) =>
        afterObservation(
          post,
          {
            status: "PUBLISH_COMPLETE",
            failReason: null,
            raw: { data: { status: "PUBLISH_COMPLETE" } },
          },
          now,
          24 * 3600_000,
          { countCheck: true },
        ),
    ).catch(() => {});
    const status = await me.json("POST", "/api/tiktok/status", {
      publish_id: body.publish_id,
    });
    assert.equal(status.body.state, "done");
    const sent = await emitted(server, me.openId, "post.published");
    assert.equal(sent.length, 1, "recorded by the move's commit");
    assert.equal(await deliverDueWebhooks(server.deps), 1);
    assert.equal(JSON.parse(hook.got[0].body).type, "post.published");
  } finally {
    await hook.close();
    await server.close();
  }
});
