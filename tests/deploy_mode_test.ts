/**
 * Deno Deploy mode, as Deploy's pipeline runs it: the files the Deploy CLI
 * uploads (the project minus what .gitignore lists and node_modules) are
 * copied to a fresh folder, where `deno install` and `deno task build` run
 * (deno.json's deploy block); the built app then runs there with
 * DENO_DEPLOYMENT_ID set, that folder mounted read-only and no permission to
 * write anywhere but its KV file, on S3 storage (s3rver) and a TikTok (the
 * sandbox of another PM3K instance), and posts end to end. It refuses
 * local-disk storage with a clear message.
 */
import assert from "node:assert/strict";
import { startTestServer, TEST_SECRET_KEY } from "./_helpers/test_server.ts";
import { startS3rver } from "./_helpers/s3rver_harness.ts";
import { fixture } from "./_helpers/api_client.ts";
import {
  freePort,
  uploadOverApi,
  waitForHealthz,
} from "./_helpers/server_process.ts";
import { SANDBOX_CLIENT_KEY, SANDBOX_CLIENT_SECRET } from "../lib/config.ts";
import { getTyped } from "../lib/kv_keys.ts";
import { sandboxKeys } from "../sandbox/tiktok/sandbox_keys.ts";
import {
  ensureSandboxUser,
  issueTokens,
} from "../sandbox/tiktok/sandbox_store.ts";
import { setPlan, upsertAccount } from "../lib/accounts/accounts_store.ts";
import { issueApiKey } from "../lib/api_keys/api_keys.ts";
import { deriveTokenKey, encryptText } from "../lib/crypto/token_cipher.ts";
import { TIKTOK_SCOPES } from "../lib/tiktok/tiktok_scopes.ts";
import { systemClock } from "../lib/clock.ts";
import { copyProjectFiles } from "./_helpers/project_copy.ts";

const projectDir = new URL("..", import.meta.url).pathname.replace(/\/$/, "");

/**
 * `command` run in a private mount namespace where `dir` is bound read-only:
 * even root cannot write there (chmod alone does not stop root).
 */
function inReadOnlyDir(dir: string, command: string[]): [string, string[]] {
  return ["unshare", [
    "--mount",
    "--propagation",
    "private",
    "sh",
    "-c",
    'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" "$0" && exec "$@"',
    dir,
    ...command,
  ]];
}

/** Whether this machine lets us mount `dir` read-only (root, unshare). */
async function canMountReadOnly(dir: string): Promise<boolean> {
  const [cmd, args] = inReadOnlyDir(dir, ["touch", `${dir}/.read-only-probe`]);
  const probe = await new Deno.Command(cmd, {
    args,
    stdout: "null",
    stderr: "piped",
  }).output().catch(() => null);
  await Deno.remove(`${dir}/.read-only-probe`).catch(() => {});
  return probe !== null && probe.code !== 0 &&
    /Read-only file system/.test(new TextDecoder().decode(probe.stderr));
}

async function run(
  args: string[],
  env: Record<string, string>,
  cwd = projectDir,
) {
  return await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    env,
    stdout: "piped",
    stderr: "piped",
  })
    .output();
}

