/**
 * Limits and duplicates hold under concurrency (one atomic reservation per
 * post), and a TikTok failure after the reservation gives it back.
 */
import assert from "node:assert/strict";
import { startTestServer, TEST_SECRET_KEY } from "./_helpers/test_server.ts";
import { upsertAccount } from "../lib/accounts/accounts_store.ts";
import { deriveTokenKey, encryptText } from "../lib/crypto/token_cipher.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { keys, listTyped } from "../lib/kv_keys.ts";
import { reservePost } from "../lib/posting/post_reservation.ts";
import type { PostRecord } from "../lib/posting/post_record.ts";
import { ManualClock } from "../lib/clock.ts";
import { AppError } from "../lib/errors.ts";
import { writesContendedUnder } from "./_helpers/kv_write_hook.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";

Deno.test("50 simultaneous posts with 50 videos and captions: exactly 1 ok, 49 interval_limit", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "race_different");
    const urls = [];
    for (let i = 0; i < 50; i++) urls.push(await me.uploadVideo(`c${i}.mp4`));
    const answers = await Promise.all(
      urls.map((url, i) =>
        me.json("POST", "/api/tiktok/direct_post", {
          source_url: url,
          title: `caption number ${i}`,
        })
      ),
    );
    const codes = answers.map((a) => (a.body.ok ? "ok" : String(a.body.error)));
    assert.equal(codes.filter((c) => c === "ok").length, 1, codes.join(","));
    assert.equal(codes.filter((c) => c === "interval_limit").length, 49);
    assert.ok(answers.filter((a) => !a.body.ok).every((a) => a.status === 429));
    const posts = await listTyped(
      server.kv,
      keys.postsByAccountPrefix(me.openId),
    );
    assert.equal(posts.length, 1, "no half-written posts left");
    const quota =
      (await server.kv.get<{ recent: unknown[] }>(keys.postQuota(me.openId)))
        .value;
    assert.equal(quota?.recent.length, 1);
  } finally {
    await server.close();
  }
});

Deno.test("50 simultaneous posts of the same video: exactly 1 ok, 49 video_duplicate", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "race_same");
    const url = await me.uploadVideo();
    const answers = await Promise.all(
      Array.from(
        { length: 50 },
        (_, i) =>
          me.json("POST", "/api/tiktok/direct_post", {
            source_url: url,
            title: `another caption ${i}`,
          }),
      ),
    );
    const codes = answers.map((a) => (a.body.ok ? "ok" : String(a.body.error)));
    assert.equal(codes.filter((c) => c === "ok").length, 1, codes.join(","));
    assert.equal(codes.filter((c) => c === "video_duplicate").length, 49);
  } finally {
    await server.close();
  }
});

Deno.test("the same caption on 6 accounts at once: the 6th gets caption_global_spam", async () => {
  const server = await startTestServer();
  try {
    const posters = [];
    for (let i = 0; i < 6; i++) {
      const p = await posterFor(server, `race_caption_${i}`);
      posters.push({ p, url: await p.uploadVideo() });
    }
    const answers = await Promise.all(
      posters.map(({ p, url }) =>
        p.json("POST", "/api/tiktok/direct_post", {
          source_url: url,
          title: "Shared caption",
        })
      ),
    );
    const codes = answers.map((a) => (a.body.ok ? "ok" : String(a.body.error)));
    assert.equal(codes.filter((c) => c === "ok").length, 5, codes.join(","));
    assert.deepEqual(codes.filter((c) => c !== "ok"), ["caption_global_spam"]);
  } finally {
    await server.close();
  }
});

Deno.test("a TikTok failure after the reservation releases it: the next post is allowed", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "release_me");
    await me.sandbox({ faults: [{ fault: "server_error" }] });
    const url = await me.uploadVideo();
    const failed = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: url,
      title: "try once",
    });
    assert.equal(failed.body.error, "tiktok_error");
    assert.deepEqual(
      await listTyped(server.kv, keys.postsByAccountPrefix(me.openId)),
      [],
    );
    const ok = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: url,
      title: "try once",
    });
    assert.equal(
      ok.status,
      200,
      "no interval_limit, no duplicate: the reservation was released",
    );
  } finally {
    await server.close();
  }
});

Deno.test("duplicate marks last 12 months, limits use rolling windows", async () => {
  using kv = await Deno.openKv(":memory:");
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const deps = { kv, clock };
  // A post is reserved for an account that exists (a deleted one's is 401,
  // docs/accounts.md#deleting-an-account); its tokens are not used here.
  const tokenKey = await deriveTokenKey(TEST_SECRET_KEY);
  await upsertAccount(deps, {
    openId: "acct",
    displayName: "Acct",
    avatarUrl: "",
    tiktok: {
      accessToken: await encryptText(tokenKey, "unused"),
      refreshToken: await encryptText(tokenKey, "unused"),
      accessExpiresAt: clock.now() + 86_400_000,
      refreshExpiresAt: clock.now() + 31_536_000_000,
      scope: "video.publish",
    },
  });
  const post = (
    id: string,
    fingerprint: string,
    caption: string,
  ): PostRecord => ({
    id,
    openId: "acct",
    kind: "video",
    state: "reserved",
    publishId: null,
    tiktokStatus: null,
    failReason: null,
    raw: null,
    title: caption,
    sourceUrls: [],
    mediaUrls: [],
    fingerprint,
    captionHash: caption,
    createdAt: 0,
    updatedAt: 0,
    nextCheckAt: null,
    checks: 0,
  });
  const code = async (p: PostRecord) => {
    try {
      // No media of its own: nothing a deletion could take from it.
      await reservePost(deps, p, {
        openId: "acct",
        markVersionstamp: null,
        own: [],
      });
      return "ok";
    } catch (e) {
      if (e instanceof AppError) return e.code;
      throw e;
    }
  };
  assert.equal(await code(post("p1", "fp1", "c1")), "ok");
  clock.advance(59 * 60_000);
  assert.equal(await code(post("p2", "fp2", "c2")), "interval_limit");
  clock.advance(60_000);
  assert.equal(await code(post("p3", "fp3", "c3")), "ok", "rolling hour");
  clock.advance(364 * 24 * 3600_000);
  assert.equal(
    await code(post("p4", "fp1", "c9")),
    "video_duplicate",
    "within 12 months",
  );
  assert.equal(
    await code(post("p5", "fp9", "c1")),
    "caption_duplicate_account",
  );
  clock.advance(2 * 24 * 3600_000);
  assert.equal(await code(post("p6", "fp1", "c1")), "ok", "after 12 months");
});

Deno.test("a post whose record keeps changing after TikTok took it answers 409 conflict saying so, after bounded tries", async () => {
  // Only the commit recording TikTok's answer writes the publish index.
  const contention = writesContendedUnder(
    keys.postByPublishId("x").slice(0, 1),
  );
  const server = await startTestServer({ wrapKv: contention.wrapKv });
  try {
    const me = await posterFor(server, "confirm_contended");
    const url = await me.uploadVideo();
    contention.on = true;
    const res = await me.call("POST", "/api/tiktok/direct_post", {
      source_url: url,
      title: "taken, then contended",
    });
    const body = await assertJsonError(res, 409, "conflict");
    assert.match(String(body.message), /^TikTok took this post/);
    assert.equal(contention.lost, 50);
    contention.on = false;
    // Left reserved, as after any commit that failed once TikTok took it.
    const posts = [];
    for await (const e of server.kv.list<PostRecord>({ prefix: ["posts"] })) {
      posts.push(e.value.state);
    }
    assert.deepEqual(posts, ["reserved"]);
  } finally {
    await server.close();
  }
});
