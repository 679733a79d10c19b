/**
 * /api/tiktok/status decides from the process's entry cache and commits
 * with checks on every entry it relied on: a revoked or expired key, a
 * changed publish, or another instance's calls are never missed.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { posterFor, postFreshVideo } from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { issueKeyFromDashboard, signIn } from "./_helpers/sandbox_sign_in.ts";
import { assertJsonError, assertJsonOk } from "./_helpers/http_asserts.ts";
import { ManualClock } from "../lib/clock.ts";
import { PLANS } from "../lib/plans.ts";

const DAY = 24 * 3600_000;

function statusWith(
  server: TestServer,
  key: string,
  body: unknown,
): Promise<Response> {
  return fetch(`${server.url}/api/tiktok/status`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${key}`,
      "Content-Type": "application/json",
    },
    body: JSON.stringify(body),
  });
}

const postOne = (me: Poster) => postFreshVideo(me, "followed by status");

Deno.test("a key regenerated right after a status call answers 401 on the next one, even with a bad body", async () => {
  const server = await startTestServer();
  try {
    const { jar } = await signIn(server, "status_revoked", "monthly");
    const oldKey = String(
      (await issueKeyFromDashboard(server, jar)).body.api_key,
    );
    const me = await posterFor(server, "status_revoked");
    const publishId = await postOne(me);
    const fresh = me.key;
    // posterFor issued a newer key: the first one is already revoked.
    await assertJsonError(
      await statusWith(server, oldKey, { publish_id: publishId }),
      401,
      "unauthorized",
    );
    // Warm the cache with the live key, then regenerate it.
    await assertJsonOk(
      await statusWith(server, fresh, { publish_id: publishId }),
    );
    const { jar: again } = await signIn(server, "status_revoked", "monthly");
    const newer = String(
      (await issueKeyFromDashboard(server, again)).body.api_key,
    );
    await assertJsonError(
      await statusWith(server, fresh, { publish_id: publishId }),
      401,
      "unauthorized",
    );
    await assertJsonError(
      await statusWith(server, fresh, { publish_id: 12 }),
      401,
      "unauthorized",
    );
    const ok = await assertJsonOk(
      await statusWith(server, newer, { publish_id: publishId }),
    );
    assert.equal(ok.state, "pending");
  } finally {
    await server.close();
  }
});

Deno.test("a key that expires while cached answers key_expired on /status", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "status_expiry", "free");
    const publishId = await postOne(me);
    server.clock.advance(PLANS.free.apiKeyLifetimeDays * DAY - 1000);
    await assertJsonOk(
      await statusWith(server, me.key, { publish_id: publishId }),
    );
    server.clock.advance(1000);
    await assertJsonError(
      await statusWith(server, me.key, { publish_id: publishId }),
      401,
      "key_expired",
    );
  } finally {
    await server.close();
  }
});

Deno.test("someone else's publish_id is a 404 even once the owner's answer is cached", async () => {
  const server = await startTestServer();
  try {
    const owner = await posterFor(server, "status_owner");
    const other = await posterFor(server, "status_other");
    const publishId = await postOne(owner);
    await assertJsonOk(
      await statusWith(server, owner.key, { publish_id: publishId }),
    );
    await assertJsonError(
      await statusWith(server, other.key, { publish_id: publishId }),
      404,
      "not_found",
    );
  } finally {
    await server.close();
  }
});

Deno.test("two instances on one KV share the status limits and see a revocation at once", async () => {
  const dir = await Deno.makeTempDir({ prefix: "pm3k-two-instances-" });
  const clock = new ManualClock(Date.now());
  const env = { KV_PATH: `${dir}/kv.sqlite3` };
  const a = await startTestServer({ env, clock });
  const b = await startTestServer({ env, clock });
  try {
    const me = await posterFor(a, "two_instances");
    const publishId = await postOne(me);
    // Alternate: each instance's cache of the limit state is always stale.
    for (let i = 0; i < 20; i++) {
      await assertJsonOk(
        await statusWith(i % 2 ? b : a, me.key, { publish_id: publishId }),
      );
    }
    for (const server of [a, b]) {
      await assertJsonError(
        await statusWith(server, me.key, { publish_id: publishId }),
        429,
        "rate_limit_status",
      );
    }
    clock.advance(61_000);
    await assertJsonOk(
      await statusWith(b, me.key, { publish_id: publishId }),
    );
    // Regenerated through instance A: instance B refuses the old key.
    const { jar } = await signIn(a, "two_instances", "monthly");
    await issueKeyFromDashboard(a, jar);
    await assertJsonError(
      await statusWith(b, me.key, { publish_id: publishId }),
      401,
      "unauthorized",
    );
  } finally {
    await a.close();
    await b.close();
    await Deno.remove(dir, { recursive: true });
  }
});
