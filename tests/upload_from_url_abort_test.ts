/**
 * A copy from a link given up by its client (docs/media.md#uploads-from-a-url):
 * the dashboard's Cancel, or any client aborting `POST /api/uploads/from_url`
 * mid-copy, stops the copy at once: the source is no longer read, the
 * account's ingest slot is given back, and nothing is kept (no upload
 * record, no object, not even a partial one, no upload counted).
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { apiClientFor } from "./_helpers/api_client.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import { localTmpFiles } from "./_helpers/local_tmp_files.ts";
import { waitUntil } from "./_helpers/wait_until.ts";
import { storedObjects } from "./_helpers/stored_objects.ts";
import { getTyped, keys, listTyped } from "../lib/kv_keys.ts";
import { uploadsCounted } from "./_helpers/upload_day_count.ts";
import { INGEST_LIMITS } from "../lib/media/ingest_limits.ts";

Deno.test("a client aborting POST /api/uploads/from_url mid-copy stops the copy at once and leaves nothing, its ingest slot given back", async () => {
  // The default limits: the source is fast enough, and the deadline
  // (minutes) is far, so only the client going away can end the copy.
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const client = await apiClientFor(server, "gives_up", "free");
    const gone = new AbortController();
    const answer = fetch(`${server.url}/api/uploads/from_url`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${client.key}`,
        "Content-Type": "application/json",
      },
      // Endless, 1.3 MB/s: a big file being copied.
      body: JSON.stringify({ url: `${source.origin}/paced.mp4` }),
      signal: gone.signal,
    });
    await waitUntil(
      "the copy is under way, its slot taken",
      async () =>
        source.openBodies() === 1 &&
        (await getTyped(server.kv, keys.ingestSlots(client.openId))).value !==
          null &&
        (await listTyped(server.kv, keys.uploadsByAccountPrefix(client.openId)))
            .length === 1,
    );
    gone.abort();
    await assert.rejects(answer);

    const abortedAt = performance.now();
    await waitUntil(
      "the source no longer read, the slot given back",
      async () =>
        source.openBodies() === 0 &&
        (await getTyped(server.kv, keys.ingestSlots(client.openId))).value ===
          null,
      3_000,
    );
    const took = performance.now() - abortedAt;
    assert.ok(
      took < INGEST_LIMITS.graceMs,
      `stopped ${Math.round(took)} ms after the client left`,
    );
    await waitUntil(
      "nothing kept",
      async () =>
        (await listTyped(server.kv, keys.uploadsByAccountPrefix(client.openId)))
            .length === 0 &&
        (await listTyped(server.kv, keys.mediaExpiryPrefix())).length === 0 &&
        (await localTmpFiles(server, client.openId)).length === 0 &&
        (await storedObjects(server)).length === 0,
      3_000,
    );
    assert.equal(
      await uploadsCounted(server, client.openId),
      0,
      "no upload counted",
    );
    assert.equal(source.hits.filter((p) => p === "/paced.mp4").length, 1);
  } finally {
    await source.close();
    await server.close();
  }
});

Deno.test("a client that sent an Idempotency-Key and went away leaves the copy running, and its retry gets the upload", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const client = await apiClientFor(server, "comes_back", "free");
    const send = (signal?: AbortSignal) =>
      fetch(`${server.url}/api/uploads/from_url`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${client.key}`,
          "Content-Type": "application/json",
          "Idempotency-Key": "copy-once",
        },
        body: JSON.stringify({ url: `${source.origin}/held.mp4` }),
        signal,
      });
    source.holding = true;
    const gone = new AbortController();
    const first = send(gone.signal);
    await waitUntil(
      "the copy is under way",
      async () =>
        source.openBodies() === 1 &&
        (await getTyped(server.kv, keys.ingestSlots(client.openId))).value !==
          null,
    );
    gone.abort();
    await assert.rejects(first);
    // Longer than the aborted copy above took to stop.
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(source.openBodies(), 1, "the source is still read");
    source.holding = false;
    await waitUntil(
      "the copy done, its slot given back",
      async () =>
        (await getTyped(server.kv, keys.ingestSlots(client.openId))).value ===
          null,
    );
    const retried = await send();
    const body = await retried.json();
    assert.equal(retried.status, 200, JSON.stringify(body));
    assert.equal(retried.headers.get("idempotent-replayed"), "true");
    assert.equal(
      (await listTyped(server.kv, keys.uploadsByAccountPrefix(client.openId)))
        .length,
      1,
      "one upload",
    );
    assert.equal(source.hits.filter((p) => p === "/held.mp4").length, 1);
  } finally {
    await source.close();
    await server.close();
  }
});
