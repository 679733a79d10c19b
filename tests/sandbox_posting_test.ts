/**
 * The sandbox TikTok itself, called as TikTok's Content Posting API is:
 * it refuses a privacy level the creator does not offer, as TikTok does.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { SANDBOX_CLIENT_KEY } from "../lib/config.ts";
import { issueTokens } from "../sandbox/tiktok/sandbox_store.ts";
import { TIKTOK_SCOPES } from "../lib/tiktok/tiktok_scopes.ts";

Deno.test("the sandbox refuses a privacy level outside the creator's options, and accepts one inside", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "sandbox_privacy");
    await me.sandbox({ private_account: true });
    const { access_token } = await issueTokens(server.kv, server.clock, {
      openId: me.openId,
      clientKey: SANDBOX_CLIENT_KEY,
      scope: TIKTOK_SCOPES.join(","),
    });
    const init = (privacy: string) =>
      fetch(`${server.url}/_sandbox/tiktok/v2/post/publish/video/init/`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${access_token}`,
          "Content-Type": "application/json; charset=UTF-8",
        },
        body: JSON.stringify({
          post_info: { title: "direct", privacy_level: privacy },
          source_info: {
            source: "PULL_FROM_URL",
            video_url: `${server.url}/files/uploads/x/v.mp4`,
          },
        }),
      });
    const refused = await init("PUBLIC_TO_EVERYONE");
    const body = await refused.json();
    assert.equal(refused.status, 403);
    assert.equal(body.error.code, "privacy_level_option_mismatch");
    const accepted = await init("SELF_ONLY");
    const ok = await accepted.json();
    assert.equal(accepted.status, 200, JSON.stringify(ok));
    assert.match(ok.data.publish_id, /^v_pub_url~v2\./);
  } finally {
    await server.close();
  }
});
