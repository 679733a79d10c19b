/**
 * Several processes on one KV file: SQLite's "database is locked" is
 * retried, so two real server processes and the admin CLI beside them
 * answer every request; a file held busy past the retry deadline answers
 * 503 `database_busy` with Retry-After, and nothing half-written.
 */
import assert from "node:assert/strict";
import { AppError } from "../lib/errors.ts";
import {
  DEFAULT_BUSY_RETRY,
  retryBusy,
  withBusyRetry,
} from "../lib/kv_busy_retry.ts";
import { startTestServer, TEST_SECRET_KEY } from "./_helpers/test_server.ts";
import {
  denoTask,
  freePort,
  startServerProcess,
  stopServerProcess,
  uploadOverApi,
} from "./_helpers/server_process.ts";
import type { ServerProcess } from "./_helpers/server_process.ts";
import { issueKeyFromDashboard, signIn } from "./_helpers/sandbox_sign_in.ts";
import { assertJsonError, assertJsonOk } from "./_helpers/http_asserts.ts";
import { apiClientFor, fixture } from "./_helpers/api_client.ts";
import {
  listsBusyWhile,
  whileBusy,
  writesBusyUnder,
} from "./_helpers/busy_kv.ts";
import { keys } from "../lib/kv_keys.ts";
import { listApiRefusals } from "../lib/activity/api_refusals.ts";
import { updateAccount } from "../lib/accounts/accounts_store.ts";

const CLIENTS = 24;
const REQUESTS_PER_CLIENT = 26;
const USERS = 4;

function admin(dataDir: string, ...args: string[]) {
  return denoTask("admin", args, {
    DATA_DIR: dataDir,
    SECRET_KEY: TEST_SECRET_KEY,
  });
}

/** A sandbox user with a key, made by the admin CLI. */
async function userWithKey(dataDir: string, name: string): Promise<string> {
  const created = await admin(
    dataDir,
    "create-sandbox-user",
    name,
    "--plan",
    "free",
  );
  assert.equal(created.code, 0, created.stderr);
  const issued = await admin(dataDir, "issue-key", created.lines.at(-1)!);
  assert.equal(issued.code, 0, issued.stderr);
  return issued.lines.at(-1)!;
}

Deno.test("two server processes on one KV file answer 24 concurrent clients (webhook writes and status calls on real publishes) without a 5xx, beside six admin commands", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "pm3k-busy-" });
  const ports = [freePort(), freePort()];
  const env = {
    DATA_DIR: dataDir,
    SECRET_KEY: TEST_SECRET_KEY,
    LOG_REQUESTS: "false",
    // One media host for both, as behind one domain.
    FILES_BASE_URL: `http://127.0.0.1:${ports[0]}/files`,
  };
  const procs: ServerProcess[] = [];
  try {
    const keys: string[] = [];
    for (let i = 0; i < USERS; i++) {
      keys.push(await userWithKey(dataDir, `busy_user_${i}`));
    }
    for (const port of ports) {
      procs.push(await startServerProcess(port, env));
    }
    // A real publish per user, whose status the clients then ask for: each
    // call writes the account's status slot, the write issue 14 saw fail.
    const video = await fixture("portrait.mp4");
    const publishes: string[] = [];
    for (const key of keys) {
      publishes.push(await publishOnce(procs[0].url, key, video));
    }

    const answers = new Map<string, number>();
    const refusals: string[] = [];
    const client = async (n: number) => {
      const key = keys[n % USERS];
      const headers = {
        Authorization: `Bearer ${key}`,
        "Content-Type": "application/json",
      };
      for (let i = 0; i < REQUESTS_PER_CLIENT; i++) {
        const { url } = procs[(n + i) % procs.length];
        // Two status calls per client: 12 per account, within its 20 a
        // minute (docs/posting.md#status-limits).
        const kind = i % 13 === 6 ? "status" : "webhook";
        const res = kind === "status"
          ? await fetch(`${url}/api/tiktok/status`, {
            method: "POST",
            headers,
            body: JSON.stringify({ publish_id: publishes[n % USERS] }),
          })
          : await fetch(`${url}/api/webhook`, {
            method: "PUT",
            headers,
            body: JSON.stringify({ url: `http://127.0.0.1:9/hook/${n}/${i}` }),
          });
        const text = await res.text();
        if (res.status !== 200) refusals.push(`${kind} ${res.status} ${text}`);
        const tally = `${kind} ${res.status}`;
        answers.set(tally, (answers.get(tally) ?? 0) + 1);
      }
    };
    const admins = [
      admin(dataDir, "accounts"),
      admin(dataDir, "create-sandbox-user", "busy_admin_a"),
      admin(dataDir, "create-sandbox-user", "busy_admin_b"),
      admin(dataDir, "accounts"),
      admin(dataDir, "create-sandbox-user", "busy_admin_c"),
      admin(dataDir, "accounts"),
    ];
    const [, outs] = await Promise.all([
      Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n))),
      Promise.all(admins),
    ]);
    assert.deepEqual(
      Object.fromEntries(answers),
      {
        "webhook 200": CLIENTS * (REQUESTS_PER_CLIENT - 2),
        "status 200": CLIENTS * 2,
      },
      `every request answered 200; not: ${refusals.slice(0, 5).join("\n")}`,
    );
    for (const out of outs) assert.equal(out.code, 0, out.stderr);

    // Every write landed: each user's webhook is the last one a client set.
    const listed = await admin(dataDir, "accounts");
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(listed.lines.length, USERS + 3);
  } finally {
    for (const p of procs) await stopServerProcess(p);
    await Deno.remove(dataDir, { recursive: true });
  }
});

