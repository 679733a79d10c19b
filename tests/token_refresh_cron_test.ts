/**
 * The refresh cron renews TikTok tokens an hour ahead of expiry, so a post
 * made after the original expiry needs no refresh; invalid_grant
 * disconnects (refresh_failed, account.disconnected); a passing failure
 * (HTTP 500) is logged and retried next round; two processes on one KV
 * refresh each account once.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { startWebhookReceiver } from "./_helpers/webhook_receiver.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";
import { emitted } from "./_helpers/tiktok_events.ts";
import { ManualClock } from "../lib/clock.ts";
import { getAccount } from "../lib/accounts/accounts_store.ts";
import {
  REFRESH_AHEAD_MS,
  refreshDueTokens,
} from "../lib/auth/token_refresh_cron.ts";
import { decryptText } from "../lib/crypto/token_cipher.ts";

const DAY = 24 * 3600_000;

async function grantOf(server: TestServer, openId: string) {
  return (await getAccount(server.deps, openId))!.tiktok!;
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
    const me = await posterFor(server, "refused_refresh", "annual");
    await me.json("PUT", "/api/webhook", { url: hook.url });
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
