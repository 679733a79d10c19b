/**
 * An Idempotency-Key compares a JSON body as data (docs/posting.md#idempotency):
 * a retry sending the same fields spaced or ordered otherwise is the same
 * request and gets the first answer, on REST as for MCP's arguments (it was
 * 409 `idempotency_conflict` on REST, "a different request body"). Another
 * value is still a conflict, and a body naming a field twice is compared as
 * sent, never as the one value JSON.parse keeps.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { apiClientFor } from "./_helpers/api_client.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";
import { sha256Hex } from "../lib/crypto/hashing.ts";

Deno.test("the same JSON spaced or ordered otherwise is the same request for an Idempotency-Key", async (t) => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "same_data", "free");
    const start = async (key: string, body: string) => {
      const res = await fetch(`${server.url}/api/uploads`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${me.key}`,
          "Content-Type": "application/json",
          "Idempotency-Key": key,
        },
        body,
      });
      return {
        status: res.status,
        replayed: res.headers.get("idempotent-replayed"),
        body: await res.json(),
      };
    };

    await t.step(
      "fields in another order, spaced: the first answer",
      async () => {
        const first = await start(
          "order-1",
          '{"filename":"a.mp4","content_type":"video/mp4","size":1000}',
        );
        assert.equal(first.status, 200, JSON.stringify(first.body));
        const again = await start(
          "order-1",
          '{\n  "size": 1000.0,\n  "content_type": "video/mp4",\n  "filename": "\\u0061.mp4"\n}',
        );
        assert.equal(again.status, 200, JSON.stringify(again.body));
        assert.equal(again.replayed, "true");
        assert.equal(again.body.upload_id, first.body.upload_id);
      },
    );

    await t.step("another value: still a conflict", async () => {
      const other = await start(
        "order-1",
        '{"filename":"a.mp4","content_type":"video/mp4","size":1001}',
      );
      assert.equal(other.status, 409);
      assert.equal(other.body.error, "idempotency_conflict");
    });

    await t.step(
      "a field given twice is compared as sent, not as its last value",
      async () => {
        const twice = await start(
          "twice-1",
          '{"filename":"a.mp4","content_type":"video/mp4","size":1,"size":2000}',
        );
        assert.equal(twice.status, 400);
        const clean = await start(
          "twice-1",
          '{"filename":"a.mp4","content_type":"video/mp4","size":2000}',
        );
        assert.equal(clean.status, 409, JSON.stringify(clean.body));
        assert.equal(clean.body.error, "idempotency_conflict");
      },
    );

    await t.step(
      "a key claimed by the bytes sent (before this rule) still matches them",
      async () => {
        const sent =
          '{ "filename": "b.mp4", "content_type": "video/mp4", "size": 1000 }';
        const first = await start("legacy-1", sent);
        assert.equal(first.status, 200);
        const k = keys.idempotency(me.openId, "legacy-1");
        const entry = await getTyped(server.kv, k);
        await server.kv.set(k, {
          ...entry.value!,
          bodyHash: await sha256Hex(sent),
        });
        const again = await start("legacy-1", sent);
        assert.equal(again.status, 200, JSON.stringify(again.body));
        assert.equal(again.replayed, "true");
        assert.equal(again.body.upload_id, first.body.upload_id);
      },
    );
  } finally {
    await server.close();
  }
});
