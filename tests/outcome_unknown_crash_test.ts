/**
 * A post whose process died while TikTok was being asked for it: the post
 * stays reserved with no answer recorded, so whether TikTok made it is
 * unknown. It is not listed while its request might still be running, and
 * is listed as `unknown` once it cannot be (docs/posting.md#outcome-unknown).
 */
import assert from "node:assert/strict";
import { ManualClock } from "../lib/clock.ts";
import { getTyped, keys, listTyped } from "../lib/kv_keys.ts";
import { postMaxDurationMs } from "../lib/posting/post_duration.ts";
import type { PostRecord } from "../lib/posting/post_record.ts";
import { startTestServer, TEST_SECRET_KEY } from "./_helpers/test_server.ts";
import {
  freePort,
  portraitOverApi,
  startServerProcess,
  stopServerProcess,
} from "./_helpers/server_process.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { waitUntil } from "./_helpers/wait_until.ts";

async function listedPosts(url: string, key: string) {
  const res = await fetch(`${url}/api/tiktok/posts`, {
    headers: { Authorization: `Bearer ${key}` },
  });
  assert.equal(res.status, 200);
  return (await res.json()).posts as Record<string, unknown>[];
}

Deno.test("a post whose process died while TikTok was asked is listed as unknown once its request can no longer be running", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "pm3k-unknown-crash-" });
  const env = { DATA_DIR: dataDir, KV_PATH: `${dataDir}/pm3k.kv` };
  const kv = await Deno.openKv(env.KV_PATH);
  try {
    // The account, and a TikTok that takes a minute to answer its init.
    const setup = await startTestServer({ env });
    const me = await posterFor(setup, "unknown_crash");
    await me.sandbox({ faults: [{ fault: "slow_answer", delay_ms: 60_000 }] });
    await setup.close();

    const holder = await startServerProcess(freePort(), {
      ...env,
      SECRET_KEY: TEST_SECRET_KEY,
      LOG_REQUESTS: "false",
      TIKTOK_TIMEOUT_MS: "120000",
    });
    let reserved: PostRecord;
    try {
      const { auth, done } = await portraitOverApi(holder.url, me.key);
      const dying = fetch(`${holder.url}/api/tiktok/direct_post`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({
          source_url: done.url,
          title: "died while asking",
          privacy: "SELF_ONLY",
        }),
      }).then(
        (res) => res.body?.cancel(),
        () => {}, // the connection dies with the process: expected
      );
      let found: PostRecord | null = null;
      await waitUntil("the post reserved", async () => {
        const [post] = await listTyped(
          kv,
          keys.postsByAccountPrefix(me.openId),
        );
        if (!post) return false;
        found = (await getTyped(kv, keys.post(post.value))).value;
        return found?.state === "reserved";
      });
      reserved = found!;
      await stopServerProcess(holder, "SIGKILL");
      await dying;
    } finally {
      await stopServerProcess(holder, "SIGKILL").catch(() => {});
    }

    const server = await startTestServer({
      env,
      clock: new ManualClock(reserved.createdAt + 1_000),
    });
    try {
      // Its request might still be running somewhere: not listed yet.
      assert.deepEqual(await listedPosts(server.url, me.key), []);
      server.clock.set(reserved.createdAt + postMaxDurationMs(server.deps));
      const [post] = await listedPosts(server.url, me.key);
      assert.deepEqual(
        [post.post_id, post.state, post.publish_id, post.status, post.title],
        [reserved.id, "unknown", null, null, "died while asking"],
      );
    } finally {
      await server.close();
    }
  } finally {
    kv.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});
