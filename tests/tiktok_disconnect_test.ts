/**
 * A creator removing PM3K in TikTok (authorization.removed, sent signed by
 * the simulator): the account is disconnected, posts answer 401
 * tiktok_reauth_required naming the cause, a due job fails with job.failed
 * naming it, account.disconnected goes out once, the dashboard asks to
 * reconnect, and signing in again reconnects.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor, verifySource } from "./_helpers/posting_setup.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import { signIn, visit } from "./_helpers/sandbox_sign_in.ts";
import { startWebhookReceiver } from "./_helpers/webhook_receiver.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";
import {
  emitted,
  eventsApplied,
  revokeAtTikTok,
} from "./_helpers/tiktok_events.ts";
import { getAccount } from "../lib/accounts/accounts_store.ts";
import { keys } from "../lib/kv_keys.ts";
import { runDueJobs } from "../lib/jobs/due_jobs.ts";
import { followDuePublishes } from "../lib/posting/follow_publishes.ts";
import { followAMinuteLater } from "./_helpers/follow_while.ts";
import { deliverDueWebhooks } from "../lib/webhooks/webhooks.ts";

Deno.test("authorization.removed disconnects: posts 401, due job fails naming the cause, account.disconnected once, dashboard asks to reconnect, sign-in reconnects", async () => {
  const server = await startTestServer({ env: { SANDBOX_WEBHOOKS: "on" } });
  const hook = startWebhookReceiver(["ok"]);
  try {
    const me = await posterFor(server, "gone_creator", "monthly");
    const { jar } = await signIn(server, "gone_creator");
    await me.json("PUT", "/api/webhook", { url: hook.url });
    const runAt = server.clock.now() + 2 * 3600_000;
    const job = await me.json("POST", "/api/jobs", {
      kind: "tiktok",
      run_at: new Date(runAt).toISOString(),
      source_url: await me.uploadVideo(),
      title: "scheduled before the removal",
    });
    assert.equal(job.status, 200, JSON.stringify(job.body));

    const revoked = await revokeAtTikTok(server, me.openId);
    assert.ok(Number(revoked.tokens_revoked) >= 2);
    await eventsApplied(server);
    const account = (await getAccount(server.deps, me.openId))!;
    assert.equal(account.tiktokReauthRequired, true);
    assert.equal(account.disconnectReason, "authorization_removed");
    assert.equal(account.disconnectedAt, server.clock.now());

    const refused = await assertJsonError(
      await me.call("POST", "/api/tiktok/direct_post", {
        source_url: await me.uploadVideo(),
        title: "after the removal",
      }),
      401,
      "tiktok_reauth_required",
    );
    assert.match(String(refused.message), /removed the app's access in TikTok/);
    assert.match(String(refused.message), /sign in with TikTok again/);

    server.clock.set(runAt);
    assert.deepEqual(
      await runDueJobs(server.deps, { horizonMs: 0 }),
      { posted: 0, failed: 1 },
    );
    const jobFailed = await emitted(server, me.openId, "job.failed");
    assert.equal(jobFailed.length, 1);
    const error = jobFailed[0].error as { code: string; message: string };
    assert.equal(error.code, "tiktok_reauth_required");
    assert.match(error.message, /removed the app's access in TikTok/);

    const disconnected = await emitted(
      server,
      me.openId,
      "account.disconnected",
    );
    assert.equal(disconnected.length, 1);
    assert.deepEqual(
      [disconnected[0].open_id, disconnected[0].reason],
      [me.openId, "authorization_removed"],
    );
    await deliverDueWebhooks(server.deps);
    assert.deepEqual(
      hook.got.map((h) => JSON.parse(h.body).type).sort(),
      ["account.disconnected", "job.failed"],
    );

    const page = await visit(jar, `${server.url}/dashboard`);
    const html = await page.text();
    assert.match(html, /data-testid="tiktok-disconnected"/);
    assert.match(html, /Reconnect with TikTok/);
    // Every dashboard page says so, and settings marks the account.
    for (const path of ["/dashboard/calendar", "/dashboard/settings"]) {
      const other = await (await visit(jar, `${server.url}${path}`)).text();
      assert.match(other, /data-testid="tiktok-disconnected"/, path);
    }
    const settings = await (await visit(
      jar,
      `${server.url}/dashboard/settings`,
    )).text();
    assert.match(
      settings,
      /data-testid="account-disconnected">\s*TikTok disconnected: reconnect above</,
    );

    // Signing in again reconnects: flags cleared, posting works.
    const again = await signIn(server, "gone_creator");
    const back = (await getAccount(server.deps, me.openId))!;
    assert.equal(back.tiktokReauthRequired, false);
    assert.equal(back.disconnectedAt, undefined);
    assert.equal(back.disconnectReason, undefined);
    const posted = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "reconnected",
    });
    assert.equal(posted.status, 200, JSON.stringify(posted.body));
    const after = await visit(again.jar, `${server.url}/dashboard`);
    assert.doesNotMatch(await after.text(), /tiktok-disconnected/);
  } finally {
    await hook.close();
    await server.close();
  }
});

Deno.test("a disconnected account gets 401 from creator_info and job creation, even with creator_info cached", async () => {
  const server = await startTestServer({ env: { SANDBOX_WEBHOOKS: "on" } });
  try {
    const me = await posterFor(server, "gone_cached", "monthly");
    // creator_info is now in its 5-minute cache.
    const before = await me.json("GET", "/api/tiktok/creator_info");
    assert.equal(before.status, 200, JSON.stringify(before.body));
    const scheduled = await me.json("POST", "/api/jobs", {
      kind: "tiktok",
      run_at: new Date(server.clock.now() + 3 * 3600_000).toISOString(),
      source_url: await me.uploadVideo(),
      title: "scheduled before the removal",
    });
    assert.equal(scheduled.status, 200, JSON.stringify(scheduled.body));
    await revokeAtTikTok(server, me.openId);
    await eventsApplied(server);
    assert.equal(
      (await server.kv.get(keys.creatorInfo(me.openId))).value,
      null,
      "the disconnect dropped the cached creator_info",
    );

    const info = await assertJsonError(
      await me.call("GET", "/api/tiktok/creator_info"),
      401,
      "tiktok_reauth_required",
    );
    assert.match(String(info.message), /removed the app's access in TikTok/);
    const runAt = new Date(server.clock.now() + 2 * 3600_000).toISOString();
    for (const postMode of ["DIRECT_POST", "MEDIA_UPLOAD"]) {
      await assertJsonError(
        await me.call("POST", "/api/jobs", {
          kind: "tiktok",
          run_at: runAt,
          source_url: await me.uploadVideo(),
          title: `scheduled after the removal ${postMode}`,
          post_mode: postMode,
        }),
        401,
        "tiktok_reauth_required",
      );
    }
    const jobId = String(scheduled.body.job_id);
    await assertJsonError(
      await me.call("PATCH", `/api/jobs/${jobId}`, { title: "changed after" }),
      401,
      "tiktok_reauth_required",
    );
    const jobs = await me.json("GET", "/api/jobs");
    assert.equal(
      (jobs.body.jobs as unknown[]).length,
      1,
      "no job was scheduled after the removal",
    );
  } finally {
    await server.close();
  }
});

Deno.test("a disconnected account is told to reconnect before any other problem, and its source is not downloaded", async () => {
  const server = await startTestServer({ env: { SANDBOX_WEBHOOKS: "on" } });
  const source = await startSourceServer();
  try {
    const me = await posterFor(server, "gone_first", "monthly");
    await verifySource(me, source);
    await revokeAtTikTok(server, me.openId);
    await eventsApplied(server);
    const hitsBefore = source.hits.length;
    // Each body also breaks a rule checked later: a link in the caption, a
    // draft field, a domain never verified, a verified source.
    for (
      const body of [
        { source_url: await me.uploadVideo(), title: "see https://x.example" },
        {
          source_url: await me.uploadVideo(),
          title: "draft",
          post_mode: "MEDIA_UPLOAD",
          privacy: "SELF_ONLY",
        },
        { source_url: "https://unverified.example/v.mp4", title: "elsewhere" },
        { source_url: `${source.origin}/portrait.mp4`, title: "my host" },
      ]
    ) {
      await assertJsonError(
        await me.call("POST", "/api/tiktok/direct_post", body),
        401,
        "tiktok_reauth_required",
      );
    }
    assert.equal(
      source.hits.length,
      hitsBefore,
      "nothing was downloaded for a post that cannot be made",
    );
  } finally {
    await source.close();
    await server.close();
  }
});

Deno.test("a disconnected account's in-flight post is polled to its deadline, fails publish_timeout, then is checked hourly for 72 hours", async () => {
  const server = await startTestServer({
    env: { SANDBOX_WEBHOOKS: "on", PUBLISH_DEADLINE_HOURS: "2" },
  });
  try {
    const me = await posterFor(server, "gone_inflight");
    const res = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "in flight at the removal",
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    await revokeAtTikTok(server, me.openId);
    await eventsApplied(server);
    const status = async () =>
      (await me.json("POST", "/api/tiktok/status", {
        publish_id: res.body.publish_id,
      })).body;
    // Checks go on (each refused locally: no token), the post stays pending.
    server.clock.advance(60_000);
    assert.equal(await followDuePublishes(server.deps), 1);
    assert.equal((await status()).state, "pending");
    server.clock.advance(2 * 3600_000);
    await followDuePublishes(server.deps);
    const timedOut = await status();
    assert.deepEqual(
      [timedOut.state, timedOut.fail_reason],
      ["failed", "publish_timeout"],
    );
    // Then hourly until 72 hours after the deadline, and never again.
    let checks = 0;
    for (let h = 0; h < 74; h++) {
      server.clock.advance(3600_000);
      checks += await followDuePublishes(server.deps);
    }
    assert.ok(checks >= 71 && checks <= 72, `hourly checks: ${checks}`);
    assert.equal(await followAMinuteLater(server), 0);
  } finally {
    await server.close();
  }
});
