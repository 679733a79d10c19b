/**
 * TikTok's post.publish.* events, sent signed by the simulator, move a
 * post at once and fire our webhook once (also when delivered twice, and
 * when an event and the poller race); the poller stops following it.
 * Without events the poller alone gets there. A publish past
 * PUBLISH_DEADLINE_HOURS becomes failed/publish_timeout (post.failed),
 * and a late completion — polled or by event — moves it to done
 * (post.published).
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer, TestServerOptions } from "./_helpers/test_server.ts";
import {
  directPost,
  hookedPoster,
  initsAtTikTok,
  postFreshVideo,
  postsOf,
} from "./_helpers/posting_setup.ts";
import { fileUploadsSettled } from "../lib/posting/video_source.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { followAMinuteLater } from "./_helpers/follow_while.ts";
import { startWebhookReceiver } from "./_helpers/webhook_receiver.ts";
import type { WebhookReceiver } from "./_helpers/webhook_receiver.ts";
import {
  emitted,
  eventsApplied,
  revokeAtTikTok,
  sandboxWebhooks,
  settleAtTikTok,
  webhooksSentBySandbox,
} from "./_helpers/tiktok_events.ts";
import { getTyped, keys, listTyped } from "../lib/kv_keys.ts";
import {
  followDuePublishes,
  followPost,
} from "../lib/posting/follow_publishes.ts";
import { deliverDueWebhooks } from "../lib/webhooks/webhooks.ts";
import {
  LATE_CHECK_MS,
  LATE_FOLLOW_MS,
} from "../lib/posting/publish_outcome.ts";

/**
 * Runs `fn` with a test server started with `options` and a webhook
 * receiver answering 200; then lets file uploads settle and closes both.
 */
async function withHookedServer(
  options: TestServerOptions,
  fn: (run: { server: TestServer; hook: WebhookReceiver }) => Promise<void>,
): Promise<void> {
  const server = await startTestServer(options);
  const hook = startWebhookReceiver(["ok"]);
  try {
    await fn({ server, hook });
  } finally {
    await fileUploadsSettled();
    await hook.close();
    await server.close();
  }
}

async function status(me: Poster, publishId: string) {
  return (await me.json("POST", "/api/tiktok/status", {
    publish_id: publishId,
  })).body;
}

Deno.test("a publish.complete event moves the post to done at once, fires post.published once, and the poller stops", async () => {
  await withHookedServer(
    { env: { SANDBOX_WEBHOOKS: "on" } },
    async ({ server, hook }) => {
      const me = await hookedPoster(server, hook, "event_done");
      const publishId = await postFreshVideo(me, "done by event");
      assert.equal((await status(me, publishId)).state, "pending");
      assert.equal(
        (await settleAtTikTok(server, publishId)).status,
        "PUBLISH_COMPLETE",
      );
      await eventsApplied(server);
      const answer = await status(me, publishId);
      assert.equal(answer.state, "done", JSON.stringify(answer));
      assert.equal(answer.status, "PUBLISH_COMPLETE");
      // raw keeps TikTok's status-fetch shape after an event.
      const raw = answer.raw as {
        data: Record<string, unknown> & {
          publicaly_available_post_id: string[];
        };
        error: { code: string };
      };
      assert.deepEqual(Object.keys(raw).sort(), ["data", "error"]);
      assert.equal(raw.data.status, "PUBLISH_COMPLETE");
      assert.equal(raw.error.code, "ok");
      assert.match(
        String(raw.data.publicaly_available_post_id[0]),
        /^7\d{18}$/,
        "the public post id from publicly_available, exact",
      );
      assert.deepEqual(await listTyped(server.kv, keys.postFollowPrefix()), []);
      assert.equal(
        await followAMinuteLater(server),
        0,
        "the poller asks nothing",
      );
      const published = await emitted(server, me.openId, "post.published");
      assert.equal(published.length, 1);
      assert.equal(published[0].publish_id, publishId);
      assert.equal(await deliverDueWebhooks(server.deps), 1);
      assert.equal(JSON.parse(hook.got[0].body).type, "post.published");
      assert.equal(await webhooksSentBySandbox(server, me.openId), 2);
    },
  );
});

