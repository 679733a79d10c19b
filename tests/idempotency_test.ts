/** Idempotency-Key on direct_post: retries of n8n or Make never post twice. */
import assert from "node:assert/strict";
import { postWithKey } from "./_helpers/idempotent_request.ts";
import { waitUntil } from "./_helpers/wait_until.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import {
  initsAtTikTok,
  posterFor,
  SHORT_TIKTOK_TIMEOUT,
  verifySource,
} from "./_helpers/posting_setup.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import { keys, listTyped } from "../lib/kv_keys.ts";
import { withIdempotency } from "../lib/posting/idempotency.ts";
import { systemClock } from "../lib/clock.ts";
import type { StoredAnswer } from "../lib/posting/idempotency.ts";
import { postMaxDurationMs } from "../lib/posting/post_duration.ts";
import { eventsApplied, revokeAtTikTok } from "./_helpers/tiktok_events.ts";
import { signIn } from "./_helpers/sandbox_sign_in.ts";

Deno.test("the same key and body returns the first answer without posting again", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "idem_user");
    const body = { source_url: await me.uploadVideo(), title: "once only" };
    const first = await postWithKey(server.url, me.key, "run-42", body);
    const firstBody = await first.json();
    assert.equal(first.status, 200);
    const again = await postWithKey(server.url, me.key, "run-42", body);
    assert.equal(again.status, 200);
    assert.equal(again.headers.get("idempotent-replayed"), "true");
    assert.deepEqual(await again.json(), firstBody);
    assert.equal(
      (await listTyped(server.kv, keys.postsByAccountPrefix(me.openId))).length,
      1,
    );

    const other = await postWithKey(server.url, me.key, "run-42", {
      ...body,
      title: "something else",
    });
    assert.equal(other.status, 409);
    // A body fixed after a refusal meets this: the answer says what to do.
    assert.deepEqual(await other.json(), {
      ok: false,
      error: "idempotency_conflict",
      message:
        "This Idempotency-Key was already used with a different request body: send that first body again to get its answer, or use a new key for this request (one key per post).",
    });

    // After 24 hours the key is forgotten (and the same video is then a duplicate).
    server.clock.advance(24 * 3600_000 + 1);
    const late = await postWithKey(server.url, me.key, "run-42", body);
    assert.notEqual(late.headers.get("idempotent-replayed"), "true");
    await late.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("concurrent retries with one key post once and all get the same answer", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "idem_race");
    const body = {
      source_url: await me.uploadVideo(),
      title: "racing retries",
    };
    const answers = await Promise.all(
      Array.from(
        { length: 10 },
        () =>
          postWithKey(server.url, me.key, "same-key", body).then((r) =>
            r.json()
          ),
      ),
    );
    const ids = new Set(answers.map((a) => a.publish_id));
    assert.equal(ids.size, 1, JSON.stringify(answers));
    assert.ok(answers.every((a) => a.ok === true));
    assert.equal(
      (await listTyped(server.kv, keys.postsByAccountPrefix(me.openId))).length,
      1,
    );
  } finally {
    await server.close();
  }
});

Deno.test("an error answer is replayed too, and a bad key is refused", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "idem_errors");
    const body = {
      source_url: await me.uploadVideo(),
      title: "visit www.x.com",
    };
    const a = await (await postWithKey(server.url, me.key, "k1", body)).json();
    assert.equal(a.error, "links_forbidden");
    const b = await postWithKey(server.url, me.key, "k1", body);
    assert.equal(b.headers.get("idempotent-replayed"), "true");
    assert.deepEqual(await b.json(), a);
    const bad = await postWithKey(server.url, me.key, "x".repeat(300), body);
    assert.equal(bad.status, 400);
    await bad.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("an unknown outcome under an Idempotency-Key is replayed, not turned into a duplicate by the retry", async () => {
  const server = await startTestServer({ env: SHORT_TIKTOK_TIMEOUT });
  try {
    const me = await posterFor(server, "idem_unknown");
    await me.sandbox({ faults: [{ fault: "timeout" }] });
    const body = {
      source_url: await me.uploadVideo(),
      title: "no answer",
      privacy: "SELF_ONLY",
    };
    const first = await postWithKey(server.url, me.key, "n8n-9", body);
    assert.equal(first.status, 502);
    const firstBody = await first.json();
    assert.equal(firstBody.outcome, "unknown");
    // n8n's Retry On Fail: the same key gets the same answer, not the
    // video_duplicate its own reservation would give a new request.
    const retry = await postWithKey(server.url, me.key, "n8n-9", body);
    assert.equal(retry.status, 502);
    assert.equal(retry.headers.get("idempotent-replayed"), "true");
    assert.deepEqual(await retry.json(), firstBody);
  } finally {
    await server.close();
  }
});

