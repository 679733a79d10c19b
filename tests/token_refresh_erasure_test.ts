/**
 * A TikTok token refresh and an account deletion
 * (docs/accounts.md#deleting-an-account): the deletion revokes the grant it
 * reads, so an account whose deletion is marked is not refreshed, and
 * tokens TikTok (the simulator, over HTTP) renewed while the deletion
 * began are revoked there rather than stored; none is left live.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { posterFor, scheduleJob } from "./_helpers/posting_setup.ts";
import { getAccount } from "../lib/accounts/accounts_store.ts";
import { getTyped, keys, listTyped } from "../lib/kv_keys.ts";
import {
  eraseAccount,
  ERASURE_CLAIM_MS,
  holdMark,
} from "../lib/erasure/account_erasure.ts";
import { finishPendingErasures } from "../lib/erasure/pending_erasures.ts";
import {
  REFRESH_AHEAD_MS,
  refreshDueTokens,
} from "../lib/auth/token_refresh_cron.ts";
import { tokensEndingBy } from "../lib/accounts/token_expiry_index.ts";
import { sandboxKeys } from "../sandbox/tiktok/sandbox_keys.ts";
import { hookWritesUnder } from "./_helpers/kv_write_hook.ts";
import { runDueJobs } from "../lib/jobs/due_jobs.ts";

/** The access tokens the simulator holds live for `openId`. */
async function liveTokens(server: TestServer, openId: string) {
  return (await listTyped(server.kv, sandboxKeys.accessTokensPrefix()))
    .filter((e) => e.value.openId === openId)
    .map((e) => String(e.key.at(-1)))
    .sort();
}

/** Marks `openId`'s deletion pending, as the deletion's first step does. */
async function markDeletion(server: TestServer, openId: string) {
  const entry = await getTyped(server.kv, keys.erasurePending(openId));
  assert.ok(await holdMark(server.deps, openId, entry, "a-deletion"));
}

/**
 * The server's deps, `during` run once TikTok answered a refresh; the
 * client's other calls (revoke) are its own.
 */
function onRefresh(server: TestServer, during: () => Promise<unknown>) {
  const oauth = server.deps.tiktokOAuth;
  const refresh = async (token: string) => {
    const tokens = await oauth.refresh(token);
    await during();
    return tokens;
  };
  const tiktokOAuth = new Proxy(oauth, {
    get(target, prop) {
      if (prop === "refresh") return refresh;
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { ...server.deps, tiktokOAuth };
}

/** A poster whose tokens are due for the refresh cron. */
async function dueAccount(server: TestServer, name: string) {
  const me = await posterFor(server, name);
  const grant = (await getAccount(server.deps, me.openId))!.tiktok!;
  server.clock.set(grant.accessExpiresAt - REFRESH_AHEAD_MS + 60_000);
  return { me, grant, live: await liveTokens(server, me.openId) };
}

Deno.test("an account whose deletion is marked is not refreshed: TikTok issues it no new token", async () => {
  const server = await startTestServer();
  try {
    const { me, grant, live } = await dueAccount(server, "refresh_marked");
    await markDeletion(server, me.openId);
    const round = await refreshDueTokens(server.deps);
    assert.equal(round.refreshed, 0);
    assert.deepEqual(await liveTokens(server, me.openId), live);
    assert.deepEqual(
      (await getAccount(server.deps, me.openId))!.tiktok,
      grant,
      "its grant is as the deletion read it",
    );
  } finally {
    await server.close();
  }
});

/** The server's deps, each call the OAuth client makes to TikTok counted. */
function countingTikTokCalls(server: TestServer) {
  const calls: string[] = [];
  const oauth = server.deps.tiktokOAuth;
  const tiktokOAuth = new Proxy(oauth, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.push(String(prop));
        return value.apply(target, args);
      };
    },
  });
  return { deps: { ...server.deps, tiktokOAuth }, calls };
}