Deno.test("events delivered twice (at least once) fire post.failed once with TikTok's reason", async () => {
  await withHookedServer({
    env: { SANDBOX_WEBHOOKS: "duplicate" },
  }, async ({ server, hook }) => {
    const me = await hookedPoster(server, hook, "event_failed");
    await me.sandbox({
      faults: [{ fault: "publish_failed", fail_reason: "spam_risk_text" }],
    });
    const publishId = await postFreshVideo(me, "failed by event");
    await settleAtTikTok(server, publishId);
    await eventsApplied(server);
    assert.equal(await webhooksSentBySandbox(server, me.openId), 2);
    const answer = await status(me, publishId);
    assert.deepEqual(
      [answer.state, answer.status, answer.fail_reason],
      ["failed", "FAILED", "spam_risk_text"],
    );
    const raw = answer.raw as { data: Record<string, unknown> };
    assert.deepEqual(
      [raw.data.status, raw.data.fail_reason, "event" in raw],
      ["FAILED", "spam_risk_text", false],
      "raw in TikTok's status shape",
    );
    const failed = await emitted(server, me.openId, "post.failed");
    assert.equal(failed.length, 1);
    assert.equal(failed[0].fail_reason, "spam_risk_text");
    assert.equal(await followAMinuteLater(server), 0);
  });
});

Deno.test("an event racing the poller fires one webhook per post, whoever wins", async () => {
  await withHookedServer({
    env: { SANDBOX_WEBHOOKS: "duplicate" },
  }, async ({ server, hook }) => {
    const posters: Poster[] = [];
    const publishes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const me = await hookedPoster(server, hook, `racer_${i}`);
      posters.push(me);
      publishes.push(await postFreshVideo(me, `race ${i}`));
    }
    // First check: TikTok pulls the media. Second: the status answer
    // settles it while the simulator sends its events, and TikTok
    // settling on its own races both.
    await followAMinuteLater(server);
    server.clock.advance(60_000);
    const postIds = await Promise.all(
      publishes.map(async (p) =>
        (await getTyped(server.kv, keys.postByPublishId(p))).value!.postId
      ),
    );
    await Promise.all([
      followDuePublishes(server.deps),
      ...postIds.map((id) => followPost(server.deps, id)),
      ...publishes.map((p, i) =>
        i % 2 === 0 ? settleAtTikTok(server, p) : Promise.resolve()
      ),
    ]);
    await eventsApplied(server);
    await followAMinuteLater(server);
    for (const [i, me] of posters.entries()) {
      assert.equal((await status(me, publishes[i])).state, "done");
      const published = await emitted(server, me.openId, "post.published");
      assert.equal(published.length, 1, `post ${i}: one post.published`);
      assert.equal(await me.sandboxPosts(), 1);
    }
    assert.deepEqual(await listTyped(server.kv, keys.postFollowPrefix()), []);
  });
});

Deno.test("without TikTok's events the poller alone settles the post and fires post.published once", async () => {
  await withHookedServer(
    { env: { SANDBOX_WEBHOOKS: "on" } },
    async ({ server, hook }) => {
      await sandboxWebhooks(server, "off");
      const me = await hookedPoster(server, hook, "no_events");
      const publishId = await postFreshVideo(me, "polled");
      await followAMinuteLater(server);
      await followAMinuteLater(server);
      assert.equal((await status(me, publishId)).state, "done");
      assert.equal(await webhooksSentBySandbox(server, me.openId), 0);
      assert.equal(
        (await emitted(server, me.openId, "post.published")).length,
        1,
      );
    },
  );
});

