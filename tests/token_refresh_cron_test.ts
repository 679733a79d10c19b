/**
 * The refresh cron renews TikTok tokens an hour ahead of expiry, so a post
 * made after the original expiry needs no refresh; invalid_grant
 * disconnects (refresh_failed, account.disconnected); a passing failure
 * (HTTP 500) is logged and retried next round; two processes on one KV
 * refresh each account once. A round finds the due accounts in the token
 * expiry index and reads no other account; the index moves with every
 * grant (refresh, disconnection, sign-in), and accounts from before it are
 * indexed once by the backfill.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { hookedPoster, posterFor } from "./_helpers/posting_setup.ts";
import { startWebhookReceiver } from "./_helpers/webhook_receiver.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";
import { emitted } from "./_helpers/tiktok_events.ts";
import { ManualClock } from "../lib/clock.ts";
import { getAccount, upsertAccount } from "../lib/accounts/accounts_store.ts";
import { backfillTokenExpiryIndex } from "../lib/accounts/token_expiry_index.ts";
import { encryptText } from "../lib/crypto/token_cipher.ts";
import { getTyped, keys, listTyped } from "../lib/kv_keys.ts";
import { eventsApplied, revokeAtTikTok } from "./_helpers/tiktok_events.ts";
import {
  REFRESH_AHEAD_MS,
  refreshDueTokens,
} from "../lib/auth/token_refresh_cron.ts";
import { decryptText } from "../lib/crypto/token_cipher.ts";

const DAY = 24 * 3600_000;

async function grantOf(server: TestServer, openId: string) {
  return (await getAccount(server.deps, openId))!.tiktok!;
}

/** The token expiry index entries of `openId` (their expiries). */
async function indexedAt(kv: Deno.Kv, openId: string): Promise<number[]> {
  return (await listTyped(kv, keys.tokenExpiryPrefix()))
    .filter((e) => e.key[2] === openId)
    .map((e) => Number(e.key[1]));
}

/** The real KV, with every key read and every list recorded. */
function readRecordingKv(kv: Deno.Kv) {
  const gets: Deno.KvKey[] = [];
  const lists: Deno.KvListSelector[] = [];
  const recording = new Proxy(kv, {
    get(target, prop) {
      if (prop === "get") {
        return (
          k: Deno.KvKey,
          o?: { consistency?: Deno.KvConsistencyLevel },
        ) => {
          gets.push(k);
          return target.get(k, o);
        };
      }
      if (prop === "getMany") {
        return (
          ks: Deno.KvKey[],
          o?: { consistency?: Deno.KvConsistencyLevel },
        ) => {
          gets.push(...ks);
          return target.getMany(ks, o);
        };
      }
      if (prop === "list") {
        return (sel: Deno.KvListSelector, o?: Deno.KvListOptions) => {
          lists.push(sel);
          return target.list(sel, o);
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { kv: recording, gets, lists };
}

/** An account signed in with tokens ending at `accessExpiresAt`. */
async function accountEnding(
  server: TestServer,
  openId: string,
  accessExpiresAt: number,
): Promise<void> {
  const token = await encryptText(server.deps.tokenKey, `token-${openId}`);
  await upsertAccount(server.deps, {
    openId,
    displayName: openId,
    avatarUrl: "",
    tiktok: {
      accessToken: token,
      refreshToken: token,
      accessExpiresAt,
      refreshExpiresAt: accessExpiresAt + 365 * DAY,
      scope: "user.info.basic,video.publish,video.upload",
    },
  });
}

Deno.test("tokens are refreshed an hour ahead of expiry; a post after the old expiry needs no refresh", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "night_poster", "annual");
    const before = await grantOf(server, me.openId);
    server.clock.set(before.accessExpiresAt - REFRESH_AHEAD_MS - 60_000);
    assert.equal((await refreshDueTokens(server.deps)).refreshed, 0);
    server.clock.advance(2 * 60_000);
    assert.equal((await refreshDueTokens(server.deps)).refreshed, 1);
    const after = await grantOf(server, me.openId);
    assert.equal(after.accessExpiresAt, server.clock.now() + DAY);
    assert.notEqual(
      await decryptText(server.deps.tokenKey, after.refreshToken),
      await decryptText(server.deps.tokenKey, before.refreshToken),
      "the rotated refresh token is kept",
    );
    assert.equal((await refreshDueTokens(server.deps)).refreshed, 0);
    // "3 a.m.": past the old token's end, the new one is used as it is.
    server.clock.set(before.accessExpiresAt + 60_000);
    const posted = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "at 3 a.m.",
    });
    assert.equal(posted.status, 200, JSON.stringify(posted.body));
    assert.deepEqual(await grantOf(server, me.openId), after);
  } finally {
    await server.close();
  }
});

