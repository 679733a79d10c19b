/**
 * Posting details the broader suites only touch: TikTok's 19-digit post ids
 * kept digit for digit, the order of checks
 * (docs/posting.md#order-of-checks) proven pair by pair (two errors apply,
 * the earlier one must win), the exact extra fields and Retry-After of the
 * time-based refusals, and a photo TikTok cannot download ending FAILED
 * with photo_pull_failed. Everything over real HTTP against the sandbox
 * TikTok.
 */
import assert from "node:assert/strict";
import { followAMinuteLater } from "./_helpers/follow_while.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import {
  albumOf,
  directPost,
  posterFor,
  postsOf,
  publishAtTikTok,
  verifySource,
} from "./_helpers/posting_setup.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { fixture } from "./_helpers/api_client.ts";
import { assertJsonError, assertJsonOk } from "./_helpers/http_asserts.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";
import { sandboxKeys } from "../sandbox/tiktok/sandbox_keys.ts";
import { TIKTOK_COOLDOWN_MS } from "../lib/posting/post_reservation.ts";
import { CREATOR_INFO_TTL_MS } from "../lib/posting/creator_info_cache.ts";
import {
  exhaustCreatorInfo,
  sandboxTokensOf,
} from "./_helpers/creator_info_limit.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Posts and expects 200; returns the publish_id. */
async function postOk(me: Poster, body: unknown): Promise<string> {
  const res = await directPost(me, body);
  const ok = await assertJsonOk(res);
  return String(ok.publish_id);
}

async function expectError(
  me: Poster,
  body: unknown,
  status: number,
  code: string,
): Promise<{ body: Record<string, unknown>; retryAfter: string | null }> {
  const res = await directPost(me, body);
  const retryAfter = res.headers.get("retry-after");
  return { body: await assertJsonError(res, status, code), retryAfter };
}

/** Asserts a 429 body's Retry-After header says `seconds`. */
function assertRetryAfter(
  got: { retryAfter: string | null },
  seconds: number,
) {
  assert.equal(got.retryAfter, String(seconds), "Retry-After header");
}

// ---------------------------------------------------------------------------
// 1. TikTok's 19-digit post ids
// ---------------------------------------------------------------------------

const TWO_POW_53 = 2n ** 53n;

