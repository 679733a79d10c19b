/**
 * `Idempotency-Key` on `POST /api/uploads` (docs/posting.md#idempotency):
 * a presigned upload's start (a JSON body) takes it as the other routes
 * that make media do; a file sent in the body is refused with it, since a
 * streamed body is not kept to compare, so a client is told rather than
 * left to believe its retry is safe.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { apiClientFor, fixture } from "./_helpers/api_client.ts";
import { postWithKey } from "./_helpers/idempotent_request.ts";
import { limitsOf } from "./_helpers/posting_setup.ts";
import type { ApiClient } from "./_helpers/api_client.ts";
import { keys, listTyped } from "../lib/kv_keys.ts";

/** What GET /api/limits says is left of the day's uploads. */
const uploadsLeft = async (client: ApiClient) =>
  Number((await limitsOf(client)).uploads_left_today);

Deno.test("a presigned upload's start retried with its Idempotency-Key answers the first upload_id, one upload started", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "start_key", "free");
    const body = {
      filename: "clip.mp4",
      content_type: "video/mp4",
      size: 41_000,
    };
    const start = (key: string, b: unknown = body) =>
      postWithKey(server.url, client.key, key, b, "/api/uploads");
    const first = await start("start-1");
    const firstBody = await first.json();
    assert.equal(first.status, 200, JSON.stringify(firstBody));
    const again = await start("start-1");
    assert.equal(again.headers.get("idempotent-replayed"), "true");
    assert.deepEqual(await again.json(), firstBody);
    assert.equal(
      (await listTyped(server.kv, keys.uploadsByAccountPrefix(client.openId)))
        .length,
      1,
      "one upload started",
    );
    // Another file under the same key is another request.
    const other = await start("start-1", { ...body, filename: "other.mp4" });
    assert.equal(other.status, 409);
    assert.equal((await other.json()).error, "idempotency_conflict");
  } finally {
    await server.close();
  }
});

Deno.test("a file sent in the body of POST /api/uploads with an Idempotency-Key is refused before anything is stored or counted", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "raw_key", "free");
    const left = await uploadsLeft(client);
    const bytes = await fixture("portrait.mp4");
    const res = await fetch(`${server.url}/api/uploads?filename=clip.mp4`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${client.key}`,
        "Content-Type": "video/mp4",
        "Idempotency-Key": "raw-1",
      },
      body: bytes,
    });
    const body = await res.json();
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(body.error, "bad_request");
    assert.match(body.message, /Idempotency-Key/);
    assert.match(body.message, /from_url|presigned/);
    assert.equal(await uploadsLeft(client), left);
    const listed = await client.json("GET", "/api/uploads");
    assert.deepEqual(listed.body.uploads, []);
  } finally {
    await server.close();
  }
});