Deno.test("a refresh refused with invalid_grant disconnects the account (refresh_failed) and sends account.disconnected", async () => {
  const server = await startTestServer();
  const hook = startWebhookReceiver(["ok"]);
  try {
    const me = await hookedPoster(server, hook, "refused_refresh", "annual");
    await me.sandbox({ refresh_faults: ["invalid_grant"] });
    const grant = await grantOf(server, me.openId);
    server.clock.set(grant.accessExpiresAt - REFRESH_AHEAD_MS + 60_000);
    const round = await refreshDueTokens(server.deps);
    assert.deepEqual(
      [round.refreshed, round.disconnected, round.failed],
      [0, 1, 0],
    );
    const account = (await getAccount(server.deps, me.openId))!;
    assert.equal(account.tiktokReauthRequired, true);
    assert.equal(account.disconnectReason, "refresh_failed");
    const sent = await emitted(server, me.openId, "account.disconnected");
    assert.equal(sent.length, 1);
    assert.deepEqual(
      [sent[0].reason, sent[0].tiktok_code],
      ["refresh_failed", "invalid_grant"],
    );
    const refused = await assertJsonError(
      await me.call("POST", "/api/tiktok/direct_post", {
        source_url: await me.uploadVideo(),
        title: "no token",
      }),
      401,
      "tiktok_reauth_required",
    );
    assert.match(String(refused.message), /refused to renew/);
    assert.equal(
      (await refreshDueTokens(server.deps)).disconnected,
      0,
      "a disconnected account is left alone",
    );
  } finally {
    await hook.close();
    await server.close();
  }
});

/**
 * The server's deps whose TikTok OAuth client, once TikTok has answered a
 * refresh (or refused it), lets the creator sign in again before PM3K
 * records the answer: the race a refresh meets in production.
 */
function signInDuringRefresh(server: TestServer, openId: string) {
  const oauth = server.deps.tiktokOAuth;
  const signIn = async () => {
    const grant = (await getAccount(server.deps, openId))!.tiktok!;
    await upsertAccount(server.deps, {
      openId,
      displayName: openId,
      avatarUrl: "",
      tiktok: {
        ...grant,
        refreshToken: await encryptText(server.deps.tokenKey, "signed-in"),
        grantedAt: server.clock.now(),
      },
    });
  };
  return {
    ...server.deps,
    tiktokOAuth: {
      ...oauth,
      refresh: (token: string) => oauth.refresh(token).finally(signIn),
    },
  } as typeof server.deps;
}

Deno.test("a sign-in during a refresh keeps its new grant, whether TikTok renewed or refused the old one", async () => {
  const server = await startTestServer();
  try {
    for (const fault of [null, "invalid_grant"]) {
      const me = await posterFor(server, `raced_${fault ?? "renewed"}`);
      if (fault) await me.sandbox({ refresh_faults: [fault] });
      const grant = await grantOf(server, me.openId);
      server.clock.set(grant.accessExpiresAt - REFRESH_AHEAD_MS + 60_000);
      await refreshDueTokens(signInDuringRefresh(server, me.openId));
      const account = (await getAccount(server.deps, me.openId))!;
      assert.equal(
        await decryptText(server.deps.tokenKey, account.tiktok!.refreshToken),
        "signed-in",
        `the sign-in's grant stays (${fault ?? "renewed"})`,
      );
      assert.ok(!account.tiktokReauthRequired, "still connected");
    }
  } finally {
    await server.close();
  }
});

Deno.test("a refresh failing with HTTP 500 is logged and retried next round; the account stays connected", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "flaky_refresh", "annual");
    await me.sandbox({ refresh_faults: ["server_error"] });
    const grant = await grantOf(server, me.openId);
    server.clock.set(grant.accessExpiresAt - REFRESH_AHEAD_MS + 60_000);
    assert.equal((await refreshDueTokens(server.deps)).failed, 1);
    assert.ok(
      server.logs.some((l) =>
        l.level === "warn" &&
        String(l.message).includes("the next round retries") &&
        l.open_id === me.openId
      ),
    );
    const still = (await getAccount(server.deps, me.openId))!;
    assert.notEqual(still.tiktokReauthRequired, true);
    assert.deepEqual(still.tiktok, grant);
    server.clock.advance(60_000);
    assert.equal((await refreshDueTokens(server.deps)).refreshed, 1);
    assert.equal(
      (await grantOf(server, me.openId)).accessExpiresAt,
      server.clock.now() + DAY,
    );
  } finally {
    await server.close();
  }
});

