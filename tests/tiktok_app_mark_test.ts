/**
 * One TikTok per KV (docs/configuration.md#one-tiktok-per-kv): production
 * data run by mistake without its TikTok variables — the server in sandbox
 * mode, or the admin CLI that would revoke grants at the simulator and sign
 * simulated users in beside real creators — is refused in one line, exit 1,
 * with nothing written; a server moving to a TikTok app (a rehearsal going
 * live) is not.
 */
import assert from "node:assert/strict";
import { loadConfig } from "../lib/config.ts";
import { openRuntime } from "../lib/runtime/app_runtime.ts";
import { getTyped, keys, listTyped } from "../lib/kv_keys.ts";
import manifest from "../fresh.gen.ts";
import { TEST_SECRET_KEY } from "./_helpers/test_server.ts";

/** The variables of a production server posting to TikTok app `clientKey`. */
function productionEnv(dir: string, clientKey: string) {
  return {
    DATA_DIR: dir,
    KV_PATH: `${dir}/pm3k.kv`,
    SECRET_KEY: TEST_SECRET_KEY,
    TIKTOK_CLIENT_KEY: clientKey,
    TIKTOK_CLIENT_SECRET: `${clientKey}_secret`,
    PUBLIC_BASE_URL: "http://127.0.0.1:9",
  };
}

/** The variables of the same data in sandbox mode (no TikTok credential). */
function sandboxEnv(dir: string) {
  return {
    DATA_DIR: dir,
    KV_PATH: `${dir}/pm3k.kv`,
    SECRET_KEY: TEST_SECRET_KEY,
  };
}

/** Opens the runtime as a server's start does, and closes it. */
async function startOnce(env: Record<string, string>) {
  const deps = await openRuntime(loadConfig(env), manifest);
  deps.kv.close();
}

/** Runs `deno run main.ts` or `tasks/admin.ts`: its exit code and stderr. */
async function run(args: string[], env: Record<string, string>) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...args],
    cwd: new URL("..", import.meta.url).pathname,
    env: { ...env, PORT: "0" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout).trim(),
    stderr: new TextDecoder().decode(out.stderr).trim(),
  };
}

async function withDataDir(body: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "pm3k-app-mark-" });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function accountCount(env: Record<string, string>) {
  const kv = await Deno.openKv(env.KV_PATH);
  try {
    return (await listTyped(kv, keys.accountsPrefix())).length;
  } finally {
    kv.close();
  }
}

Deno.test("production data without its TikTok variables: the server in sandbox mode and the admin CLI refuse in one line, exit 1, writing nothing", async () => {
  await withDataDir(async (dir) => {
    await startOnce(productionEnv(dir, "live_app"));
    const before = await accountCount(sandboxEnv(dir));

    const server = await run(["main.ts"], sandboxEnv(dir));
    assert.equal(server.code, 1, server.stderr);
    assert.equal(server.stderr.split("\n").length, 1, server.stderr);
    assert.match(
      server.stderr,
      /^this KV's accounts belong to the TikTok app live_app \(TIKTOK_CLIENT_KEY\), and PM3K runs with the built-in TikTok sandbox \(no TIKTOK_CLIENT_KEY\): give it the same variables/,
    );

    const created = await run(
      ["tasks/admin.ts", "create-sandbox-user", "intruder"],
      sandboxEnv(dir),
    );
    assert.equal(created.code, 1, created.stderr);
    assert.equal(created.stderr.split("\n").length, 1, created.stderr);
    assert.match(
      created.stderr,
      /^this KV's accounts belong to the TikTok app live_app .* and the admin CLI runs with the built-in TikTok sandbox/,
    );
    assert.equal(await accountCount(sandboxEnv(dir)), before);

    // Another TikTok app than the servers': refused too.
    const other = await run(
      ["tasks/admin.ts", "accounts"],
      productionEnv(dir, "other_app"),
    );
    assert.equal(other.code, 1, other.stderr);
    assert.match(
      other.stderr,
      /the admin CLI runs with the TikTok app other_app/,
    );

    // With the servers' variables, it runs.
    const listed = await run(
      ["tasks/admin.ts", "accounts"],
      productionEnv(dir, "live_app"),
    );
    assert.equal(listed.code, 0, listed.stderr);
  });
});

Deno.test("the admin CLI given production data's DATA_DIR alone names the missing TikTok variables first, not SECRET_KEY", async () => {
  // docs/tiktok-audit.md: `deno task admin accounts` with the DATA_DIR
  // alone takes the sandbox, and has no SECRET_KEY either; the first thing
  // to fix is giving it the servers' variables, which bring both.
  await withDataDir(async (dir) => {
    await startOnce(productionEnv(dir, "live_app"));
    const bare = await run(["tasks/admin.ts", "accounts"], {
      DATA_DIR: dir,
    });
    assert.equal(bare.code, 1, bare.stderr);
    assert.equal(bare.stderr.split("\n").length, 1, bare.stderr);
    assert.match(
      bare.stderr,
      /^this KV's accounts belong to the TikTok app live_app .* and the admin CLI runs with the built-in TikTok sandbox .*: give it the same variables as the running servers/,
    );
  });
});

Deno.test("a server moving to a TikTok app takes data made in the sandbox or with another app, and records its own", async () => {
  await withDataDir(async (dir) => {
    await startOnce(sandboxEnv(dir));
    const sandboxAdmin = await run(
      ["tasks/admin.ts", "accounts"],
      sandboxEnv(dir),
    );
    assert.equal(sandboxAdmin.code, 0, sandboxAdmin.stderr);

    // TikTok's Sandbox app, then the audited app: each start records its own.
    await startOnce(productionEnv(dir, "sandbox_app"));
    await startOnce(productionEnv(dir, "audited_app"));
    const kv = await Deno.openKv(`${dir}/pm3k.kv`);
    try {
      assert.equal(
        (await getTyped(kv, keys.tiktokAppMark())).value?.app,
        "audited_app",
      );
    } finally {
      kv.close();
    }
    const stale = await run(
      ["tasks/admin.ts", "accounts"],
      productionEnv(dir, "sandbox_app"),
    );
    assert.equal(stale.code, 1, stale.stderr);
  });
});
