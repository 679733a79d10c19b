/**
 * SECRET_KEY is checked against the KV at start
 * (docs/configuration.md#the-secret-key): the first process seals a known text,
 * a process with another key refuses to start (and a real server process
 * says so in one line and exits 1), and two first processes at once agree.
 */
import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../lib/config.ts";
import { openRuntime } from "../lib/runtime/app_runtime.ts";
import { confirmSecretKey } from "../lib/crypto/secret_key_check.ts";
import { deriveTokenKey } from "../lib/crypto/token_cipher.ts";
import manifest from "../fresh.gen.ts";
import { TEST_SECRET_KEY } from "./_helpers/test_server.ts";
import { withBusyRetry } from "../lib/kv_busy_retry.ts";

const OTHER_SECRET_KEY = "another-secret-key-0123456789abcdefghijklm";

async function withKvDir(body: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "pm3k-secret-check-" });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function configFor(dir: string, secret: string) {
  return loadConfig({
    DATA_DIR: dir,
    KV_PATH: `${dir}/pm3k.kv`,
    SECRET_KEY: secret,
  });
}

Deno.test("a process with another SECRET_KEY than the KV's first refuses to start; the first key still starts", async () => {
  await withKvDir(async (dir) => {
    const first = await openRuntime(configFor(dir, TEST_SECRET_KEY), manifest);
    first.kv.close();
    await assert.rejects(
      () => openRuntime(configFor(dir, OTHER_SECRET_KEY), manifest),
      (error: unknown) =>
        error instanceof ConfigError &&
        /SECRET_KEY is not the one this database was first used with/.test(
          error.message,
        ),
    );
    const again = await openRuntime(configFor(dir, TEST_SECRET_KEY), manifest);
    again.kv.close();
  });
});

/** Starts the server on `dir`'s KV with `secretKey`: how it ended, what it said. */
async function startServerIn(dir: string, secretKey: string) {
  const run = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    cwd: new URL("..", import.meta.url).pathname,
    env: {
      DATA_DIR: dir,
      KV_PATH: `${dir}/pm3k.kv`,
      SECRET_KEY: secretKey,
      PORT: "0",
    },
    stdout: "null",
    stderr: "piped",
  }).output();
  return {
    code: run.code,
    stderr: new TextDecoder().decode(run.stderr).trim(),
  };
}

Deno.test("the server started with another SECRET_KEY says why in one line and exits 1", async () => {
  await withKvDir(async (dir) => {
    const first = await openRuntime(configFor(dir, TEST_SECRET_KEY), manifest);
    first.kv.close();
    const run = await startServerIn(dir, OTHER_SECRET_KEY);
    assert.equal(run.code, 1);
    const said = run.stderr;
    assert.match(said, /^SECRET_KEY is not the one this database/);
    assert.equal(said.split("\n").length, 1, said);
  });
});

Deno.test("data first run without SECRET_KEY, started with one: the refusal names the kept secret.key", async () => {
  await withKvDir(async (dir) => {
    // The embedded default: the key generated into DATA_DIR/secret.key.
    const first = await openRuntime(
      loadConfig({ DATA_DIR: dir, KV_PATH: `${dir}/pm3k.kv` }),
      manifest,
    );
    first.kv.close();
    const run = await startServerIn(dir, OTHER_SECRET_KEY);
    assert.equal(run.code, 1);
    assert.equal(run.stderr.split("\n").length, 1, run.stderr);
    assert.match(
      run.stderr,
      new RegExp(
        `^SECRET_KEY is not the one .* ${dir}/secret\\.key holds the original, generated when PM3K first ran here without SECRET_KEY: set SECRET_KEY to its content;`,
      ),
    );
    // As it says: its content as SECRET_KEY starts.
    const kept = await Deno.readTextFile(`${dir}/secret.key`);
    const again = await openRuntime(configFor(dir, kept.trim()), manifest);
    again.kv.close();
  });
});

Deno.test("the server given a KV it cannot open says which in one line and exits 1", async () => {
  await withKvDir(async (dir) => {
    // A folder where the KV file should be: no database can open there.
    await Deno.mkdir(`${dir}/pm3k.kv`);
    const run = await startServerIn(dir, TEST_SECRET_KEY);
    assert.equal(run.code, 1);
    const said = run.stderr;
    assert.match(said, new RegExp(`^cannot open the KV at ${dir}/pm3k\\.kv: `));
    // It names the variable to change.
    assert.match(
      said,
      /; set DATA_DIR \(or KV_PATH, when given\) to a place PM3K can create and write$/,
    );
    assert.equal(said.trim().split("\n").length, 1, said);
  });
});

Deno.test("two first processes at once on a fresh KV: the same key both start, different keys one does", async () => {
  await withKvDir(async (dir) => {
    // As the app opens KV: a busy file is retried (lib/kv_busy_retry.ts).
    const open = async (name: string) =>
      withBusyRetry(await Deno.openKv(`${dir}/${name}`));
    const [a, b] = [await open("same.kv"), await open("same.kv")];
    const key = await deriveTokenKey(TEST_SECRET_KEY);
    await Promise.all([confirmSecretKey(a, key), confirmSecretKey(b, key)]);
    a.close();
    b.close();

    const [c, d] = [await open("other.kv"), await open("other.kv")];
    const results = await Promise.allSettled([
      confirmSecretKey(c, key),
      confirmSecretKey(d, await deriveTokenKey(OTHER_SECRET_KEY)),
    ]);
    c.close();
    d.close();
    assert.deepEqual(
      results.map((r) => r.status).sort(),
      ["fulfilled", "rejected"],
    );
  });
});

Deno.test("confirmSecretKey with seal: false writes no check, and still refuses another key than a sealed one", async () => {
  await withKvDir(async (dir) => {
    const kv = withBusyRetry(await Deno.openKv(`${dir}/pm3k.kv`));
    try {
      const key = await deriveTokenKey(TEST_SECRET_KEY);
      const other = await deriveTokenKey(OTHER_SECRET_KEY);
      await confirmSecretKey(kv, other, { seal: false });
      assert.deepEqual(await Array.fromAsync(kv.list({ prefix: [] })), []);
      await confirmSecretKey(kv, key);
      await confirmSecretKey(kv, key, { seal: false });
      await assert.rejects(
        () => confirmSecretKey(kv, other, { seal: false }),
        ConfigError,
      );
    } finally {
      kv.close();
    }
  });
});

Deno.test("a secret.key too short to be a key stops the server in one line, exit 1", async () => {
  await withKvDir(async (dir) => {
    // Left empty by a crash between its creation and its write, or cut.
    for (const kept of ["", "short\n"]) {
      await Deno.writeTextFile(`${dir}/secret.key`, kept);
      const child = new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "main.ts"],
        cwd: new URL("..", import.meta.url).pathname,
        env: { DATA_DIR: dir, KV_PATH: `${dir}/pm3k.kv`, PORT: "0" },
        stdout: "null",
        stderr: "piped",
      }).spawn();
      // A server that started anyway is stopped, and fails the test.
      const stop = setTimeout(() => child.kill(), 20_000);
      const run = await child.output();
      clearTimeout(stop);
      const said = new TextDecoder().decode(run.stderr).trim();
      assert.equal(run.code, 1, said);
      assert.match(said, /secret\.key holds \d+ characters/);
      assert.equal(said.split("\n").length, 1, said);
    }
  });
});
