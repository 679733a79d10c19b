/** `deno task admin` on the same file KV as a running server. */
import assert from "node:assert/strict";
import { startTestServer, TEST_SECRET_KEY } from "./_helpers/test_server.ts";
import { assertJsonError, assertJsonOk } from "./_helpers/http_asserts.ts";
import { denoTask } from "./_helpers/server_process.ts";
import { apiClientFor, uploadPortrait } from "./_helpers/api_client.ts";
import { diesAfterAccountRecordGoes } from "./_helpers/dying_kv.ts";
import { eraseAccount } from "../lib/erasure/account_erasure.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";

const projectDir = new URL("..", import.meta.url).pathname;

/** The files under `dir`, at any depth. */
async function filesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory) found.push(...await filesUnder(path));
    else found.push(path);
  }
  return found;
}

function admin(dataDir: string, ...args: string[]) {
  return denoTask("admin", args, {
    DATA_DIR: dataDir,
    SECRET_KEY: TEST_SECRET_KEY,
  });
}

Deno.test("admin CLI creates a sandbox user, sets its plan and issues a key a running server accepts", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "pm3k-admin-" });
  const server = await startTestServer({
    env: { KV_PATH: `${dataDir}/pm3k.kv` },
  });
  try {
    const created = await admin(
      dataDir,
      "create-sandbox-user",
      "demo_creator",
      "--plan",
      "free",
    );
    assert.equal(created.code, 0, created.stderr);
    const openId = created.lines.at(-1)!;
    assert.match(openId, /^sbx-/);

    const listed = await admin(dataDir, "accounts");
    assert.equal(listed.code, 0);
    assert.equal(listed.lines.length, 1);
    assert.match(
      listed.lines[0],
      new RegExp(`^${openId}\tplan=free\tkey=none`),
    );

    const plan = await admin(dataDir, "set-plan", openId, "annual");
    assert.equal(plan.code, 0, plan.stderr);

    const issued = await admin(dataDir, "issue-key", openId);
    assert.equal(issued.code, 0, issued.stderr);
    const key = issued.lines.at(-1)!;
    assert.match(
      key,
      /^pm3k_[A-Za-z0-9_-]{43}$/,
      "the key alone on the last line",
    );

    const res = await fetch(`${server.url}/api/me`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    const body = await assertJsonOk(res);
    assert.equal(body.open_id, openId);
    assert.equal(body.plan, "annual");
    assert.equal(body.display_name, "Demo Creator");

    const again = await admin(dataDir, "issue-key", openId);
    const old = await fetch(`${server.url}/api/me`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    await assertJsonError(old, 401, "unauthorized");
    assert.notEqual(again.lines.at(-1), key);
  } finally {
    await server.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("admin CLI refuses bad arguments with usage and exit code 2", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "pm3k-admin-" });
  try {
    for (
      const args of [["nope"], ["set-plan", "x", "gold"], ["issue-key"], [
        "create-sandbox-user",
        "Bad Name!",
      ]]
    ) {
      const out = await admin(dataDir, ...args);
      assert.equal(out.code, 2, args.join(" "));
      assert.match(out.stderr, /usage: deno task admin/);
    }
    // An empty data folder holds no account (nor a KV to look in).
    const missing = await admin(dataDir, "issue-key", "no-such-open-id");
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^no PM3K data in /);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("create-sandbox-user works only in sandbox mode", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "pm3k-admin-" });
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["task", "--quiet", "admin", "create-sandbox-user", "someone"],
      cwd: projectDir,
      env: {
        DATA_DIR: dataDir,
        TIKTOK_CLIENT_KEY: "real",
        TIKTOK_CLIENT_SECRET: "real",
        PUBLIC_BASE_URL: "https://pm3k.example",
        SECRET_KEY: TEST_SECRET_KEY,
      },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 2);
    assert.match(new TextDecoder().decode(out.stderr), /only in sandbox mode/);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

const OTHER_SECRET_KEY = "another-secret-key-0123456789abcdefghijklm";