/** What the sandbox sends on the wire for a publish: the id as a bare JSON number. */
async function sandboxWireStatus(
  server: TestServer,
  me: Poster,
  publishId: string,
): Promise<string> {
  const [token] = await sandboxTokensOf(server, me.openId);
  const res = await fetch(
    `${server.url}/_sandbox/tiktok/v2/post/publish/status/fetch/`,
    {
      method: "POST",
      headers: {
        Authorization: `Bearer ${token}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify({ publish_id: publishId }),
    },
  );
  assert.equal(res.status, 200);
  return await res.text();
}

/** Every place PM3K keeps or shows the post id; all must be `expected`. */
async function assertPostIdEverywhere(
  server: TestServer,
  me: Poster,
  publishId: string,
  expected: string,
) {
  // /api/tiktok/status, read as text: a JSON string with every digit.
  const res = await me.call("POST", "/api/tiktok/status", {
    publish_id: publishId,
  });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  assert.ok(
    text.includes(`"publicaly_available_post_id":["${expected}"]`),
    `status answer carries the id as an exact string: ${text}`,
  );
  const status = JSON.parse(text);
  assert.deepEqual([status.status, status.state], ["PUBLISH_COMPLETE", "done"]);
  const fromStatus = status.raw.data.publicaly_available_post_id[0];
  assert.equal(typeof fromStatus, "string");
  assert.equal(fromStatus, expected);

  // The post record's raw and the publish snapshot in KV.
  const posts = await postsOf(me);
  const listed = posts.find((p) => p.publish_id === publishId);
  assert.ok(listed, "GET /api/tiktok/posts lists the post");
  assert.deepEqual([listed.state, listed.status], ["done", "PUBLISH_COMPLETE"]);
  const record = (await getTyped(server.kv, keys.post(String(listed.post_id))))
    .value!;
  const recordData = record.raw!.data as Record<string, unknown[]>;
  assert.equal(recordData.publicaly_available_post_id[0], expected);
  const snapshot = (await getTyped(server.kv, keys.postByPublishId(publishId)))
    .value!;
  const snapshotData = snapshot.raw!.data as Record<string, unknown[]>;
  assert.equal(snapshotData.publicaly_available_post_id[0], expected);
}

Deno.test("the 19-digit post id TikTok issues reaches /status and our records digit for digit", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "exact_post_id");
    const publishId = await postOk(me, {
      source_url: await me.uploadVideo(),
      title: "an id beyond 2^53",
    });
    await followAMinuteLater(server); // TikTok downloads
    await followAMinuteLater(server); // TikTok publishes and issues the post id
    const issued = await publishAtTikTok(server, publishId);
    assert.equal(issued.status, "PUBLISH_COMPLETE");
    const postId = issued.postId!;
    assert.match(postId, /^\d{19}$/);
    assert.ok(BigInt(postId) > TWO_POW_53, "beyond exact JS numbers");
    // TikTok sends it as a bare JSON number, which JSON.parse would round.
    const wire = await sandboxWireStatus(server, me, publishId);
    assert.ok(
      wire.includes(`"publicaly_available_post_id":[${postId}]`),
      wire,
    );
    await assertPostIdEverywhere(server, me, publishId, postId);
  } finally {
    await server.close();
  }
});

Deno.test("a post id that a JS number round trip would change is kept exact", async () => {
  // 7351234567890123457 is not a double: Number() makes it …123456.
  const forced = "7351234567890123457";
  assert.notEqual(String(BigInt(Number(forced))), forced, "precondition");
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "forced_post_id");
    const publishId = await postOk(me, {
      source_url: await me.uploadVideo(),
      title: "forced id",
    });
    await followAMinuteLater(server); // TikTok downloads
    // The sandbox TikTok finishes this publish with the chosen id.
    const entry = await getTyped(server.kv, sandboxKeys.publish(publishId));
    assert.equal(entry.value?.status, "PROCESSING_DOWNLOAD");
    await server.kv.set(entry.key, {
      ...entry.value!,
      status: "PUBLISH_COMPLETE",
      postId: forced,
    });
    await followAMinuteLater(server);
    const wire = await sandboxWireStatus(server, me, publishId);
    assert.ok(wire.includes(`[${forced}]`), wire);
    assert.equal(
      String(JSON.parse(wire).data.publicaly_available_post_id[0]) === forced,
      false,
      "plain JSON.parse would have changed it",
    );
    await assertPostIdEverywhere(server, me, publishId, forced);
  } finally {
    await server.close();
  }
});

// ---------------------------------------------------------------------------
// 2. Order of checks (docs/posting.md#order-of-checks), pair by pair
// ---------------------------------------------------------------------------

Deno.test("order of checks: each earlier check wins over every later one that also applies", async (t) => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const me = await posterFor(server, "order_poster");
    const videoA = await me.uploadVideo();
    // Uploads refuse a landscape video at completion
    // (upload_refusal_test.ts): a verified domain's copy still reaches
    // posting's media check.
    await verifySource(me, source);
    const wide = `${source.origin}/landscape.mp4`;
    await postOk(me, { source_url: videoA, title: "first post" });
    const t0 = server.clock.now();
    server.clock.advance(MINUTE);
    // Now: videoA and "first post" are duplicates, the hour slot is taken.

    await t.step(
      "control: a clean post meets interval_limit, with exact retry fields",
      async () => {
        const got = await expectError(
          me,
          { source_url: await me.uploadVideo(), title: "clean one" },
          429,
          "interval_limit",
        );
        assert.equal(got.body.retry_after, new Date(t0 + HOUR).toISOString());
        assert.equal(got.body.minutes_left, 59);
        assert.equal(
          got.body.message,
          "You must wait about 59 more minutes before next TikTok post.",
        );
        assertRetryAfter(got, (t0 + HOUR - server.clock.now()) / 1000);
      },
    );

    await t.step("auth beats a bad body", async () => {
      const res = await fetch(`${server.url}/api/tiktok/direct_post`, {
        method: "POST",
        headers: {
          Authorization: "Bearer pm3k_not_a_key",
          "Content-Type": "application/json",
        },
        body: JSON.stringify({ title: 5 }),
      });
      await assertJsonError(res, 401, "unauthorized");
    });

    await t.step("schema beats a link in the caption", async () => {
      const got = await expectError(
        me,
        { source_url: videoA, title: `www.x.com ${"x".repeat(2200)}` },
        400,
        "bad_request",
      );
      assert.deepEqual(
        (got.body.issues as { path: string }[]).map((i) => i.path),
        ["title"],
      );
    });

    await t.step("caption beats media, duplicates and limits", async () => {
      await expectError(
        me,
        { source_url: wide, title: "see www.example.com" },
        400,
        "links_forbidden",
      );
      await expectError(
        me,
        { source_url: videoA, title: "first post https://x.io" },
        400,
        "links_forbidden",
      );
      await expectError(
        me,
        { source_url: videoA, title: "casino" },
        400,
        "forbidden_word",
      );
      await expectError(
        me,
        { source_url: "https://media.example.com/v.mp4", title: "casino" },
        400,
        "forbidden_word",
      );
      await expectError(
        me,
        { media_type: "PHOTO", photo_images: [], title: "casino night" },
        400,
        "forbidden_word",
      );
    });

    await t.step(
      "media (not vertical) beats caption_duplicate_account",
      async () => {
        const got = await expectError(
          me,
          { source_url: wide, title: "first post" },
          400,
          "bad_request",
        );
        assert.match(String(got.body.message), /vertical.*960×540/);
      },
    );

    await t.step(
      "domain_not_verified beats caption_duplicate_account",
      async () => {
        await expectError(
          me,
          {
            source_url: "https://media.example.com/v.mp4",
            title: "first post",
          },
          400,
          "domain_not_verified",
        );
      },
    );

    await t.step("too_few_images beats caption_duplicate_account", async () => {
      await expectError(
        me,
        { media_type: "PHOTO", photo_images: [], title: "first post" },
        400,
        "too_few_images",
      );
    });

    await t.step("creator rules beat video_duplicate", async () => {
      const privacy = await expectError(
        me,
        {
          source_url: videoA,
          title: "first post",
          privacy: "FOLLOWER_OF_CREATOR",
        },
        400,
        "bad_request",
      );
      assert.ok(Array.isArray(privacy.body.allowed_privacy));
      const ad = await expectError(
        me,
        { source_url: videoA, title: "first post", is_ad: true },
        400,
        "bad_request",
      );
      assert.match(String(ad.body.message), /is_ad requires/);
      await me.sandbox({ max_video_post_duration_sec: 1 });
      server.clock.advance(CREATOR_INFO_TTL_MS + MINUTE);
      const long = await expectError(
        me,
        { source_url: videoA, title: "first post" },
        400,
        "bad_request",
      );
      assert.match(String(long.body.message), /at most 1 s/);
      await me.sandbox({ max_video_post_duration_sec: 300 });
      server.clock.advance(CREATOR_INFO_TTL_MS + MINUTE);
    });

    await t.step(
      "video_duplicate beats caption_duplicate_account and interval_limit",
      async () => {
        await expectError(
          me,
          { source_url: videoA, title: "first post" },
          400,
          "video_duplicate",
        );
      },
    );

    await t.step("caption_duplicate_account beats interval_limit", async () => {
      await expectError(
        me,
        { source_url: await me.uploadVideo(), title: "FIRST   Post" },
        400,
        "caption_duplicate_account",
      );
    });

    let cooldownUntil = 0;
    await t.step(
      "TikTok's 429 (creator_info) starts the cooldown",
      async () => {
        // Uploaded first: completing an upload asks creator_info too.
        const video = await me.uploadVideo();
        server.clock.advance(CREATOR_INFO_TTL_MS + MINUTE); // cache expired
        await exhaustCreatorInfo(server, me);
        const got = await expectError(
          me,
          { source_url: video, title: "into the 429" },
          429,
          "tiktok_rate_limit",
        );
        assert.equal(got.body.retry_after_seconds, 10800);
        assertRetryAfter(got, 10800);
        cooldownUntil = server.clock.now() + TIKTOK_COOLDOWN_MS;
        assert.ok(
          server.clock.now() < t0 + HOUR,
          "the hour slot still applies",
        );
      },
    );

    await t.step("duplicates beat tiktok_cooldown", async () => {
      await expectError(
        me,
        { source_url: videoA, title: "new words" },
        400,
        "video_duplicate",
      );
      await expectError(
        me,
        { source_url: await me.uploadVideo(), title: "first post" },
        400,
        "caption_duplicate_account",
      );
    });

    await t.step("media and caption errors beat tiktok_cooldown", async () => {
      await expectError(
        me,
        { source_url: wide, title: "new words" },
        400,
        "bad_request",
      );
      await expectError(
        me,
        { source_url: wide, title: "www.x.com" },
        400,
        "links_forbidden",
      );
    });

    await t.step(
      "tiktok_cooldown beats interval_limit, with exact retry fields",
      async () => {
        server.clock.advance(1_234);
        const got = await expectError(
          me,
          { source_url: await me.uploadVideo(), title: "during cooldown" },
          429,
          "tiktok_cooldown",
        );
        const seconds = Math.ceil((cooldownUntil - server.clock.now()) / 1000);
        assert.equal(got.body.retry_after_seconds, seconds);
        assert.equal(
          got.body.retry_after,
          new Date(cooldownUntil).toISOString(),
        );
        assertRetryAfter(got, seconds);
        assert.equal(
          got.body.message,
          "TikTok recently returned HTTP 429 for this account; posting is temporarily paused.",
        );
      },
    );

    await t.step("caption_global_spam beats tiktok_cooldown", async () => {
      for (let i = 1; i <= 5; i++) {
        const other = await posterFor(server, `order_spam_${i}`);
        await postOk(other, {
          source_url: await other.uploadVideo(),
          title: "shared everywhere",
        });
      }
      await expectError(
        me,
        { source_url: await me.uploadVideo(), title: "Shared  EVERYWHERE" },
        400,
        "caption_global_spam",
      );
    });

    await t.step(
      "when the cooldown is over, the interval is what remains",
      async () => {
        // Cooldown started < 1 h after t0, so it ends after the hour slot;
        // check the last millisecond of the cooldown, then the first after.
        server.clock.set(cooldownUntil - 1);
        const last = await expectError(
          me,
          { source_url: await me.uploadVideo(), title: "just before" },
          429,
          "tiktok_cooldown",
        );
        assert.equal(last.body.retry_after_seconds, 1);
        assertRetryAfter(last, 1);
        server.clock.set(cooldownUntil);
        await postOk(me, {
          source_url: await me.uploadVideo(),
          title: "just after",
        });
      },
    );
  } finally {
    await source.close();
    await server.close();
  }
});

Deno.test("daily_limit: beats interval_limit, loses to duplicates and cooldown, and its retry_after is exact", async (t) => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "daily_order");
    const first = await me.uploadVideo();
    await postOk(me, { source_url: first, title: "day post 1" });
    const t0 = server.clock.now();
    for (let i = 2; i <= 10; i++) {
      server.clock.advance(HOUR);
      await postOk(me, {
        source_url: await me.uploadVideo(),
        title: `day post ${i}`,
      });
    }
    const t9 = server.clock.now();
    server.clock.advance(10 * MINUTE);
    const expectedRetry = new Date(t0 + DAY).toISOString();

    await t.step(
      "daily_limit beats interval_limit, with exact retry fields",
      async () => {
        assert.ok(server.clock.now() < t9 + HOUR, "the hour slot applies too");
        const got = await expectError(
          me,
          { source_url: await me.uploadVideo(), title: "eleventh" },
          429,
          "daily_limit",
        );
        assert.equal(got.body.retry_after, expectedRetry);
        assert.equal(
          got.body.message,
          "Daily TikTok posting limit (10/day) reached.",
        );
        assertRetryAfter(
          got,
          Math.ceil((t0 + DAY - server.clock.now()) / 1000),
        );
      },
    );

    await t.step(
      "video_duplicate and caption_duplicate_account beat daily_limit",
      async () => {
        await expectError(
          me,
          { source_url: first, title: "brand new" },
          400,
          "video_duplicate",
        );
        await expectError(
          me,
          { source_url: await me.uploadVideo(), title: "day post 3" },
          400,
          "caption_duplicate_account",
        );
      },
    );

    let cooldownUntil = 0;
    await t.step("tiktok_cooldown beats daily_limit", async () => {
      const video = await me.uploadVideo();
      server.clock.advance(CREATOR_INFO_TTL_MS + MINUTE);
      await exhaustCreatorInfo(server, me);
      await expectError(
        me,
        { source_url: video, title: "meets the 429" },
        429,
        "tiktok_rate_limit",
      );
      cooldownUntil = server.clock.now() + TIKTOK_COOLDOWN_MS;
      server.clock.advance(61_500);
      const got = await expectError(
        me,
        { source_url: await me.uploadVideo(), title: "cooling" },
        429,
        "tiktok_cooldown",
      );
      const seconds = Math.ceil((cooldownUntil - server.clock.now()) / 1000);
      assert.equal(got.body.retry_after_seconds, seconds);
      assert.equal(got.body.retry_after, new Date(cooldownUntil).toISOString());
      assertRetryAfter(got, seconds);
    });

    await t.step(
      "after the cooldown, daily_limit again, until exactly retry_after",
      async () => {
        server.clock.set(cooldownUntil);
        const after = await expectError(
          me,
          { source_url: await me.uploadVideo(), title: "still ten" },
          429,
          "daily_limit",
        );
        assert.equal(after.body.retry_after, expectedRetry);
        assertRetryAfter(
          after,
          Math.ceil((t0 + DAY - server.clock.now()) / 1000),
        );
        server.clock.set(t0 + DAY - 1);
        const edge = await expectError(
          me,
          { source_url: await me.uploadVideo(), title: "one ms early" },
          429,
          "daily_limit",
        );
        assert.equal(edge.body.retry_after, expectedRetry);
        assertRetryAfter(edge, 1);
        server.clock.set(t0 + DAY);
        await postOk(me, {
          source_url: await me.uploadVideo(),
          title: "at retry_after",
        });
      },
    );
  } finally {
    await server.close();
  }
});

// ---------------------------------------------------------------------------
// 4. photo_pull_failed
// ---------------------------------------------------------------------------

Deno.test("a photo TikTok cannot download ends FAILED with photo_pull_failed; the same album intact publishes", async () => {
  const server = await startTestServer();
  try {
    // Control: an intact album is published.
    const fine = await posterFor(server, "photo_pull_ok");
    const fineId = await postOk(fine, {
      media_type: "PHOTO",
      photo_images: (await albumOf(fine, "photo2.jpg", "photo3.webp")).urls,
      title: "two slides",
    });

    const me = await posterFor(server, "photo_pull_fails");
    const { urls: images } = await albumOf(me, "photo2.jpg", "photo3.webp");
    const publishId = await postOk(me, {
      media_type: "PHOTO",
      photo_images: images,
      title: "second slide vanishes",
    });
    // The second image disappears before TikTok pulls the photos.
    await server.deps.storage.delete(
      server.deps.storage.keyFromPublicUrl(images[1])!,
    );
    await followAMinuteLater(server);
    await followAMinuteLater(server);

    const okStatus = await fine.json("POST", "/api/tiktok/status", {
      publish_id: fineId,
    });
    assert.deepEqual([okStatus.body.status, okStatus.body.state], [
      "PUBLISH_COMPLETE",
      "done",
    ]);
    assert.equal(await fine.sandboxPosts(), 1);

    const s = await me.json("POST", "/api/tiktok/status", {
      publish_id: publishId,
    });
    assert.equal(s.status, 200, JSON.stringify(s.body));
    assert.deepEqual([s.body.status, s.body.state, s.body.fail_reason], [
      "FAILED",
      "failed",
      "photo_pull_failed",
    ]);
    const raw = (s.body.raw as { data: Record<string, unknown> }).data;
    assert.equal(raw.fail_reason, "photo_pull_failed");
    // TikTok pulled the first slide, then failed on the second.
    assert.equal(
      raw.downloaded_bytes,
      (await fixture("photo2.jpg")).length,
    );
    assert.equal(await me.sandboxPosts(), 0);
    const listed = (await postsOf(me)).find((p) => p.publish_id === publishId);
    assert.deepEqual(
      [listed?.kind, listed?.state, listed?.fail_reason],
      ["photo", "failed", "photo_pull_failed"],
    );
  } finally {
    await server.close();
  }
});
