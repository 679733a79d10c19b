/** TikTok tokens are refreshed before they expire; a refused refresh asks the user to reconnect. */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
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
    const tiktok = await (await fetch(
      `${server.url}/_sandbox/tiktok/_admin/users/${me.openId}`,
    )).json();
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
