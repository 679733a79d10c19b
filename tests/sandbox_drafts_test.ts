/**
 * The TikTok simulator's drafts and unaudited app over HTTP, as mounted in
 * the real server (docs/sandbox.md#content-posting-api): inbox video init's
 * shape and scope, the cap of 5 pending drafts in 24 hours, and an
 * unaudited simulated app refusing Direct Posts to public accounts.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { sandboxAdmin } from "./_helpers/dashboard_seed.ts";
import {
  ensureSandboxUser,
  issueTokens,
} from "../sandbox/tiktok/sandbox_store.ts";
import { SANDBOX_CLIENT_KEY } from "../lib/config.ts";
import { getTyped } from "../lib/kv_keys.ts";
import { sandboxKeys } from "../sandbox/tiktok/sandbox_keys.ts";

const ALL = "user.info.basic,video.publish,video.upload";

async function tokenFor(server: TestServer, name: string, scope = ALL) {
  const user = await ensureSandboxUser(server.kv, server.clock, name);
  const tokens = await issueTokens(server.kv, server.clock, {
    openId: user.openId,
    clientKey: SANDBOX_CLIENT_KEY,
    scope,
  });
  return { openId: user.openId, token: tokens.access_token };
}

async function call(
  server: TestServer,
  path: string,
  token: string,
  body: unknown,
) {
  const res = await fetch(`${server.url}/_sandbox/tiktok${path}`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${token}`,
      "Content-Type": "application/json; charset=UTF-8",
    },
    body: JSON.stringify(body),
  });
  // deno-lint-ignore no-explicit-any
  return { status: res.status, body: await res.json() as any };
}

const INBOX = "/v2/post/publish/inbox/video/init/";
const VIDEO = "/v2/post/publish/video/init/";

function inboxBody(server: TestServer, n: number) {
  return {
    source_info: {
      source: "PULL_FROM_URL",
      video_url: `${server.url}/files/draft-${n}.mp4`,
    },
  };
}

Deno.test("the simulator's inbox init takes source_info only, needs video.upload, and a sixth pending draft in 24 h is refused", async () => {
  const server = await startTestServer();
  try {
    const noUpload = await tokenFor(
      server,
      "sim_no_upload",
      "user.info.basic,video.publish",
    );
    const refused = await call(
      server,
      INBOX,
      noUpload.token,
      inboxBody(server, 0),
    );
    assert.equal(refused.status, 401);
    assert.equal(refused.body.error.code, "scope_not_authorized");

    const me = await tokenFor(server, "sim_drafts");
    const withCaption = await call(server, INBOX, me.token, {
      ...inboxBody(server, 0),
      post_info: { title: "a caption" },
    });
    assert.equal(withCaption.status, 400);
    assert.equal(withCaption.body.error.code, "invalid_param");

    for (let n = 1; n <= 5; n++) {
      const ok = await call(server, INBOX, me.token, inboxBody(server, n));
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.match(ok.body.data.publish_id, /^v_inbox_url~v2\.\d+$/);
      server.clock.advance(61_000); // TikTok's 6 inits a minute per token
    }
    const sixth = await call(server, INBOX, me.token, inboxBody(server, 6));
    assert.equal(sixth.status, 403);
    assert.equal(sixth.body.error.code, "spam_risk_too_many_pending_share");
    // Photo drafts count against the same inbox.
    const photo = await call(
      server,
      "/v2/post/publish/content/init/",
      me.token,
      {
        media_type: "PHOTO",
        post_mode: "MEDIA_UPLOAD",
        post_info: { title: "photos", description: "photos" },
        source_info: {
          source: "PULL_FROM_URL",
          photo_images: [`${server.url}/files/a.jpg`],
          photo_cover_index: 0,
        },
      },
    );
    assert.equal(photo.status, 403);
    assert.equal(photo.body.error.code, "spam_risk_too_many_pending_share");
    // Direct Posts are not drafts: not counted.
    const direct = await call(server, VIDEO, me.token, {
      post_info: { title: "direct", privacy_level: "SELF_ONLY" },
      source_info: inboxBody(server, 7).source_info,
    });
    assert.equal(direct.status, 200, JSON.stringify(direct.body));

    server.clock.advance(24 * 3600_000);
    const fresh = await tokenFor(server, "sim_drafts"); // the old one expired
    const later = await call(server, INBOX, fresh.token, inboxBody(server, 8));
    assert.equal(
      later.status,
      200,
      "24 hours on, the inbox takes drafts again",
    );
  } finally {
    await server.close();
  }
});

Deno.test("an unaudited simulated app refuses Direct Posts to public accounts and keeps posts private", async () => {
  const server = await startTestServer({
    env: { TIKTOK_APP_AUDITED: "false" },
  });
  try {
    const me = await tokenFor(server, "sim_unaudited");
    const body = (privacy: string) => ({
      post_info: { title: "x", privacy_level: privacy },
      source_info: {
        source: "PULL_FROM_URL",
        video_url: `${server.url}/files/u.mp4`,
      },
    });
    const pub = await call(server, VIDEO, me.token, body("SELF_ONLY"));
    assert.equal(pub.status, 403);
    assert.equal(
      pub.body.error.code,
      "unaudited_client_can_only_post_to_private_accounts",
    );
    await sandboxAdmin(server, me.openId, { private_account: true });
    const priv = await call(
      server,
      VIDEO,
      me.token,
      body("FOLLOWER_OF_CREATOR"),
    );
    assert.equal(priv.status, 200, JSON.stringify(priv.body));
    const publish = await getTyped(
      server.kv,
      sandboxKeys.publish(priv.body.data.publish_id),
    );
    assert.equal(publish.value?.privacyLevel, "SELF_ONLY", "forced private");
  } finally {
    await server.close();
  }
});
