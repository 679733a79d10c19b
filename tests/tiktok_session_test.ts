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