Deno.test("a publish past PUBLISH_DEADLINE_HOURS fails with publish_timeout; a late completion seen by polling moves it to done", async () => {
  await withHookedServer({
    env: { PUBLISH_DEADLINE_HOURS: "2" },
  }, async ({ server, hook }) => {
    const me = await hookedPoster(server, hook, "late_polled");
    const publishId = await postFreshVideo(me, "slow at TikTok");
    // Nobody checks until the deadline has passed: TikTok still downloads.
    server.clock.advance(2 * 3600_000 + 60_000);
    assert.equal(await followDuePublishes(server.deps), 1);
    let answer = await status(me, publishId);
    assert.deepEqual(
      [answer.state, answer.status, answer.fail_reason],
      ["failed", "PROCESSING_DOWNLOAD", "publish_timeout"],
    );
    const failed = await emitted(server, me.openId, "post.failed");
    assert.equal(failed.length, 1);
    assert.equal(failed[0].fail_reason, "publish_timeout");
    // Still checked, slowly: nothing within the hour, then TikTok is done.
    server.clock.advance(30 * 60_000);
    assert.equal(await followDuePublishes(server.deps), 0);
    server.clock.advance(31 * 60_000);
    assert.equal(await followDuePublishes(server.deps), 1);
    answer = await status(me, publishId);
    assert.deepEqual(
      [answer.state, answer.status, answer.fail_reason],
      ["done", "PUBLISH_COMPLETE", null],
    );
    assert.equal(
      (await emitted(server, me.openId, "post.published")).length,
      1,
    );
    assert.equal((await emitted(server, me.openId, "post.failed")).length, 1);
    assert.deepEqual(await listTyped(server.kv, keys.postFollowPrefix()), []);
  });
});

Deno.test("a timed-out publish completed later by TikTok's event moves to done; late checks end after 72 hours", async () => {
  await withHookedServer({
    env: { PUBLISH_DEADLINE_HOURS: "1", SANDBOX_WEBHOOKS: "on" },
  }, async ({ server, hook }) => {
    const me = await hookedPoster(server, hook, "late_event");
    const publishId = await postFreshVideo(me, "late by event");
    server.clock.advance(3600_000 + 60_000);
    await followDuePublishes(server.deps);
    assert.equal((await status(me, publishId)).fail_reason, "publish_timeout");
    await settleAtTikTok(server, publishId);
    await eventsApplied(server);
    const answer = await status(me, publishId);
    assert.equal(answer.state, "done", JSON.stringify(answer));
    assert.equal(
      (await emitted(server, me.openId, "post.published")).length,
      1,
    );

    // Another publish TikTok never finishes (the simulator stops answering
    // for this user): checked hourly for 72 h past its deadline, then no more.
    server.clock.advance(3600_000);
    const stuck = await postFreshVideo(me, "never ends");
    const postId = (await getTyped(server.kv, keys.postByPublishId(stuck)))
      .value!.postId;
    await sandboxWebhooks(server, "off");
    await revokeAtTikTok(server, me.openId);
    server.clock.advance(3600_000 + 60_000);
    let checks = 0;
    for (let h = 0; h < 100; h++) {
      checks += await followDuePublishes(server.deps);
      const p = (await getTyped(server.kv, keys.post(postId))).value!;
      if (p.nextCheckAt === null) break;
      server.clock.advance(LATE_CHECK_MS);
    }
    const p = (await getTyped(server.kv, keys.post(postId))).value!;
    assert.deepEqual(
      [p.state, p.failReason, p.nextCheckAt],
      ["failed", "publish_timeout", null],
    );
    assert.ok(
      checks >= LATE_FOLLOW_MS / LATE_CHECK_MS &&
        checks <= LATE_FOLLOW_MS / LATE_CHECK_MS + 2,
      `${checks} checks`,
    );
    assert.deepEqual(await listTyped(server.kv, keys.postFollowPrefix()), []);
    const failed = (await emitted(server, me.openId, "post.failed"))
      .filter((d) => d.post_id === postId);
    assert.equal(failed.length, 1);
  });
});

