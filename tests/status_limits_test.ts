/** /api/tiktok/status limits through a whole hour, on the injectable clock. */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { assertJsonError, assertJsonOk } from "./_helpers/http_asserts.ts";
import { listTyped } from "../lib/kv_keys.ts";
import { sandboxKeys } from "../sandbox/tiktok/sandbox_keys.ts";

const MIN = 60_000;

Deno.test("status limits: 20 a minute, 40 an hour, cooldown until the next post, then hourly_limit_status", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "status_poller");
    const t0 = server.clock.now();
    const first = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "first",
    });
    const poll = () =>
      me.call("POST", "/api/tiktok/status", {
        publish_id: first.body.publish_id,
      });

    // The hour window starts with the first status call, at t0 + 30 min.
    server.clock.set(t0 + 30 * MIN);
    for (let i = 0; i < 20; i++) await assertJsonOk(await poll());
    const limitedRes = await poll();
    // The minute window started at t0 + 30 min: retry in 60 s.
    assert.equal(limitedRes.headers.get("retry-after"), "60");
    const limited = await assertJsonError(
      limitedRes,
      429,
      "rate_limit_status",
    );
    assert.equal(
      limited.message,
      "Too many /status calls for this account, please slow down.",
    );
    assert.equal(limited.retry_after, new Date(t0 + 31 * MIN).toISOString());

    server.clock.set(t0 + 31 * MIN);
    for (let i = 0; i < 20; i++) await assertJsonOk(await poll());
    server.clock.set(t0 + 32 * MIN);
    const cooled = await assertJsonError(await poll(), 429, "status_cooldown");
    assert.deepEqual(
      { message: cooled.message, cooldown: cooled.cooldown },
      { message: "Cooldown until next post.", cooldown: "until_next_post" },
    );
    // The cooldown lasts until a post, not until the window ends.
    server.clock.set(t0 + 59 * MIN);
    await assertJsonError(await poll(), 429, "status_cooldown");

    // One hour after the first post, a second post succeeds: polling unlocks,
    // but the hour window (until t0 + 90 min) is still over its cap.
    server.clock.set(t0 + 60 * MIN);
    const second = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo("b.mp4"),
      title: "second",
    });
    assert.equal(second.status, 200, JSON.stringify(second.body));
    server.clock.set(t0 + 61 * MIN);
    const hourly = await assertJsonError(
      await poll(),
      429,
      "hourly_limit_status",
    );
    const reset = new Date(t0 + 90 * MIN).toISOString();
    assert.equal(hourly.retry_after, reset);
    assert.equal(hourly.resetAt, reset);
    assert.equal(
      hourly.message,
      `Hourly /status limit for this account reached; it resets at ${reset}.`,
    );

    // A new window: polling works again.
    server.clock.set(t0 + 90 * MIN);
    const ok = await assertJsonOk(await poll());
    assert.equal(ok.state, "pending");
  } finally {
    await server.close();
  }
});

Deno.test("the service follows publishes itself: /status never calls TikTok", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "status_from_kv");
    const r = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "kv only",
    });
    for (let i = 0; i < 15; i++) {
      await assertJsonOk(
        await me.call("POST", "/api/tiktok/status", {
          publish_id: r.body.publish_id,
        }),
      );
    }
    // The sandbox counts status/fetch calls per token and minute: none were made.
    let statusCalls = 0;
    for (
      const e of await listTyped(server.kv, sandboxKeys.rateWindowsPrefix())
    ) {
      if (e.key[2] === "status") statusCalls += Number(e.value.value);
    }
    assert.equal(statusCalls, 0);
  } finally {
    await server.close();
  }
});
