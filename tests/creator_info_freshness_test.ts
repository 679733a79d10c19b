/**
 * TikTok's guidelines want a posting screen rendered from the latest
 * creator_info (docs/dashboard.md#tiktok-audit-checklist): the composer's
 * call (the dashboard's session) asks TikTok every time, while API keys get
 * the copy PM3K keeps 5 minutes (docs/posting.md#creator-info-and-posts).
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { visit } from "./_helpers/sandbox_sign_in.ts";
import { TIKTOK_COOLDOWN_MS } from "../lib/posting/post_reservation.ts";
import {
  CREATOR_INFO_FRESH_MS,
  CREATOR_INFO_TTL_MS,
} from "../lib/posting/creator_info_cache.ts";
import { keys } from "../lib/kv_keys.ts";

Deno.test("the composer's creator_info shows a change made on TikTok at once; an API key's waits out the cache", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "fresh_creator");
    const composer = async () => {
      const res = await visit(
        me.jar,
        `${server.url}/api/tiktok/creator_info`,
      );
      const body = await res.json();
      assert.equal(res.status, 200, JSON.stringify(body));
      return body;
    };
    const before = await me.json("GET", "/api/tiktok/creator_info");
    assert.equal(before.body.duet_disabled, false);
    assert.equal(before.body.comment_disabled, false);

    // The creator makes the account private and turns comments off in
    // TikTok, then opens the composer (seconds later).
    await me.sandbox({ private_account: true, comment_disabled: true });
    server.clock.advance(CREATOR_INFO_FRESH_MS);

    const shown = await composer();
    assert.equal(shown.comment_disabled, true, "comments greyed");
    assert.equal(shown.duet_disabled, true, "a private account has no Duet");
    assert.equal(shown.stitch_disabled, true);
    assert.ok(
      !shown.privacy_level_options.includes("PUBLIC_TO_EVERYONE"),
      String(shown.privacy_level_options),
    );
    // What the composer got is kept for the posts it sends.
    const api = await me.json("GET", "/api/tiktok/creator_info");
    assert.equal(api.body.comment_disabled, true);

    // Within seconds of TikTok's answer (a reload storm) the composer is
    // shown it again, without asking TikTok past its 20 calls a minute; an
    // API key is answered from the copy for its 5 minutes.
    await me.sandbox({ comment_disabled: false });
    assert.equal((await composer()).comment_disabled, true, "seconds old");
    server.clock.advance(CREATOR_INFO_FRESH_MS);
    const cached = await me.json("GET", "/api/tiktok/creator_info");
    assert.equal(cached.body.comment_disabled, true, "the kept copy");
    assert.equal((await composer()).comment_disabled, false, "TikTok's");
    assert.ok(CREATOR_INFO_FRESH_MS < CREATOR_INFO_TTL_MS);

    // During TikTok's cooldown the composer is not sent to TikTok: it
    // gets the kept copy.
    const now = server.clock.now();
    await server.kv.set(keys.tiktokCooldown(me.openId), {
      startedAt: now,
      until: now + TIKTOK_COOLDOWN_MS,
    });
    await me.sandbox({ comment_disabled: true });
    server.clock.advance(CREATOR_INFO_FRESH_MS);
    assert.equal((await composer()).comment_disabled, false, "kept copy");
  } finally {
    await server.close();
  }
});