Deno.test("two processes running the refresh cron on one KV refresh each account once", async () => {
  const dir = await Deno.makeTempDir({ prefix: "pm3k-refresh-" });
  const clock = new ManualClock(Date.now());
  const env = { KV_PATH: `${dir}/pm3k.kv`, QUEUES: "off" };
  const a = await startTestServer({ env, clock });
  const b = await startTestServer({ env, clock });
  try {
    const names = ["twin_a", "twin_b", "twin_c", "twin_d"];
    const openIds = [];
    for (const name of names) {
      openIds.push((await posterFor(a, name, "annual")).openId);
    }
    const first = await grantOf(a, openIds[0]);
    clock.set(first.accessExpiresAt - REFRESH_AHEAD_MS + 60_000);
    const rounds = await Promise.all([
      refreshDueTokens(a.deps),
      refreshDueTokens(b.deps),
      refreshDueTokens(a.deps),
      refreshDueTokens(b.deps),
    ]);
    const total = rounds.reduce((n, r) => n + r.refreshed, 0);
    assert.equal(total, names.length, JSON.stringify(rounds));
    assert.equal(rounds.reduce((n, r) => n + r.disconnected + r.failed, 0), 0);
    for (const openId of openIds) {
      const account = (await getAccount(a.deps, openId))!;
      assert.notEqual(account.tiktokReauthRequired, true);
      assert.equal(account.tiktok!.accessExpiresAt, clock.now() + DAY);
      assert.deepEqual(await indexedAt(a.kv, openId), [clock.now() + DAY]);
    }
    // Nothing left to do for either process.
    const again = await Promise.all([
      refreshDueTokens(a.deps),
      refreshDueTokens(b.deps),
    ]);
    assert.equal(again[0].refreshed + again[1].refreshed, 0);
  } finally {
    await a.close();
    await b.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a round reads only the accounts whose tokens are due, from the expiry index, never the whole account list", async () => {
  const server = await startTestServer();
  try {
    const due = [
      (await posterFor(server, "due_one", "annual")).openId,
      (await posterFor(server, "due_two", "annual")).openId,
    ];
    const first = await grantOf(server, due[0]);
    for (let i = 0; i < 300; i++) {
      await accountEnding(server, `far_${i}`, first.accessExpiresAt + 30 * DAY);
    }
    // The first round indexes nothing new (every account was written with
    // its entry) and marks the backfill done.
    assert.equal((await refreshDueTokens(server.deps)).refreshed, 0);
    assert.ok(
      (await getTyped(server.kv, keys.tokenExpiryBackfill())).value?.doneAt,
    );

    server.clock.set(first.accessExpiresAt - REFRESH_AHEAD_MS + 5 * 60_000);
    const recorded = readRecordingKv(server.kv);
    const round = await refreshDueTokens({ ...server.deps, kv: recorded.kv });
    assert.equal(round.refreshed, 2, JSON.stringify(round));
    const accountsRead = new Set(
      recorded.gets.filter((k) => k[0] === "accounts").map((k) => k[1]),
    );
    assert.deepEqual([...accountsRead].sort(), [...due].sort());
    assert.deepEqual(
      recorded.lists.map((l) => ("prefix" in l ? l.prefix[0] : l.start[0])),
      ["token_expiry"],
      "one ranged list of the index, none of the accounts",
    );
    // Nothing due: a round reads the backfill marker and an empty range.
    const idle = readRecordingKv(server.kv);
    assert.equal(
      (await refreshDueTokens({ ...server.deps, kv: idle.kv })).refreshed,
      0,
    );
    assert.equal(idle.gets.filter((k) => k[0] === "accounts").length, 0);
    assert.equal(idle.lists.length, 1);
  } finally {
    await server.close();
  }
});

Deno.test("the expiry index moves with the grant: a refresh moves it, a disconnection removes it, signing in again restores it", async () => {
  const server = await startTestServer({ env: { SANDBOX_WEBHOOKS: "on" } });
  try {
    const me = await posterFor(server, "indexed", "annual");
    const before = await grantOf(server, me.openId);
    assert.deepEqual(await indexedAt(server.kv, me.openId), [
      before.accessExpiresAt,
    ]);
    server.clock.set(before.accessExpiresAt - REFRESH_AHEAD_MS + 60_000);
    assert.equal((await refreshDueTokens(server.deps)).refreshed, 1);
    const after = await grantOf(server, me.openId);
    assert.notEqual(after.accessExpiresAt, before.accessExpiresAt);
    assert.deepEqual(await indexedAt(server.kv, me.openId), [
      after.accessExpiresAt,
    ]);

    // TikTok's authorization.removed: nothing left to refresh.
    await revokeAtTikTok(server, me.openId);
    await eventsApplied(server);
    assert.equal(
      (await getAccount(server.deps, me.openId))!.disconnectReason,
      "authorization_removed",
    );
    assert.deepEqual(await indexedAt(server.kv, me.openId), []);
    server.clock.set(after.accessExpiresAt);
    assert.deepEqual(
      Object.values(await refreshDueTokens(server.deps)),
      [0, 0, 0, 0],
      "a disconnected account is not even looked at",
    );

    const back = await posterFor(server, "indexed", "annual");
    assert.equal(back.openId, me.openId);
    assert.deepEqual(await indexedAt(server.kv, me.openId), [
      (await grantOf(server, me.openId)).accessExpiresAt,
    ]);
  } finally {
    await server.close();
  }
});

Deno.test("a refresh refused with invalid_grant removes the account's index entry with its grant", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "refused_indexed", "annual");
    await me.sandbox({ refresh_faults: ["invalid_grant"] });
    const grant = await grantOf(server, me.openId);
    server.clock.set(grant.accessExpiresAt - REFRESH_AHEAD_MS + 60_000);
    assert.equal((await refreshDueTokens(server.deps)).disconnected, 1);
    assert.deepEqual(await indexedAt(server.kv, me.openId), []);
  } finally {
    await server.close();
  }
});

