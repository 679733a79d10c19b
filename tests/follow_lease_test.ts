/**
 * A publish whose status check was claimed by a process that then died is
 * checked again once the claim's lease runs out: /status never stays
 * pending forever because of a crash.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { directPost, posterFor } from "./_helpers/posting_setup.ts";
import {
  claimFollow,
  FOLLOW_LEASE_MS,
  followDuePublishes,
} from "../lib/posting/follow_publishes.ts";
import { getTyped, keys, listTyped } from "../lib/kv_keys.ts";

Deno.test("a status check claimed by a process that died is made once the lease runs out", async () => {
  const server = await startTestServer();
  try {
    const deps = server.deps;
    const me = await posterFor(server, "lease_poster");
    const res = await directPost(me, {
      source_url: await me.uploadVideo(),
      title: "followed despite a crash",
    });
    const { publish_id } = await res.json();
    assert.equal(res.status, 200);
    const ref = await getTyped(server.kv, keys.postByPublishId(publish_id));
    const postId = ref.value!.postId;

    server.clock.advance(60_000);
    // A follower claims the check and dies before asking TikTok.
    assert.ok(await claimFollow(deps, postId));
    assert.equal(await followDuePublishes(deps), 0, "leased: not yet");
    server.clock.advance(FOLLOW_LEASE_MS);
    assert.equal(await followDuePublishes(deps), 1);
    server.clock.advance(60_000);
    assert.equal(await followDuePublishes(deps), 1);
    const status = await me.json("POST", "/api/tiktok/status", {
      publish_id,
    });
    assert.equal(status.body.state, "done", JSON.stringify(status.body));
    const post = (await getTyped(server.kv, keys.post(postId))).value!;
    assert.equal(post.checks, 2);
    assert.deepEqual(
      await listTyped(server.kv, keys.postFollowPrefix()),
      [],
      "no follow entry left once final",
    );
  } finally {
    await server.close();
  }
});