/** Every entry of the KV file, to show a refused command wrote nothing. */
async function kvEntries(path: string) {
  const kv = await Deno.openKv(path);
  try {
    return await Array.fromAsync(kv.list({ prefix: [] }));
  } finally {
    kv.close();
  }
}

/** A data folder with two signed-in sandbox users; the first has a key. */
async function withTwoAccounts(
  body: (dataDir: string, idA: string, idB: string) => Promise<void>,
) {
  const dataDir = await Deno.makeTempDir({ prefix: "pm3k-admin-" });
  try {
    const a = await admin(
      dataDir,
      "create-sandbox-user",
      "alice",
      "--plan",
      "free",
    );
    assert.equal(a.code, 0, a.stderr);
    const b = await admin(dataDir, "create-sandbox-user", "bob");
    assert.equal(b.code, 0, b.stderr);
    const key = await admin(dataDir, "issue-key", a.lines.at(-1)!);
    assert.equal(key.code, 0, key.stderr);
    await body(dataDir, a.lines.at(-1)!, b.lines.at(-1)!);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
}

function assertOneLine(stderr: string, pattern: RegExp, what: string) {
  const said = stderr.trim();
  assert.match(said, pattern, what);
  assert.equal(said.split("\n").length, 1, `${what}: ${said}`);
}

Deno.test("admin CLI with another SECRET_KEY than the KV's refuses every command in one line and writes nothing", async () => {
  await withTwoAccounts(async (dataDir, idA) => {
    const before = await kvEntries(`${dataDir}/pm3k.kv`);
    for (
      const args of [
        ["accounts"],
        ["set-plan", idA, "annual"],
        ["issue-key", idA],
        ["create-sandbox-user", "carol"],
      ]
    ) {
      const out = await denoTask("admin", args, {
        DATA_DIR: dataDir,
        SECRET_KEY: OTHER_SECRET_KEY,
      });
      assert.equal(out.code, 1, args.join(" "));
      assertOneLine(
        out.stderr,
        /^SECRET_KEY is not the one this database was first used with/,
        args.join(" "),
      );
    }
    // No SECRET_KEY and no secret.key: the key a generated one would be is
    // not the KV's either, and none is written.
    const none = await denoTask("admin", ["accounts"], {
      DATA_DIR: dataDir,
    }, { clearEnv: true });
    assert.equal(none.code, 1, none.stderr);
    assertOneLine(none.stderr, /^SECRET_KEY is not the one/, "no key");
    await assert.rejects(() => Deno.stat(`${dataDir}/secret.key`));
    assert.deepEqual(await kvEntries(`${dataDir}/pm3k.kv`), before);
  });
});

Deno.test("admin CLI says in one line which KV it cannot open, and exits 1", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "pm3k-admin-" });
  try {
    await Deno.mkdir(`${dataDir}/dir.kv`);
    await Deno.writeTextFile(`${dataDir}/junk.kv`, "not a database\n");
    for (
      const [kvPath, args] of [
        ["/proc/nope.kv", ["accounts"]],
        ["/proc/nope.kv", ["create-sandbox-user", "dave"]],
        [`${dataDir}/dir.kv`, ["accounts"]],
        [`${dataDir}/junk.kv`, ["accounts"]],
        [`${dataDir}/junk.kv`, ["create-sandbox-user", "dave"]],
        // A path through a file (DATA_DIR naming a file): stat's
        // NotADirectory, not a missing KV, and not an uncaught trace.
        [`${dataDir}/junk.kv/pm3k.kv`, ["accounts"]],
        [`${dataDir}/junk.kv/pm3k.kv`, ["issue-key", "sbx-nobody"]],
        [`${dataDir}/junk.kv/pm3k.kv`, ["create-sandbox-user", "dave"]],
      ] as const
    ) {
      const out = await denoTask("admin", [...args], {
        DATA_DIR: dataDir,
        KV_PATH: kvPath,
        SECRET_KEY: TEST_SECRET_KEY,
      });
      const what = `${kvPath} ${args.join(" ")}`;
      assert.equal(out.code, 1, what);
      assert.ok(out.stderr.includes(kvPath), `${what}: ${out.stderr}`);
      assertOneLine(out.stderr, /./, what);
      assert.doesNotMatch(out.stderr, /Uncaught|^\s+at /m, what);
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("admin CLI refuses unknown, repeated or missing options and extra arguments with exit 2, doing nothing", async () => {
  await withTwoAccounts(async (dataDir, idA, idB) => {
    const before = await kvEntries(`${dataDir}/pm3k.kv`);
    for (
      const args of [
        ["create-sandbox-user", "carol", "--plan"],
        ["create-sandbox-user", "carol", "--plna", "free"],
        ["create-sandbox-user", "carol", "--plan", "free", "--plan", "annual"],
        ["create-sandbox-user", "carol", "dave"],
        ["issue-key", idA, idB],
        ["issue-key", idA, "--force"],
        ["set-plan", idA, "free", "extra"],
        ["accounts", "--json"],
        ["accounts", "extra"],
      ]
    ) {
      const out = await admin(dataDir, ...args);
      assert.equal(out.code, 2, args.join(" "));
      assert.match(out.stderr, /usage: deno task admin/, args.join(" "));
    }
    assert.deepEqual(await kvEntries(`${dataDir}/pm3k.kv`), before);
    // An open_id that starts with - goes after --.
    const dashed = await admin(dataDir, "issue-key", "--", "-000nosuch");
    assert.equal(dashed.code, 1, dashed.stderr);
    assert.match(dashed.stderr, /No account with open_id "-000nosuch"/);
  });
});

Deno.test("admin CLI commands that need data say no PM3K data and create no folder; create-sandbox-user does, as the server would", async () => {
  const parent = await Deno.makeTempDir({ prefix: "pm3k-admin-" });
  try {
    const dataDir = `${parent}/xyz`;
    for (
      const args of [["accounts"], ["set-plan", "x", "free"], [
        "issue-key",
        "x",
      ]]
    ) {
      const out = await admin(dataDir, ...args);
      assert.equal(out.code, 1, args.join(" "));
      assertOneLine(
        out.stderr,
        new RegExp(`^no PM3K data in ${dataDir}`),
        args.join(" "),
      );
      await assert.rejects(() => Deno.stat(dataDir), Deno.errors.NotFound);
    }
    // Nor without SECRET_KEY: no secret.key is generated.
    const none = await denoTask("admin", ["accounts"], {
      DATA_DIR: dataDir,
    }, { clearEnv: true });
    assert.equal(none.code, 1, none.stderr);
    await assert.rejects(() => Deno.stat(dataDir), Deno.errors.NotFound);

    const created = await denoTask("admin", ["create-sandbox-user", "erin"], {
      DATA_DIR: dataDir,
    }, { clearEnv: true });
    assert.equal(created.code, 0, created.stderr);
    await Deno.stat(`${dataDir}/secret.key`);
    const listed = await denoTask("admin", ["accounts"], {
      DATA_DIR: dataDir,
    }, { clearEnv: true });
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(listed.lines.length, 1);
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
});

Deno.test("admin delete-account beside a running server deletes the account, its key and its files, revokes TikTok's grant, and a second run finds nothing", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "pm3k-admin-" });
  const server = await startTestServer({
    env: { KV_PATH: `${dataDir}/pm3k.kv`, DATA_DIR: dataDir },
  });
  try {
    const me = await apiClientFor(server, "cli_erased", "monthly");
    const upload = await uploadPortrait(me, "clip.mp4");
    assert.equal(upload.status, 200, JSON.stringify(upload.body));
    const files = `${dataDir}/media/uploads/${me.openId}`;
    assert.equal((await filesUnder(files)).length, 1);

    // The sandbox's TikTok is served by the running server.
    const run = () =>
      denoTask("admin", ["delete-account", me.openId], {
        DATA_DIR: dataDir,
        SECRET_KEY: TEST_SECRET_KEY,
        PUBLIC_BASE_URL: server.url,
      });
    const deleted = await run();
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.deepEqual(deleted.lines, [
      `deleted ${me.openId}: 1 uploads, 0 albums, 0 posts, 0 scheduled posts; TikTok access revoked`,
    ]);
    await assertJsonError(
      await fetch(`${server.url}/api/me`, {
        headers: { Authorization: `Bearer ${me.key}` },
      }),
      401,
      "unauthorized",
    );
    // The account's emptied folders go too (docs/media.md#local-disk-adapter).
    await assert.rejects(
      filesUnder(files),
      Deno.errors.NotFound,
      "no stored file or folder of the account is left",
    );

    const again = await run();
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(again.lines, [
      `no account ${me.openId}; removed what was left of it: 0 uploads, 0 albums, 0 posts, 0 scheduled posts`,
    ]);
  } finally {
    await server.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("admin delete-account whose revoke TikTok refuses logs the request and the HTTP status", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "pm3k-admin-" });
  const server = await startTestServer({
    env: { KV_PATH: `${dataDir}/pm3k.kv`, DATA_DIR: dataDir },
  });
  // The operator's slip docs/operations.md warns of: a PUBLIC_BASE_URL
  // that is not the running server's, so the revoke meets a 404.
  const elsewhere = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => new Response("not here", { status: 404 }),
  );
  try {
    const me = await apiClientFor(server, "cli_unrevoked", "monthly");
    const run = await denoTask("admin", ["delete-account", me.openId], {
      DATA_DIR: dataDir,
      SECRET_KEY: TEST_SECRET_KEY,
      PUBLIC_BASE_URL: `http://127.0.0.1:${elsewhere.addr.port}`,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.lines, [
      `deleted ${me.openId}: 0 uploads, 0 albums, 0 posts, 0 scheduled posts; TikTok access not revoked (TikTok did not confirm; logged)`,
    ]);
    const failure = run.stderr.split("\n").filter(Boolean).map((l) =>
      JSON.parse(l)
    ).find((l) => l.level === "error");
    assert.ok(failure, run.stderr);
    assert.match(
      failure.error,
      /TikTok's OAuth revoke request failed: HTTP 404/,
    );
  } finally {
    await elsewhere.shutdown();
    await server.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("admin pending-deletions lists a deletion a crash cut short, and delete-account finishes it", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "pm3k-admin-" });
  const server = await startTestServer({
    env: { KV_PATH: `${dataDir}/pm3k.kv`, DATA_DIR: dataDir },
  });
  try {
    const me = await apiClientFor(server, "cli_cut_short", "monthly");
    const upload = await uploadPortrait(me, "clip.mp4");
    assert.equal(upload.status, 200, JSON.stringify(upload.body));
    const none = await admin(dataDir, "pending-deletions");
    assert.equal(none.code, 0, none.stderr);
    assert.deepEqual(none.lines, ["no deletions pending"]);

    // The server's process dies right after deleting the account record.
    const crashed = await eraseAccount(
      { ...server.deps, kv: diesAfterAccountRecordGoes(server.kv, me.openId) },
      me.openId,
    ).then(() => null, (e) => e);
    assert.match(String(crashed), /the process died/);

    const listed = await admin(dataDir, "pending-deletions");
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(listed.lines.length, 1, listed.lines.join("\n"));
    assert.match(
      listed.lines[0],
      new RegExp(`^${me.openId}\tsince=\\S+Z\theld until \\S+Z$`),
    );

    const finished = await denoTask("admin", ["delete-account", me.openId], {
      DATA_DIR: dataDir,
      SECRET_KEY: TEST_SECRET_KEY,
      PUBLIC_BASE_URL: server.url,
    });
    assert.equal(finished.code, 0, finished.stderr);
    assert.deepEqual(finished.lines, [
      `no account ${me.openId}; removed what was left of it: 1 uploads, 0 albums, 0 posts, 0 scheduled posts`,
    ]);
    assert.deepEqual(
      (await admin(dataDir, "pending-deletions")).lines,
      ["no deletions pending"],
    );
    assert.equal(
      (await getTyped(server.kv, keys.erasurePending(me.openId))).value,
      null,
    );
  } finally {
    await server.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});
