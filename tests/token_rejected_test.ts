/**
 * TikTok refusing an access token PM3K held as valid (access_token_invalid),
 * with no authorization.removed event to say why
 * (docs/tiktok.md#disconnected-accounts): PM3K renews that token at once. A
 * renewal TikTok refuses disconnects the account (401
 * tiktok_reauth_required, account.disconnected once); a renewal that works
 * answers "try again", and the retry posts.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { hookedPoster, posterFor } from "./_helpers/posting_setup.ts";
import { startWebhookReceiver } from "./_helpers/webhook_receiver.ts";
import { followAMinuteLater } from "./_helpers/follow_while.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";
import { emitted, revokeAtTikTok } from "./_helpers/tiktok_events.ts";
import { getAccount } from "../lib/accounts/accounts_store.ts";
import { listTyped } from "../lib/kv_keys.ts";
import { CREATOR_INFO_TTL_MS } from "../lib/posting/creator_info_cache.ts";
import { sandboxKeys } from "../sandbox/tiktok/sandbox_keys.ts";

/**
 * The account is disconnected for a refused renewal, and said so once
 * (one `account.disconnected`, with that reason).
 */
async function assertDisconnectedOnce(
  server: TestServer,
  openId: string,
): Promise<void> {
  const account = (await getAccount(server.deps, openId))!;
  assert.deepEqual(
    [account.tiktokReauthRequired, account.disconnectReason],
    [true, "refresh_failed"],
  );
  const disconnected = await emitted(server, openId, "account.disconnected");
  assert.equal(disconnected.length, 1);
  assert.equal(disconnected[0].reason, "refresh_failed");
}

Deno.test("a token TikTok refuses after the creator revoked PM3K, with no event sent, disconnects the account at the next post", async () => {
  // SANDBOX_WEBHOOKS is off: the revocation reaches PM3K only through
  // TikTok's refusals, as for an app with no callback registered.
  const server = await startTestServer();
  const hook = startWebhookReceiver(["ok"]);
  try {
    const me = await hookedPoster(server, hook, "silently_revoked");
    const video = await me.uploadVideo();
    await revokeAtTikTok(server, me.openId);
    assert.equal(
      (await getAccount(server.deps, me.openId))!.tiktokReauthRequired,
      undefined,
      "PM3K has not heard of it yet",
    );

    const refused = await assertJsonError(
      await me.call("POST", "/api/tiktok/direct_post", {
        source_url: video,
        title: "after a silent revocation",
      }),
      401,
      "tiktok_reauth_required",
    );
    assert.match(String(refused.message), /refused to renew/);
    assert.match(String(refused.message), /sign in with TikTok again/);
    await assertDisconnectedOnce(server, me.openId);
    assert.equal(await me.sandboxPosts(), 0);
  } finally {
    await hook.close();
    await server.close();
  }
});

Deno.test("creator_info meeting a refused token disconnects the account the same way", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "revoked_creator_info");
    server.clock.advance(CREATOR_INFO_TTL_MS + 60_000); // nothing cached
    await revokeAtTikTok(server, me.openId);
    await assertJsonError(
      await me.call("GET", "/api/tiktok/creator_info"),
      401,
      "tiktok_reauth_required",
    );
    assert.equal(
      (await getAccount(server.deps, me.openId))!.disconnectReason,
      "refresh_failed",
    );
  } finally {
    await server.close();
  }
});

Deno.test("a token TikTok dropped while its refresh token still works is renewed: the post answers try again, and the retry posts", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "token_dropped");
    const video = await me.uploadVideo();
    // TikTok ends the access token early (the simulator forgets it); the
    // refresh token is untouched.
    for (
      const entry of await listTyped(
        server.kv,
        sandboxKeys.accessTokensPrefix(),
      )
    ) {
      if (entry.value.openId === me.openId) await server.kv.delete(entry.key);
    }
    const before = (await getAccount(server.deps, me.openId))!.tiktok!;

    const refused = await assertJsonError(
      await me.call("POST", "/api/tiktok/direct_post", {
        source_url: video,
        title: "token dropped",
      }),
      502,
      "tiktok_error",
    );
    assert.equal(refused.tiktok_code, "access_token_invalid");
    assert.match(String(refused.message), /has now been renewed: try again/);
    const after = (await getAccount(server.deps, me.openId))!;
    assert.notEqual(after.tiktok!.accessToken, before.accessToken);
    assert.equal(after.tiktokReauthRequired, undefined);

    const retried = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: video,
      title: "token dropped",
    });
    assert.equal(retried.status, 200, JSON.stringify(retried.body));
  } finally {
    await server.close();
  }
});

Deno.test("the publish follower meeting a token TikTok refuses disconnects the account then, not a day later at the token's refresh", async () => {
  const server = await startTestServer();
  const hook = startWebhookReceiver(["ok"]);
  try {
    const me = await hookedPoster(server, hook, "revoked_while_followed");
    const posted = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "followed, then revoked",
    });
    assert.equal(posted.status, 200, JSON.stringify(posted.body));
    // The creator removes PM3K in TikTok; no event reaches PM3K. Its next
    // status check of the publish meets the refused token.
    await revokeAtTikTok(server, me.openId);
    for (let i = 0; i < 3; i++) await followAMinuteLater(server);
    await assertDisconnectedOnce(server, me.openId);
  } finally {
    await hook.close();
    await server.close();
  }
});
