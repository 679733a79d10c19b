/** GET /healthz checks KV and storage, and says which one fails. */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { startS3rver } from "./_helpers/s3rver_harness.ts";
import { JSON_TYPE } from "./_helpers/http_asserts.ts";

Deno.test("healthz answers 200 when KV and storage answer, 503 naming storage when it does not", async () => {
  const s3 = await startS3rver();
  const server = await startTestServer({ env: s3.env });
  let s3Open = true;
  try {
    const ok = await fetch(`${server.url}/healthz`);
    assert.equal(ok.headers.get("content-type"), JSON_TYPE);
    const body = await ok.json();
    assert.equal(ok.status, 200);
    assert.equal(body.kv.ok, true);
    assert.deepEqual({ kind: body.storage.kind, ok: body.storage.ok }, {
      kind: "s3",
      ok: true,
    });
    await s3.close();
    s3Open = false;
    const down = await fetch(`${server.url}/healthz`);
    const downBody = await down.json();
    assert.equal(down.status, 503);
    assert.equal(downBody.ok, false);
    assert.equal(downBody.storage.ok, false);
    assert.equal(downBody.message, "Storage is not answering.");
  } finally {
    await server.close();
    if (s3Open) await s3.close();
  }
});