/** Uploads `video` and posts it as the key's account; the publish_id. */
async function publishOnce(
  url: string,
  key: string,
  video: Uint8Array,
): Promise<string> {
  const headers = {
    Authorization: `Bearer ${key}`,
    "Content-Type": "application/json",
  };
  const { done } = await uploadOverApi(url, headers, video);
  const posted = await fetch(`${url}/api/tiktok/direct_post`, {
    method: "POST",
    headers,
    body: JSON.stringify({ source_url: done.url, title: "busy status" }),
  });
  const body = await assertJsonOk(posted);
  return String(body.publish_id);
}

Deno.test("a KV file held busy past the retry deadline answers 503 database_busy with Retry-After, and the retry succeeds once it is free", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "pm3k-busy-" });
  const kvPath = `${dataDir}/pm3k.kv`;
  const server = await startTestServer({ env: { KV_PATH: kvPath } });
  try {
    const { jar, openId } = await signIn(server, "locked_user", "free");
    const key = String((await issueKeyFromDashboard(server, jar)).body.api_key);
    const put = () =>
      fetch(`${server.url}/api/webhook`, {
        method: "PUT",
        headers: {
          Authorization: `Bearer ${key}`,
          "Content-Type": "application/json",
        },
        body: JSON.stringify({ url: "http://127.0.0.1:9/hook" }),
      });
    const refused = await whileBusy(kvPath, put);
    assert.equal(refused.headers.get("retry-after"), "1");
    await assertJsonError(refused, 503, "database_busy");
    const before = await fetch(`${server.url}/api/webhook`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    assert.equal((await assertJsonOk(before)).url, null, "nothing written");
    // Nor kept among the refused requests (docs/api.md#refused-requests),
    // nor tried: the busy KV is not asked to write once more.
    assert.deepEqual(await listApiRefusals(server.deps, openId), []);
    assert.deepEqual(
      server.logs.filter((l) => String(l.message).includes("refused request")),
      [],
    );

    const body = await assertJsonOk(await put());
    assert.equal(body.url, "http://127.0.0.1:9/hook");
  } finally {
    await server.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("GET /api/jobs on a KV whose list stays busy answers 503 database_busy with Retry-After, while a cursor no page gave is 400", async () => {
  let busy = false;
  const server = await startTestServer({
    // The app's retries over a list that answers busy, with a short deadline.
    wrapKv: (kv) =>
      withBusyRetry(listsBusyWhile(kv, () => busy), {
        ...DEFAULT_BUSY_RETRY,
        deadlineMs: 100,
      }),
  });
  try {
    const me = await apiClientFor(server, "busy_lister");
    busy = true;
    const refused = await me.call("GET", "/api/jobs").finally(() => {
      busy = false;
    });
    assert.equal(refused.headers.get("retry-after"), "1");
    await assertJsonError(refused, 503, "database_busy");

    const badCursor = await me.call("GET", "/api/jobs?cursor=zzz");
    const body = await assertJsonError(badCursor, 400, "bad_request");
    assert.match(String(body.message), /cursor: This cursor is not valid/);
    assert.deepEqual(
      (await assertJsonOk(await me.call("GET", "/api/jobs"))).jobs,
      [],
    );
  } finally {
    await server.close();
  }
});

Deno.test("retryBusy retries only SQLite's busy answers and gives up with database_busy at its deadline", async () => {
  const options = {
    deadlineMs: 50,
    firstBackoffMs: 1,
    maxBackoffMs: 4,
    retryAfterSeconds: 2,
  };
  // The message Deno KV throws when SQLite answers busy.
  const busy = () => new TypeError("database is locked");

  let calls = 0;
  const value = await retryBusy(() => {
    calls++;
    return calls < 3 ? Promise.reject(busy()) : Promise.resolve("done");
  }, options);
  assert.deepEqual([value, calls], ["done", 3]);

  let otherCalls = 0;
  await assert.rejects(
    retryBusy(() => {
      otherCalls++;
      return Promise.reject(new RangeError("not busy"));
    }, options),
    RangeError,
  );
  assert.equal(otherCalls, 1, "other errors are not retried");

  await assert.rejects(
    retryBusy(() => Promise.reject(busy()), options),
    (error: unknown) =>
      error instanceof AppError && error.code === "database_busy" &&
      error.status === 503 && error.extra.retry_after_seconds === 2,
  );
});

Deno.test("creator_info answers TikTok's answer when keeping it meets a busy database", async () => {
  let busy = false;
  const server = await startTestServer({
    // The account's writes (where the handle is kept) can be made busy.
    wrapKv: (kv) =>
      withBusyRetry(
        writesBusyUnder(kv, keys.account("x").slice(0, 1), () => busy),
        { ...DEFAULT_BUSY_RETRY, deadlineMs: 50 },
      ),
  });
  try {
    const me = await apiClientFor(server, "busy_creator");
    // Nothing kept yet: the lookup asks TikTok and writes what it answers.
    await server.kv.delete(keys.creatorInfo(me.openId));
    await updateAccount(server.deps, me.openId, (a) => {
      const { tiktokUsername: _, ...rest } = a;
      return rest;
    });
    busy = true;
    const info = await me.json("GET", "/api/tiktok/creator_info");
    busy = false;
    assert.equal(info.status, 200, JSON.stringify(info.body));
    assert.equal(typeof info.body.creator_username, "string");
    assert.ok(
      server.logs.some((l) => l.message === "keeping creator_info failed"),
      "the failed write is logged",
    );
  } finally {
    await server.close();
  }
});
