/**
 * GET /api/tiktok/posts carries TikTok's public post id, exact, once the
 * post is public, and none for a post that is not.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor, postsOf } from "./_helpers/posting_setup.ts";
import { followAMinuteLater } from "./_helpers/follow_while.ts";

Deno.test("a public post lists its public_post_id once complete; a private one never", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "public_id_poster");
    const open = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "for everyone",
      privacy: "PUBLIC_TO_EVERYONE",
    });
    assert.equal(open.status, 200, JSON.stringify(open.body));
    const before = (await postsOf(me))[0];
    assert.equal(before.public_post_id, null, "not public yet");
    for (let i = 0; i < 5; i++) await followAMinuteLater(server);
    const after = (await postsOf(me))[0];
    assert.equal(after.state, "done");
    assert.match(String(after.public_post_id), /^7\d{18}$/);

    const other = await posterFor(server, "private_id_poster");
    const hidden = await other.json("POST", "/api/tiktok/direct_post", {
      source_url: await other.uploadVideo(),
      title: "only me",
      privacy: "SELF_ONLY",
    });
    assert.equal(hidden.status, 200);
    for (let i = 0; i < 5; i++) await followAMinuteLater(server);
    const done = (await postsOf(other))[0];
    assert.equal(done.state, "done");
    assert.equal(done.public_post_id, null);
  } finally {
    await server.close();
  }
});
