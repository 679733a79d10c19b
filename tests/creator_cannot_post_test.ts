/**
 * TikTok's "cannot post now" on creator_info (HTTP 200 with
 * spam_risk_too_many_posts, spam_risk_user_banned_from_posting or
 * reached_active_user_cap, docs/tiktok.md#errors-and-limits): PM3K says so
 * on creator_info and refuses the post before any init, spending nothing.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { limitsOf, posterFor } from "./_helpers/posting_setup.ts";
import { CREATOR_INFO_TTL_MS } from "../lib/posting/creator_info_cache.ts";
import { getTyped } from "../lib/kv_keys.ts";
import { sandboxKeys } from "../sandbox/tiktok/sandbox_keys.ts";

Deno.test("TikTok's cannot-post answers on creator_info refuse creator_info and the post, before any init and without spending the slot", async (t) => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "cannot_post");
    const video = await me.uploadVideo();
    const postsLeft = async () => Number((await limitsOf(me)).posts_left_today);
    const before = await postsLeft();
    const cases: [string, number, string][] = [
      ["spam_risk_user_banned_from_posting", 502, "tiktok_error"],
      ["spam_risk_too_many_posts", 502, "tiktok_error"],
      ["reached_active_user_cap", 403, "tiktok_active_user_cap"],
    ];
    for (const [code, status, error] of cases) {
      await t.step(code, async () => {
        await me.sandbox({ creator_info_error: code });
        // creator_info is asked again once the cached copy ages out.
        server.clock.advance(CREATOR_INFO_TTL_MS + 60_000);
        const info = await me.json("GET", "/api/tiktok/creator_info");
        assert.equal(info.status, status, JSON.stringify(info.body));
        assert.equal(info.body.error, error);
        assert.equal(info.body.tiktok_code, code);
        // Words, not TikTok's code, for whoever reads the message.
        assert.doesNotMatch(String(info.body.message), new RegExp(code));
        const post = await me.json("POST", "/api/tiktok/direct_post", {
          source_url: video,
          title: `refused by ${code}`,
        });
        assert.equal(post.status, status, JSON.stringify(post.body));
        assert.equal(post.body.tiktok_code, code);
        assert.equal(await postsLeft(), before, "the slot is not spent");
      });
    }
    await t.step("cleared, the same video posts", async () => {
      await me.sandbox({ creator_info_error: null });
      server.clock.advance(CREATOR_INFO_TTL_MS + 60_000);
      const post = await me.json("POST", "/api/tiktok/direct_post", {
        source_url: video,
        title: "allowed again",
      });
      assert.equal(post.status, 200, JSON.stringify(post.body));
    });
    const inits =
      (await getTyped(server.kv, sandboxKeys.initCount(me.openId))).value;
    assert.equal(Number(inits?.value ?? 0n), 1, "only the last post's init");
  } finally {
    await server.close();
  }
});

Deno.test("the simulator refuses an unknown creator_info_error by name", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "cannot_post_bad");
    await assert.rejects(
      () => me.sandbox({ creator_info_error: "meteor" }),
      /Unknown creator_info_error \\"meteor\\"/,
    );
  } finally {
    await server.close();
  }
});

Deno.test("a draft goes to the inbox while TikTok's daily cap of posts refuses direct posts; a ban from posting refuses drafts too", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "capped_drafter");
    const video = await me.uploadVideo();
    await me.sandbox({ creator_info_error: "spam_risk_too_many_posts" });
    server.clock.advance(CREATOR_INFO_TTL_MS + 60_000);
    const direct = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: video,
      title: "a direct post past the cap",
    });
    assert.equal(direct.status, 502, JSON.stringify(direct.body));
    assert.equal(direct.body.tiktok_code, "spam_risk_too_many_posts");
    // TikTok's cap counts Direct Posts; drafts have their own (5 pending).
    const draft = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: video,
      title: "a draft past the cap",
      post_mode: "MEDIA_UPLOAD",
    });
    assert.equal(draft.status, 200, JSON.stringify(draft.body));
    assert.ok(draft.body.publish_id);

    await me.sandbox({
      creator_info_error: "spam_risk_user_banned_from_posting",
    });
    server.clock.advance(CREATOR_INFO_TTL_MS + 60 * 60_000);
    const banned = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "a draft while banned",
      post_mode: "MEDIA_UPLOAD",
    });
    assert.equal(banned.status, 502, JSON.stringify(banned.body));
    assert.equal(
      banned.body.tiktok_code,
      "spam_risk_user_banned_from_posting",
    );
  } finally {
    await server.close();
  }
});