Deno.test("a draft's inbox_delivered event makes it done at once (SEND_TO_USER_INBOX) with one post.published", async () => {
  await withHookedServer(
    { env: { SANDBOX_WEBHOOKS: "on" } },
    async ({ server, hook }) => {
      const me = await hookedPoster(server, hook, "event_draft");
      const res = await directPost(me, {
        source_url: await me.uploadVideo(),
        title: "a draft",
        post_mode: "MEDIA_UPLOAD",
      });
      const publishId = String((await res.json()).publish_id);
      assert.equal(res.status, 200);
      assert.equal(
        (await settleAtTikTok(server, publishId)).status,
        "SEND_TO_USER_INBOX",
      );
      await eventsApplied(server);
      const answer = await status(me, publishId);
      assert.deepEqual(
        [answer.state, answer.status, answer.post_mode],
        ["done", "SEND_TO_USER_INBOX", "MEDIA_UPLOAD"],
      );
      const raw = answer.raw as { data: Record<string, unknown> };
      assert.deepEqual(
        [
          Object.keys(raw).sort(),
          raw.data.status,
          raw.data.publicaly_available_post_id,
        ],
        [["data", "error"], "SEND_TO_USER_INBOX", []],
        "raw in TikTok's status shape",
      );
      const published = await emitted(server, me.openId, "post.published");
      assert.equal(published.length, 1);
      assert.equal(published[0].post_mode, "MEDIA_UPLOAD");
      assert.equal(await followAMinuteLater(server), 0);
    },
  );
});

Deno.test("auto: a post.publish.failed video_pull_failed event leaves the file upload fallback to the poller, once; one post.published", async () => {
  await withHookedServer({
    env: { SANDBOX_WEBHOOKS: "duplicate", TIKTOK_VIDEO_SOURCE: "auto" },
  }, async ({ server, hook }) => {
    const me = await hookedPoster(server, hook, "event_pull_failed");
    await me.sandbox({ faults: [{ fault: "pull_failed" }] });
    const pullId = await postFreshVideo(me, "pull fails, file goes");
    assert.equal(
      (await settleAtTikTok(server, pullId)).fail_reason,
      "video_pull_failed",
    );
    await eventsApplied(server);
    // Not failed: the event made the post due for the poller now.
    const waiting = await status(me, pullId);
    assert.deepEqual([waiting.state, waiting.source], [
      "pending",
      "PULL_FROM_URL",
    ]);
    assert.equal((await emitted(server, me.openId, "post.failed")).length, 0);
    assert.equal(await followDuePublishes(server.deps), 1);
    assert.equal(await initsAtTikTok(server, me), 2, "one file upload init");
    await fileUploadsSettled();
    for (let i = 0; i < 5; i++) {
      await followAMinuteLater(server);
      await eventsApplied(server);
      await fileUploadsSettled();
    }
    const done = await status(me, pullId);
    assert.deepEqual([done.state, done.source], ["done", "FILE_UPLOAD"]);
    assert.equal(await initsAtTikTok(server, me), 2);
    assert.equal(await me.sandboxPosts(), 1, "posted once");
    assert.equal(
      (await emitted(server, me.openId, "post.published")).length,
      1,
    );
    assert.equal((await emitted(server, me.openId, "post.failed")).length, 0);
  });
});