Deno.test("the deployed code imports nothing dynamically (Deploy analyses static imports only)", async () => {
  const found: string[] = [];
  const walk = async (path: string) => {
    const info = await Deno.stat(path);
    if (info.isDirectory) {
      for await (const e of Deno.readDir(path)) await walk(`${path}/${e.name}`);
    } else if (/\.(ts|tsx)$/.test(path)) {
      const text = await Deno.readTextFile(path);
      for (const m of text.matchAll(/\bimport\s*\(/g)) {
        found.push(`${path.slice(projectDir.length + 1)} @${m.index}`);
      }
    }
  };
  for (
    const part of [
      "main.ts",
      "fresh.gen.ts",
      "lib",
      "routes",
      "islands",
      "components",
      "sandbox",
    ]
  ) await walk(`${projectDir}/${part}`);
  assert.deepEqual(found, []);
});

Deno.test("on Deno Deploy, the built app refuses local-disk storage with a clear message", async () => {
  const out = await run(["run", "-A", "main.ts"], {
    DENO_DEPLOYMENT_ID: "test",
    TIKTOK_CLIENT_KEY: "k",
    TIKTOK_CLIENT_SECRET: "s",
    PUBLIC_BASE_URL: "https://pm3k.example",
    SECRET_KEY: TEST_SECRET_KEY,
  });
  assert.notEqual(out.code, 0);
  assert.match(
    new TextDecoder().decode(out.stderr).trim(),
    /^Invalid configuration: S3_BUCKET is required on Deno Deploy/,
  );
});

Deno.test("the files Deploy uploads, installed and built as its builder does, run in Deploy mode from a read-only folder, write nothing but their KV, and post end to end", async () => {
  const appDir = await Deno.makeTempDir({ prefix: "pm3k-deploy-app-" });
  try {
    await buildAsDeployDoes(appDir);
    await postsEndToEndInDeployMode(appDir);
  } finally {
    await Deno.remove(appDir, { recursive: true });
  }
});

/** Deploy's builder: the uploaded files, then deno.json's install and build. */
async function buildAsDeployDoes(appDir: string): Promise<void> {
  const uploaded = await copyProjectFiles(appDir);
  assert.ok(uploaded.includes("main.ts") && uploaded.includes("deno.lock"));
  assert.ok(
    !uploaded.some((f) => /^(data|_build|\.cache)\/|^\.env/.test(f)),
    "nothing git-ignored is uploaded",
  );
  const denoJson = JSON.parse(await Deno.readTextFile(`${appDir}/deno.json`));
  assert.deepEqual(
    [denoJson.deploy.install, denoJson.deploy.build],
    ["deno install", "deno task build"],
  );
  for (const step of [["install"], ["task", "build"]]) {
    const out = await run(step, {}, appDir);
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  }
}

/**
 * Runs the built app in `appDir` in Deploy mode, read-only, on s3rver and a
 * sandbox TikTok, and posts through it.
 */
async function postsEndToEndInDeployMode(appDir: string): Promise<void> {
  const s3 = await startS3rver();
  // The "TikTok" of this test: another PM3K instance's sandbox, sharing the bucket prefix.
  const tiktok = await startTestServer({
    env: { FILES_BASE_URL: s3.env.FILES_BASE_URL },
  });
  const kvDir = await Deno.makeTempDir({ prefix: "pm3k-deploy-" });
  const port = freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: Deno.ChildProcess | null = null;
  try {
    // A signed-in account, as the OAuth flow would leave it, in the app's KV.
    const user = await ensureSandboxUser(tiktok.kv, systemClock, "deploy_user");
    const tokens = await issueTokens(tiktok.kv, systemClock, {
      openId: user.openId,
      clientKey: SANDBOX_CLIENT_KEY,
      scope: TIKTOK_SCOPES.join(","),
    });
    const kv = await Deno.openKv(`${kvDir}/pm3k.kv`);
    let apiKey: string;
    try {
      const tokenKey = await deriveTokenKey(TEST_SECRET_KEY);
      const deps = { kv, clock: systemClock };
      await upsertAccount(deps, {
        openId: user.openId,
        displayName: user.displayName,
        avatarUrl: "",
        tiktok: {
          accessToken: await encryptText(tokenKey, tokens.access_token),
          refreshToken: await encryptText(tokenKey, tokens.refresh_token),
          accessExpiresAt: Date.now() + 86_400_000,
          refreshExpiresAt: Date.now() + 31_536_000_000,
          scope: tokens.scope,
        },
      });
      await setPlan(deps, user.openId, "monthly");
      apiKey = (await issueApiKey(deps, user.openId)).apiKey;
    } finally {
      kv.close();
    }

    const denoArgs = [
      "run",
      "--allow-net",
      "--allow-env",
      "--allow-read",
      "--allow-sys",
      `--allow-write=${kvDir}`,
      "main.ts",
    ];
    const readOnly = await canMountReadOnly(appDir);
    if (!readOnly) {
      console.warn(
        "cannot mount read-only here (needs root and unshare): the Deploy-mode app runs with write permission for its KV file only",
      );
    }
    const [cmd, args] = readOnly
      ? inReadOnlyDir(appDir, [Deno.execPath(), ...denoArgs])
      : [Deno.execPath(), denoArgs];
    child = new Deno.Command(cmd, {
      args,
      cwd: appDir,
      env: {
        ...s3.env,
        DENO_DEPLOYMENT_ID: "local-test",
        PORT: String(port),
        PUBLIC_BASE_URL: url,
        SECRET_KEY: TEST_SECRET_KEY,
        KV_PATH: `${kvDir}/pm3k.kv`,
        TIKTOK_CLIENT_KEY: SANDBOX_CLIENT_KEY,
        TIKTOK_CLIENT_SECRET: SANDBOX_CLIENT_SECRET,
        TIKTOK_AUTH_BASE_URL: `${tiktok.url}/_sandbox/tiktok`,
        TIKTOK_API_BASE_URL: `${tiktok.url}/_sandbox/tiktok`,
        // The simulator it posts to plays an audited app (its default).
        TIKTOK_APP_AUDITED: "true",
        LOG_REQUESTS: "false",
      },
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const up = await waitForHealthz(url);
    assert.ok(up, "the Deploy-mode app started");
    const page = await (await fetch(`${url}/`)).text();
    assert.match(page, /Post to TikTok/);
    assert.doesNotMatch(page, /sandbox-banner/, "no sandbox on Deploy");
    // The API reference and its Swagger UI files are served too.
    for (
      const path of [
        "/docs",
        "/docs/assets/swagger-ui-bundle.js",
        "/docs/assets/swagger-ui.css",
        "/api/openapi.json",
      ]
    ) {
      const res = await fetch(`${url}${path}`);
      await res.body?.cancel();
      assert.equal(res.status, 200, path);
    }

    const auth = {
      Authorization: `Bearer ${apiKey}`,
      "Content-Type": "application/json",
    };
    const video = await fixture("portrait.mp4");
    const { started, done } = await uploadOverApi(url, auth, video);
    assert.ok(
      String(started.upload_url).startsWith(s3.endpoint),
      "uploads go straight to the bucket",
    );
    assert.equal(done.ok, true, JSON.stringify(done));
    assert.ok(String(done.url).startsWith(s3.env.FILES_BASE_URL));
    const posted = await (await fetch(`${url}/api/tiktok/direct_post`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ source_url: done.url, title: "from Deploy mode" }),
    })).json();
    assert.equal(posted.ok, true, JSON.stringify(posted));
    const inits =
      (await getTyped(tiktok.kv, sandboxKeys.initCount(user.openId))).value;
    assert.equal(
      Number(inits?.value ?? 0n),
      1,
      "TikTok received the post once",
    );
  } finally {
    if (child) {
      try {
        child.kill("SIGTERM");
      } catch {
        // Already exited (it failed to start): nothing to stop.
      }
      await child.status;
      await child.stderr.cancel();
    }
    await tiktok.close();
    await s3.close();
    await Deno.remove(kvDir, { recursive: true });
  }
}