Deno.test("a 429 under an Idempotency-Key carries Retry-After and is not replayed: the same key posts once the wait is over", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "idem_wait");
    const first = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "the hour's post",
    });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const body = { source_url: await me.uploadVideo(), title: "the next one" };
    const early = await postWithKey(server.url, me.key, "n8n-7", body);
    assert.equal(early.status, 429);
    assert.equal((await early.json()).error, "interval_limit");
    assert.ok(Number(early.headers.get("retry-after")) > 0, "Retry-After");

    server.clock.advance(61 * 60_000);
    const later = await postWithKey(server.url, me.key, "n8n-7", body);
    const laterBody = await later.json();
    assert.equal(later.status, 200, JSON.stringify(laterBody));
    assert.equal(later.headers.get("idempotent-replayed"), null);
    const replay = await postWithKey(server.url, me.key, "n8n-7", body);
    assert.equal(replay.headers.get("idempotent-replayed"), "true");
    assert.deepEqual(await replay.json(), laterBody);
  } finally {
    await server.close();
  }
});

Deno.test("a refusal to reconnect TikTok is not kept under the key: the same key and body post once the creator has reconnected", async () => {
  const server = await startTestServer({ env: { SANDBOX_WEBHOOKS: "on" } });
  try {
    const me = await posterFor(server, "idem_reconnect");
    const body = {
      source_url: await me.uploadVideo(),
      title: "posted after reconnecting",
    };
    await revokeAtTikTok(server, me.openId);
    await eventsApplied(server);
    const refused = await postWithKey(server.url, me.key, "n8n-9", body);
    assert.equal(refused.status, 401);
    assert.equal((await refused.json()).error, "tiktok_reauth_required");

    await signIn(server, "idem_reconnect");
    const after = await postWithKey(server.url, me.key, "n8n-9", body);
    const afterBody = await after.json();
    assert.equal(after.status, 200, JSON.stringify(afterBody));
    assert.equal(after.headers.get("idempotent-replayed"), null);
    const replay = await postWithKey(server.url, me.key, "n8n-9", body);
    assert.equal(replay.headers.get("idempotent-replayed"), "true");
    assert.deepEqual(await replay.json(), afterBody);
  } finally {
    await server.close();
  }
});

Deno.test("a post from a verified domain whose file answered a sign-in page is not kept under the key: once the file is shared, the same key and body post", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const me = await posterFor(server, "idem_shared_later");
    await verifySource(me, source);
    const body = {
      source_url: `${source.origin}/shared-later.mp4`,
      title: "posted once the file is shared",
    };
    const refused = await postWithKey(server.url, me.key, "row-7", body);
    const refusal = await refused.json();
    assert.equal(refused.status, 400, JSON.stringify(refusal));
    assert.equal(refusal.error, "unsupported_file_type");

    source.privateShared = true;
    const after = await postWithKey(server.url, me.key, "row-7", body);
    const afterBody = await after.json();
    assert.equal(after.status, 200, JSON.stringify(afterBody));
    assert.equal(after.headers.get("idempotent-replayed"), null);
    const replay = await postWithKey(server.url, me.key, "row-7", body);
    assert.equal(replay.headers.get("idempotent-replayed"), "true");
    assert.deepEqual(await replay.json(), afterBody);
    assert.equal(await initsAtTikTok(server, me), 1);
  } finally {
    await source.close();
    await server.close();
  }
});

Deno.test("a key left in progress by a request that died is taken over once its deadline has passed, and the dead request cannot overwrite it", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "idem_dead");
    const body = { source_url: await me.uploadVideo(), title: "taken over" };
    const raw = JSON.stringify(body);
    // A request that claimed the key and hangs (its process is as good as dead).
    let release!: (answer: StoredAnswer) => void;
    const hung = withIdempotency(
      server.deps,
      {
        openId: me.openId,
        key: "zap-1",
        route: "POST /api/tiktok/direct_post",
        body: raw,
        maxRunMs: postMaxDurationMs(server.deps),
      },
      () => new Promise<StoredAnswer>((r) => release = r),
    );
    await waitUntil(
      "the hung request's claim",
      async () =>
        (await server.kv.get(keys.idempotency(me.openId, "zap-1"))).value !==
          null,
    );
    server.clock.advance(postMaxDurationMs(server.deps));
    const retry = await postWithKey(server.url, me.key, "zap-1", body);
    const retryBody = await retry.json();
    assert.equal(retry.status, 200, JSON.stringify(retryBody));

    release({ status: 400, body: { ok: false, error: "stale" } });
    await hung;
    const replay = await postWithKey(server.url, me.key, "zap-1", body);
    assert.equal(replay.headers.get("idempotent-replayed"), "true");
    assert.deepEqual(await replay.json(), retryBody);
  } finally {
    await server.close();
  }
});

