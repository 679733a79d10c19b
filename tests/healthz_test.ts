/** GET /healthz checks KV and storage, and says which one fails. */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { startS3rver } from "./_helpers/s3rver_harness.ts";
import { JSON_TYPE } from "./_helpers/http_asserts.ts";
import { freePort } from "./_helpers/server_process.ts";
import { TEST_SECRET_KEY } from "./_helpers/test_server.ts";

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

Deno.test("a server started while its bucket does not answer says so in its log at once and starts anyway", async () => {
  const s3 = await startS3rver();
  // The bucket's address, with nothing listening there any more.
  await s3.close();
  const dataDir = await Deno.makeTempDir({ prefix: "pm3k-storage-down-" });
  const port = freePort();
  // Not startServerProcess: it waits for a 200 from /healthz, which a
  // server without its bucket rightly does not give.
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    cwd: new URL("..", import.meta.url).pathname,
    env: {
      ...s3.env,
      DATA_DIR: dataDir,
      SECRET_KEY: TEST_SECRET_KEY,
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    },
    stdout: "piped",
    stderr: "null",
  }).spawn();
  try {
    let logged = "";
    let warning: Record<string, unknown> | null = null;
    for await (
      const text of child.stdout.pipeThrough(new TextDecoderStream())
    ) {
      logged += text;
      // Whole lines only: the last one may still be arriving.
      const line = logged.split("\n").slice(0, -1).find((l) =>
        l.includes("is not answering at start")
      );
      if (line) {
        warning = JSON.parse(line);
        break;
      }
    }
    assert.ok(warning, "the start-up warning");
    assert.equal(warning.level, "warn");
    assert.match(
      String(warning.message),
      /^storage \(s3\) is not answering at start: .*deno task storage-check/,
    );
    // Started anyway: it answers, naming what is down.
    const down = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(down.status, 503);
    assert.equal((await down.json()).message, "Storage is not answering.");
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await child.stdout.cancel().catch(() => {});
    await Deno.remove(dataDir, { recursive: true });
  }
});