Deno.test("accounts stored before the index existed are indexed once by the backfill, a page a round, and then refreshed", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "from_before", "annual");
    const grant = await grantOf(server, me.openId);
    for (let i = 0; i < 4; i++) {
      await accountEnding(server, `old_${i}`, grant.accessExpiresAt + DAY);
    }
    // As an older PM3K left them: accounts with grants and no index.
    for (const e of await listTyped(server.kv, keys.tokenExpiryPrefix())) {
      await server.kv.delete(e.key);
    }
    assert.equal(await backfillTokenExpiryIndex(server.deps, 2), 2);
    assert.equal(
      (await getTyped(server.kv, keys.tokenExpiryBackfill())).value?.doneAt,
      null,
      "pages remain",
    );
    assert.equal(await backfillTokenExpiryIndex(server.deps, 2), 2);
    assert.equal(await backfillTokenExpiryIndex(server.deps, 2), 1);
    assert.ok(
      (await getTyped(server.kv, keys.tokenExpiryBackfill())).value?.doneAt,
    );
    assert.equal(await backfillTokenExpiryIndex(server.deps, 2), 0, "done");
    assert.equal(
      (await listTyped(server.kv, keys.tokenExpiryPrefix())).length,
      5,
    );
    server.clock.set(grant.accessExpiresAt - REFRESH_AHEAD_MS + 60_000);
    assert.equal((await refreshDueTokens(server.deps)).refreshed, 1);
    assert.deepEqual(await indexedAt(server.kv, me.openId), [
      (await grantOf(server, me.openId)).accessExpiresAt,
    ]);
  } finally {
    await server.close();
  }
});

Deno.test("an index entry whose account is gone is dropped by the round that meets it", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "stays", "annual");
    const grant = await grantOf(server, me.openId);
    await server.kv.set(
      keys.tokenExpiry(grant.accessExpiresAt - 1, "gone"),
      true,
    );
    server.clock.set(grant.accessExpiresAt - REFRESH_AHEAD_MS + 60_000);
    const round = await refreshDueTokens(server.deps);
    assert.deepEqual([round.refreshed, round.disconnected], [1, 1]);
    assert.deepEqual(await indexedAt(server.kv, "gone"), []);
  } finally {
    await server.close();
  }
});