Deno.test("a body sent with the wrong Content-Type does not take the key: the same key and body sent as JSON post", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "idem_content_type");
    const body = JSON.stringify({
      source_url: await me.uploadVideo(),
      title: "sent as text first",
      privacy: "SELF_ONLY",
    });
    const send = (type: string) =>
      fetch(`${server.url}/api/tiktok/direct_post`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${me.key}`,
          "Content-Type": type,
          "Idempotency-Key": "ct-1",
        },
        body,
      });
    // Refused for its header, as one in another charset is: nothing of the
    // request was read, so there is no answer to keep under the key.
    for (const type of ["text/plain", "application/json; charset=latin1"]) {
      const refused = await send(type);
      assert.equal(refused.status, 415, type);
      assert.equal(refused.headers.get("idempotent-replayed"), null, type);
      assert.equal((await refused.json()).error, "unsupported_media_type");
    }
    assert.equal(
      (await server.kv.get(keys.idempotency(me.openId, "ct-1"))).value,
      null,
    );
    const posted = await send("application/json");
    assert.equal(posted.headers.get("idempotent-replayed"), null);
    const answer = await posted.json();
    assert.equal(posted.status, 200, JSON.stringify(answer));
    assert.equal(answer.ok, true);
  } finally {
    await server.close();
  }
});

Deno.test("a refusal naming thousands of unknown fields answers its first issues, is kept under its Idempotency-Key and replayed", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "idem_huge_refusal");
    // A template gone wrong: thousands of fields, each refused by name.
    // The answer lists the first ones (docs/api.md#errors), small enough
    // to keep, so the retry is its replay.
    const body = Object.fromEntries(
      Array.from({ length: 6000 }, (_, i) => [`f${i}`, 1]),
    );
    for (const path of ["/api/tiktok/direct_post", "/api/jobs"]) {
      const first = await postWithKey(server.url, me.key, path, body, path);
      assert.equal(first.status, 400);
      const refusal = await first.json();
      assert.equal(refusal.error, "bad_request");
      assert.ok(refusal.issues.length <= 21, String(refusal.issues.length));
      const again = await postWithKey(server.url, me.key, path, body, path);
      assert.equal(again.status, 400);
      assert.equal(again.headers.get("idempotent-replayed"), "true");
      assert.deepEqual(await again.json(), refusal);
    }
  } finally {
    await server.close();
  }
});

Deno.test("an answer too large for a KV value is given, and its Idempotency-Key freed for the retry", async () => {
  // No request makes such an answer since refusals list at most 20
  // issues; the key must still not stay claimed if one ever does.
  const kv = await Deno.openKv(":memory:");
  try {
    const deps = { kv, clock: systemClock };
    const scope = (body: string) => ({
      openId: "huge_answer",
      key: "template-1",
      route: "POST /api/tiktok/direct_post",
      body,
      maxRunMs: 60_000,
    });
    const huge: StoredAnswer = {
      status: 400,
      body: { ok: false, error: "bad_request", message: "x".repeat(70_000) },
    };
    const first = await withIdempotency(
      deps,
      scope("{}"),
      () => Promise.resolve(huge),
    );
    assert.equal(first.replayed, false);
    assert.equal(first.body.message, huge.body.message);
    assert.equal(
      (await kv.get(keys.idempotency("huge_answer", "template-1"))).value,
      null,
      "the key is not left claimed",
    );
    // The key is free: the same key with another body runs, no conflict.
    const fixed = await withIdempotency(
      deps,
      scope('{"title":"fixed"}'),
      () => Promise.resolve({ status: 200, body: { ok: true } }),
    );
    assert.deepEqual([fixed.status, fixed.replayed], [200, false]);
  } finally {
    kv.close();
  }
});

Deno.test("POST /api/albums retried with its Idempotency-Key answers the first album, with or without a body, and counts one upload", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "idem_album");
    const left = async () =>
      Number((await me.json("GET", "/api/limits")).body.uploads_left_today);
    const before = await left();
    const send = (headers: Record<string, string>, body?: string) =>
      fetch(`${server.url}/api/albums`, {
        method: "POST",
        headers: { Authorization: `Bearer ${me.key}`, ...headers },
        body,
      });
    const first = await send({ "Idempotency-Key": "album-a" });
    assert.equal(first.status, 200);
    assert.equal(first.headers.get("idempotent-replayed"), null);
    const made = await first.json();
    // The retry as another client sends it: `{}` as JSON is no body too.
    const again = await send({
      "Idempotency-Key": "album-a",
      "Content-Type": "application/json",
    }, "{}");
    assert.equal(again.status, 200);
    assert.equal(again.headers.get("idempotent-replayed"), "true");
    assert.deepEqual(await again.json(), made);
    assert.equal(await left(), before - 1);
    const albums = await listTyped(
      server.kv,
      keys.albumsByAccountPrefix(me.openId),
    );
    assert.equal(albums.length, 1);
    // A body with fields is refused before the key is claimed.
    const refused = await send({
      "Idempotency-Key": "album-b",
      "Content-Type": "application/json",
    }, '{"title":"x"}');
    assert.equal(refused.status, 400);
    await refused.body?.cancel();
    const fresh = await send({ "Idempotency-Key": "album-b" });
    assert.equal(fresh.status, 200);
    assert.notEqual((await fresh.json()).album_id, made.album_id);
    // The key of another route is a conflict, not its answer.
    const conflict = await postWithKey(
      server.url,
      me.key,
      "album-a",
      { url: "https://example.com/a.mp4" },
      "/api/uploads/from_url",
    );
    assert.equal(conflict.status, 409);
    assert.equal((await conflict.json()).error, "idempotency_conflict");
  } finally {
    await server.close();
  }
});
