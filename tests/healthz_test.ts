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
    assert.equal(downBody.error, "storage_unavailable");
    // The failure's own text (the bucket's address) stays in the log: the
    // health check answers anyone.
    assert.deepEqual(downBody.storage, { kind: "s3", ok: false });
    assert.doesNotMatch(JSON.stringify(downBody), /127\.0\.0\.1|localhost/);
    assert.ok(
      server.logs.some((l) =>
        l.level === "warn" &&
        /^health check: storage is not answering: ./.test(String(l.message))
      ),
      "the storage failure in the log",
    );
  } finally {
    await server.close();
    if (s3Open) await s3.close();
  }
});

Deno.test("healthz answers 503 kv_unavailable when KV fails, its error in the log only", async () => {
  let failing = false;
  const server = await startTestServer({
    // A real KV whose reads fail on demand, as a lost KV Connect link would.
    wrapKv: (kv) =>
      new Proxy(kv, {
        get(target, prop) {
          if (prop === "get") {
            return (
              key: Deno.KvKey,
              options?: { consistency?: Deno.KvConsistencyLevel },
            ) => {
              if (failing) {
                return Promise.reject(
                  new Error("kv connect: /srv/kv.sock unreachable"),
                );
              }
              return target.get(key, options);
            };
          }
          const value = Reflect.get(target, prop, target);
          return typeof value === "function" ? value.bind(target) : value;
        },
      }),
  });
  try {
    const up = await fetch(`${server.url}/healthz`);
    assert.deepEqual([up.status, (await up.json()).kv.ok], [200, true]);
    failing = true;
    const down = await fetch(`${server.url}/healthz`);
    const body = await down.json();
    failing = false;
    assert.equal(down.status, 503);
    assert.deepEqual(
      { ok: body.ok, error: body.error, message: body.message, kv: body.kv },
      {
        ok: false,
        error: "kv_unavailable",
        message: "KV is not answering.",
        kv: { ok: false },
      },
    );
    assert.doesNotMatch(JSON.stringify(body), /kv\.sock/);
    assert.ok(
      server.logs.some((l) =>
        /^health check: KV is not answering: kv connect: \/srv\/kv\.sock unreachable$/
          .test(String(l.message))
      ),
      "the KV failure in the log",
    );
  } finally {
    await server.close();
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