Deno.test("auto: a draft's post.publish.failed video_pull_failed event leads to one FILE_UPLOAD draft; one post.published", async () => {
  await withHookedServer({
    env: { SANDBOX_WEBHOOKS: "duplicate", TIKTOK_VIDEO_SOURCE: "auto" },
  }, async ({ server, hook }) => {
    const me = await hookedPoster(server, hook, "event_draft_pull_failed");
    await me.sandbox({ faults: [{ fault: "pull_failed" }] });
    const res = await directPost(me, {
      source_url: await me.uploadVideo(),
      title: "draft pull fails, file goes",
      post_mode: "MEDIA_UPLOAD",
    });
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    const pullId = String(body.publish_id);
    assert.match(pullId, /^v_inbox_url~/);
    assert.equal(
      (await settleAtTikTok(server, pullId)).fail_reason,
      "video_pull_failed",
    );
    await eventsApplied(server);
    const waiting = await status(me, pullId);
    assert.deepEqual([waiting.state, waiting.source], [
      "pending",
      "PULL_FROM_URL",
    ]);
    assert.equal(await followDuePublishes(server.deps), 1);
    assert.equal(await initsAtTikTok(server, me), 2, "one file upload init");
    const moved = await status(me, pullId);
    assert.deepEqual([moved.state, moved.source, moved.status], [
      "pending",
      "FILE_UPLOAD",
      "PROCESSING_UPLOAD",
    ]);
    await fileUploadsSettled();
    // TikTok finishes the uploaded draft on its own: its event ends it.
    const fileId = (await postsOf(me))[0].publish_id;
    assert.match(String(fileId), /^v_inbox_file~/);
    assert.equal(
      (await settleAtTikTok(server, fileId)).status,
      "SEND_TO_USER_INBOX",
    );
    await eventsApplied(server);
    const done = await status(me, pullId);
    assert.deepEqual([done.state, done.source, done.status], [
      "done",
      "FILE_UPLOAD",
      "SEND_TO_USER_INBOX",
    ]);
    for (let i = 0; i < 3; i++) {
      await followAMinuteLater(server);
      await eventsApplied(server);
    }
    assert.equal(await initsAtTikTok(server, me), 2);
    const published = await emitted(server, me.openId, "post.published");
    assert.equal(published.length, 1);
    assert.equal((await emitted(server, me.openId, "post.failed")).length, 0);
  });
});

for (const postMode of ["DIRECT_POST", "MEDIA_UPLOAD"] as const) {
  Deno.test(`auto (${postMode}): a video_pull_failed event racing the poller's own check makes one file upload init`, async () => {
    await withHookedServer({
      env: { SANDBOX_WEBHOOKS: "on", TIKTOK_VIDEO_SOURCE: "auto" },
    }, async ({ server, hook }) => {
      const me = await hookedPoster(
        server,
        hook,
        postMode === "DIRECT_POST" ? "race_fb_dp" : "race_fb_mu",
      );
      await me.sandbox({ faults: [{ fault: "pull_failed" }] });
      const res = await directPost(me, {
        source_url: await me.uploadVideo(),
        title: `pull fails while polled ${postMode}`,
        post_mode: postMode,
      });
      const body = await res.json();
      assert.equal(res.status, 200, JSON.stringify(body));
      const pullId = String(body.publish_id);
      // The poller's status calls end the pull: the simulator sends
      // post.publish.failed before answering the call, so the event is
      // applied while the poller holds its claim, and other followers
      // run as soon as the event made the post due.
      for (let i = 0; i < 8; i++) {
        await followAMinuteLater(server);
        await eventsApplied(server);
        await Promise.all([
          followDuePublishes(server.deps),
          followDuePublishes(server.deps),
        ]);
        await fileUploadsSettled();
      }
      for (let i = 0; i < 5; i++) {
        await followAMinuteLater(server);
        await eventsApplied(server);
        await fileUploadsSettled();
      }
      assert.equal(await initsAtTikTok(server, me), 2, "pull + one file init");
      const done = await status(me, pullId);
      assert.deepEqual([done.state, done.source], ["done", "FILE_UPLOAD"]);
      assert.equal((await postsOf(me)).length, 1, "one post");
      assert.equal(
        (await emitted(server, me.openId, "post.published")).length,
        1,
      );
      assert.equal((await emitted(server, me.openId, "post.failed")).length, 0);
    });
  });
}
