/**
 * A completion whose lease lapsed never undoes another's work
 * (docs/media.md#uploads): a second completion that took the upload once
 * the first's hold lapsed, and then finds its object renamed away by the
 * first (which went on and completed it), answers the completed upload. It
 * does not discard it: the record stays complete and its object served.
 * Over HTTP, on the local disk, with the test server's clock.
 */
import assert from "node:assert/strict";
import { fixture, stagedUpload } from "./_helpers/api_client.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";
import { COMPLETION_LEASE_MS } from "../lib/media/pending_upload_guard.ts";
import type { MoveOptions } from "../lib/storage/object_storage.ts";

Deno.test("a completion that took an upload after the first's lease lapsed answers the upload the first completed, and keeps it", async () => {
  const server = await startTestServer();
  const storage = server.deps.storage;
  try {
    const me = await posterFor(server, "lapsed_lease");
    const webm = await fixture("portrait.webm");
    // Declared MOV: completion renames it to the key ending .webm.
    const started = await stagedUpload(
      me,
      webm,
      "clip.mov",
      "video/quicktime",
    );
    const id = String(started.body.upload_id);
    const path = `/api/uploads/${id}/complete`;
    let renames = 0;
    let letFirstRename!: () => void;
    const firstMayRename = new Promise<void>((r) => letFirstRename = r);
    // The first completion's answer, once asked.
    const pending: { first?: Promise<unknown> } = {};
    // The same storage, whose renames for the bytes' type (a move with a
    // Content-Type) are ordered: the first completion's waits, past its
    // lease, until the second has read the object under its old key; the
    // second's goes once the first completed.
    server.deps.storage = new Proxy(storage, {
      get(target, name) {
        const value = Reflect.get(target, name);
        if (name === "move") {
          return async (from: string, to: string, options?: MoveOptions) => {
            if (options?.contentType && renames++ === 0) {
              await firstMayRename;
            } else if (options?.contentType) {
              letFirstRename();
              await pending.first;
            }
            return await target.move(from, to, options);
          };
        }
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const firstAnswer = me.json("POST", path);
    pending.first = firstAnswer;
    // The first holds the upload and waits at its rename.
    while (renames === 0) await new Promise((r) => setTimeout(r, 10));
    server.clock.advance(COMPLETION_LEASE_MS + 1);
    const second = await me.json("POST", path);
    const first = await firstAnswer;
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(second.status, 200, JSON.stringify(second.body));
    assert.equal(second.body.url, first.body.url);
    assert.ok(String(first.body.url).endsWith(`/${id}.webm`));
    const record = (await getTyped(server.kv, keys.upload(id))).value;
    assert.equal(record?.state, "complete", "the upload stays complete");
    const res = await fetch(String(first.body.url));
    assert.equal(res.status, 200, "its object stays");
    assert.deepEqual(new Uint8Array(await res.arrayBuffer()), webm);
  } finally {
    server.deps.storage = storage;
    await server.close();
  }
});
