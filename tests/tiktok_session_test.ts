/** TikTok tokens are refreshed before they expire; a refused refresh asks the user to reconnect. */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import {
  initsAtTikTok,
  posterFor,
  sandboxUser,
} from "./_helpers/posting_setup.ts";
import { keys } from "../lib/kv_keys.ts";
import { runDueJobs } from "../lib/jobs/due_jobs.ts";
import { getAccount } from "../lib/accounts/accounts_store.ts";
import { decryptText } from "../lib/crypto/token_cipher.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";

Deno.test("an access token near expiry is refreshed (and the rotated refresh token kept) before posting", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "refresh_user", "annual");
    const before = (await getAccount(server.deps, me.openId))!.tiktok!;
    server.clock.advance(24 * 3600_000 - 60_000); // one minute before the access token ends
    const r = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "after a day",
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const after = (await getAccount(server.deps, me.openId))!.tiktok!;
    assert.notEqual(
      await decryptText(server.deps.tokenKey, after.accessToken),
      await decryptText(server.deps.tokenKey, before.accessToken),
    );
    assert.notEqual(
      await decryptText(server.deps.tokenKey, after.refreshToken),
      await decryptText(server.deps.tokenKey, before.refreshToken),
    );
    assert.equal(after.accessExpiresAt, server.clock.now() + 86_400_000);
  } finally {
    await server.close();
  }
});

Deno.test("a refresh TikTok refuses answers 401 tiktok_reauth_required until the user signs in again", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "revoked_user", "annual");
    const account = (await getAccount(server.deps, me.openId))!;
    // The user removed PM3K from TikTok: both tokens die.
    await server.deps.tiktokOAuth.revoke(
      await decryptText(server.deps.tokenKey, account.tiktok!.accessToken),
    );
    server.clock.advance(24 * 3600_000);
    const url = await me.uploadVideo();
    const body = await assertJsonError(
      await me.call("POST", "/api/tiktok/direct_post", {
        source_url: url,
        title: "no access",
      }),
      401,
      "tiktok_reauth_required",
    );
    assert.match(String(body.message), /sign in with TikTok again/);
    assert.equal(
      (await getAccount(server.deps, me.openId))?.tiktokReauthRequired,
      true,
    );
  } finally {
    await server.close();
  }
});

Deno.test("a refresh failing with HTTP 500 while the access token still lives posts with that token", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "refresh_blip", "annual");
    const before = (await getAccount(server.deps, me.openId))!.tiktok!;
    // Inside the 5-minute margin where a post refreshes the token itself,
    // with two minutes of the old token left, TikTok's token endpoint fails.
    server.clock.set(before.accessExpiresAt - 2 * 60_000);
    await me.sandbox({ refresh_faults: ["server_error", "server_error"] });
    const r = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "token endpoint blip",
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const kept = (await getAccount(server.deps, me.openId))!.tiktok!;
    assert.equal(kept.accessExpiresAt, before.accessExpiresAt, "not renewed");
    assert.ok(
      server.logs.some((l) =>
        String(l.message).startsWith("refreshing a TikTok token") &&
        l.open_id === me.openId
      ),
      "the failed refresh is logged",
    );
    // TikTok was asked each time the post needed the token (creator_info,
    // then the init): both failures are spent, none ended the post.
    const tiktok = await sandboxUser(server, me.openId);
    assert.deepEqual(tiktok.settings.faults, []);
    assert.equal(tiktok.publishes_started, 1);
  } finally {
    await server.close();
  }
});

Deno.test("a refresh failing with HTTP 500 when the access token has under a minute left is a tiktok_error", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "refresh_blip_late", "annual");
    const before = (await getAccount(server.deps, me.openId))!.tiktok!;
    server.clock.set(before.accessExpiresAt - 30_000);
    await me.sandbox({ refresh_faults: ["server_error", "server_error"] });
    await assertJsonError(
      await me.call("POST", "/api/tiktok/direct_post", {
        source_url: await me.uploadVideo(),
        title: "token nearly gone",
      }),
      502,
      "tiktok_error",
    );
  } finally {
    await server.close();
  }
});

/**
 * Another process's claim on the account's token renewal, as one that died
 * mid-refresh leaves it: held until it lapses.
 */
async function renewalHeldElsewhere(
  server: Awaited<ReturnType<typeof startTestServer>>,
  openId: string,
) {
  await server.kv.set(keys.tokenRefreshClaim(openId), {
    owner: "another-process",
    until: server.clock.now() + 60_000,
  });
}

Deno.test("a post whose token another process is renewing past the wait answers 503 tiktok_token_busy with Retry-After, and posts once the renewal is done", async () => {
  const server = await startTestServer({ timing: { tokenRefreshWaitMs: 300 } });
  try {
    const me = await posterFor(server, "refresh_held", "annual");
    const before = (await getAccount(server.deps, me.openId))!.tiktok!;
    // Within the 5-minute margin: the post must renew the token itself.
    server.clock.set(before.accessExpiresAt - 2 * 60_000);
    await renewalHeldElsewhere(server, me.openId);
    const source = await me.uploadVideo();
    const refused = await me.call("POST", "/api/tiktok/direct_post", {
      source_url: source,
      title: "while another process renews",
    });
    assert.equal(refused.headers.get("retry-after"), "5");
    const body = await assertJsonError(refused, 503, "tiktok_token_busy");
    assert.equal(body.retry_after_seconds, 5);
    assert.equal(await initsAtTikTok(server, me), 0, "nothing went to TikTok");

    // The claim lapses (its process is gone): the same post goes.
    server.clock.advance(61_000);
    const posted = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: source,
      title: "while another process renews",
    });
    assert.equal(posted.status, 200, JSON.stringify(posted.body));
  } finally {
    await server.close();
  }
});

Deno.test("a scheduled post meeting another process's token renewal is run again, not failed", async () => {
  const server = await startTestServer({ timing: { tokenRefreshWaitMs: 300 } });
  try {
    const me = await posterFor(server, "refresh_held_job", "annual");
    const before = (await getAccount(server.deps, me.openId))!.tiktok!;
    const job = await me.json("POST", "/api/jobs", {
      kind: "tiktok",
      run_at: new Date(before.accessExpiresAt - 3 * 60_000).toISOString(),
      source_url: await me.uploadVideo(),
      title: "scheduled into a held renewal",
      privacy: "SELF_ONLY",
    });
    assert.equal(job.status, 200, JSON.stringify(job.body));
    server.clock.set(before.accessExpiresAt - 3 * 60_000);
    await renewalHeldElsewhere(server, me.openId);
    await runDueJobs(server.deps, { horizonMs: 0 });
    const waiting = await me.json("GET", `/api/jobs/${job.body.job_id}`);
    assert.equal(waiting.body.state, "scheduled", JSON.stringify(waiting.body));
    assert.equal(await initsAtTikTok(server, me), 0);

    server.clock.advance(61_000);
    await runDueJobs(server.deps, { horizonMs: 0 });
    const ran = await me.json("GET", `/api/jobs/${job.body.job_id}`);
    assert.equal(ran.body.state, "posted", JSON.stringify(ran.body));
    assert.equal(await initsAtTikTok(server, me), 1);
  } finally {
    await server.close();
  }
});
