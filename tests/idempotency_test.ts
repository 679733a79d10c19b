/** Idempotency-Key on direct_post: retries of n8n or Make never post twice. */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { keys, listTyped } from "../lib/kv_keys.ts";

function postWithKey(url: string, apiKey: string, idem: string, body: unknown) {
  return fetch(`${url}/api/tiktok/direct_post`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${apiKey}`,
      "Content-Type": "application/json",
      "Idempotency-Key": idem,
    },
    body: JSON.stringify(body),
  });
}

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
    assert.equal((await other.json()).error, "idempotency_conflict");

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