Deno.test("the refresh cron skips an account whose deletion is marked every round, with no TikTok call and nothing logged, and its due entry goes with the deletion", async () => {
  const server = await startTestServer();
  try {
    const { me } = await dueAccount(server, "refresh_marked_rounds");
    await markDeletion(server, me.openId);
    const { deps, calls } = countingTikTokCalls(server);
    const logged = server.logs.length;
    for (let round = 0; round < 3; round++) {
      assert.deepEqual(
        await refreshDueTokens(deps),
        { refreshed: 0, disconnected: 0, failed: 0, busy: 0 },
      );
      server.clock.set(server.clock.now() + 60_000);
    }
    assert.deepEqual(calls, [], "TikTok is not called");
    assert.deepEqual(server.logs.slice(logged), [], "nothing is logged");
    const due = async () =>
      (await tokensEndingBy(server.kv, Number.MAX_SAFE_INTEGER, 100))
        .filter((e) => e.openId === me.openId);
    assert.equal((await due()).length, 1, "still due while marked");

    // The deletion finishing (here the retention cron's part, once the
    // marking run's hold ran out) takes its entry away with the account.
    server.clock.set(server.clock.now() + ERASURE_CLAIM_MS);
    assert.equal(await finishPendingErasures(server.deps), 1);
    assert.equal(await getAccount(server.deps, me.openId), null);
    assert.deepEqual(await due(), []);
  } finally {
    await server.close();
  }
});

Deno.test("tokens renewed while the account's deletion begins are revoked at TikTok, not stored", async () => {
  const server = await startTestServer();
  try {
    // Marked during the refresh (the deletion waits for TikTok's revoke).
    const marked = await dueAccount(server, "refresh_then_marked");
    await refreshDueTokens(
      onRefresh(server, () => markDeletion(server, marked.me.openId)),
    );
    assert.deepEqual(
      (await getAccount(server.deps, marked.me.openId))!.tiktok,
      marked.grant,
      "the renewed tokens are not stored",
    );
    const left = await liveTokens(server, marked.me.openId);
    assert.ok(
      left.every((t) => marked.live.includes(t)),
      `no renewed token is live: ${left} beside ${marked.live}`,
    );

    // Deleted whole during the refresh: nothing of its grant is live.
    const gone = await dueAccount(server, "refresh_then_deleted");
    await refreshDueTokens(
      onRefresh(server, () => eraseAccount(server.deps, gone.me.openId)),
    );
    assert.equal(await getAccount(server.deps, gone.me.openId), null);
    assert.deepEqual(await liveTokens(server, gone.me.openId), []);
  } finally {
    await server.close();
  }
});

Deno.test("a job claimed just before its account's deletion is marked, needing a fresh token, fails saying the account is being deleted and the post was not made", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "refresh_job_marked");
    const grant = (await getAccount(server.deps, me.openId))!.tiktok!;
    // Due once its access token has ended: running it needs a refresh.
    const runAt = grant.accessExpiresAt + 60_000;
    const job = await scheduleJob(me, runAt, {
      title: "Claimed before the deletion's mark",
      privacy: "SELF_ONLY",
    });
    assert.equal(job.status, 200, JSON.stringify(job.body));
    const jobId = String(job.body.job_id);
    server.clock.set(runAt);
    let claimed = false;
    const kv = hookWritesUnder(server.kv, keys.job(jobId), async (real) => {
      const answer = await real();
      if (!claimed) {
        claimed = true;
        await markDeletion(server, me.openId);
      }
      return answer;
    });
    await runDueJobs({ ...server.deps, kv }, { horizonMs: 0 });
    const failed = (await getTyped(server.kv, keys.job(jobId))).value;
    assert.equal(failed?.state, "failed", JSON.stringify(failed));
    assert.equal(
      failed?.error?.message,
      "This TikTok account is being deleted here: the post was not made.",
    );
  } finally {
    await server.close();
  }
});
