/**
 * Every posting error (docs/posting.md#errors-of-a-post) through the HTTP
 * API, with its status, body and extra fields, in the order of checks
 * (docs/posting.md#order-of-checks).
 */
import { TIKTOK_SERVER_ERROR_MESSAGE } from "../lib/posting/tiktok_errors.ts";
import { OUTCOME_UNKNOWN_SENTENCE } from "../lib/tiktok/fail_reasons.ts";
import { CREATOR_INFO_TTL_MS } from "../lib/posting/creator_info_cache.ts";
import assert from "node:assert/strict";
import { followAMinuteLater } from "./_helpers/follow_while.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import {
  directPost,
  initsAtTikTok,
  limitsOf,
  posterFor,
  SHORT_TIKTOK_TIMEOUT,
  verifySource,
} from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import { startS3rver } from "./_helpers/s3rver_harness.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";
import { fixture, uploadBytes } from "./_helpers/api_client.ts";

const HOUR = 3600_000;

/** Uploads `bytes` (expected to succeed); the file URL. */
async function uploadedUrl(
  me: Poster,
  bytes: Uint8Array,
  filename: string,
  contentType = "video/mp4",
): Promise<string> {
  const r = await uploadBytes(me, bytes, { filename, contentType });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return String(r.body.url);
}

async function expectError(
  me: Poster,
  body: unknown,
  status: number,
  code: string,
) {
  return await assertJsonError(await directPost(me, body), status, code);
}

Deno.test("caption, media and creator errors come before limits", async (t) => {
  const server = await startTestServer({
    env: { STOP_WORDS_EXTRA: "forbidden phrase, brandx" },
  });
  const source = await startSourceServer();
  try {
    const me = await posterFor(server, "error_poster");
    const url = await me.uploadVideo();
    await t.step("links_forbidden", async () => {
      for (
        const title of [
          "see https://x.io",
          "HTTP://X.IO",
          "go to www.example.com",
          "ｗｗｗ．example．com",
        ]
      ) {
        const body = await expectError(
          me,
          { source_url: url, title },
          400,
          "links_forbidden",
        );
        assert.equal(
          body.message,
          "Links are not allowed in TikTok captions for this service.",
        );
      }
    });
    await t.step("forbidden_word, built in and configured", async () => {
      const body = await expectError(
        me,
        { source_url: url, title: "Best CASINO deals" },
        400,
        "forbidden_word",
      );
      assert.equal(
        body.message,
        'Caption contains forbidden content: "casino".',
      );
      await expectError(
        me,
        { source_url: url, title: "a Forbidden   Phrase here" },
        400,
        "forbidden_word",
      );
      await expectError(
        me,
        { source_url: url, title: "by BrandX" },
        400,
        "forbidden_word",
      );
    });
    await t.step("a link beats a bad source (caption first)", async () => {
      await expectError(
        me,
        { source_url: "https://media.example.com/v.mp4", title: "www.x.com" },
        400,
        "links_forbidden",
      );
    });
    await t.step("domain_not_verified", async () => {
      const body = await expectError(
        me,
        { source_url: "https://media.example.com/v.mp4", title: "fine" },
        400,
        "domain_not_verified",
      );
      assert.equal(body.domain, "media.example.com");
      // What to do, for a host the caller does not own (Drive, Dropbox,
      // a CDN): upload from the URL first, or verify a domain it owns.
      assert.match(
        body.message as string,
        /media\.example\.com is not a domain this account verified\. Upload the file first from its URL \(POST \/api\/uploads\/from_url.*POST \/api\/domains/,
      );
    });
    await t.step("schema errors", async () => {
      const body = await expectError(me, { title: 5 }, 400, "bad_request");
      assert.deepEqual(
        (body.issues as { path: string }[]).map((i) => i.path).sort(),
        ["source_url", "title"],
      );
      // A missing field says so, not zod's "received undefined".
      assert.deepEqual(
        (body.issues as { path: string; message: string }[]).find((i) =>
          i.path === "source_url"
        )?.message,
        "required field missing (expected string)",
      );
      // A file path for source_url: how to get a URL for it.
      const path = await expectError(
        me,
        { source_url: "/home/me/clip.mp4", title: "fine" },
        400,
        "bad_request",
      );
      assert.deepEqual(path.issues, [{
        path: "source_url",
        message:
          "not an http(s) URL: give the url of an upload (POST /api/uploads or MCP start_upload for a file on your disk, POST /api/uploads/from_url or MCP upload_media_from_url for a link) or a URL on a verified domain",
      }]);
      await expectError(
        me,
        { source_url: url, title: "x".repeat(2201) },
        400,
        "bad_request",
      );
      await expectError(
        me,
        { source_url: url, title: "x", privacy: "EVERYONE" },
        400,
        "bad_request",
      );
    });
    // Uploads refuse such videos at completion (upload_refusal_test.ts):
    // posting still refuses them when they come from a verified domain.
    const copier = await posterFor(server, "wide_copier");
    await verifySource(copier, source);
    await t.step("a video that is not vertical", async () => {
      const wide = `${source.origin}/landscape.mp4`;
      const body = await expectError(
        copier,
        { source_url: wide, title: "wide" },
        400,
        "bad_request",
      );
      assert.match(String(body.message), /vertical.*960×540/);
    });
    await t.step(
      "a video coded portrait but rotated to display landscape",
      async () => {
        const turned = `${source.origin}/turned.mp4`;
        const body = await expectError(
          copier,
          { source_url: turned, title: "turned" },
          400,
          "bad_request",
        );
        assert.match(String(body.message), /vertical.*960×540/);
      },
    );
    await t.step(
      "a WebM that is not vertical; a portrait WebM passes",
      async () => {
        // Its own account: a success here takes that account's hour slot.
        const poster = await posterFor(server, "webm_poster");
        const upload = async (name: string) =>
          uploadedUrl(poster, await fixture(name), name, "video/webm");
        const body = await expectError(
          copier,
          { source_url: `${source.origin}/landscape.webm`, title: "wide webm" },
          400,
          "bad_request",
        );
        assert.match(String(body.message), /vertical.*960×540/);
        const ok = await directPost(poster, {
          source_url: await upload("portrait.webm"),
          title: "tall webm",
        });
        assert.equal(ok.status, 200, await ok.text());
      },
    );
    await t.step("a video whose header cannot be read", async () => {
      // MP4 magic bytes, then nothing a probe can read.
      const bytes = new Uint8Array(4096);
      bytes.set([0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d]);
      const broken = await uploadedUrl(me, bytes, "broken.mp4");
      const body = await expectError(
        me,
        { source_url: broken, title: "unreadable" },
        400,
        "bad_request",
      );
      assert.match(
        String(body.message),
        /This video's size cannot be read from its header/,
      );
    });
    await t.step("someone else's upload is not a source", async () => {
      const other = await posterFor(server, "error_other");
      const theirs = await other.uploadVideo();
      await expectError(
        me,
        { source_url: theirs, title: "not mine" },
        400,
        "bad_request",
      );
    });
    await t.step("ad rules", async () => {
      await expectError(
        me,
        { source_url: url, title: "ad", is_ad: true },
        400,
        "bad_request",
      );
      const body = await expectError(
        me,
        {
          source_url: url,
          title: "branded",
          is_ad: true,
          ad_branded_content: true,
          privacy: "SELF_ONLY",
        },
        400,
        "bad_request",
      );
      assert.match(String(body.message), /SELF_ONLY/);
    });
    await t.step(
      "privacy not offered by the creator lists the allowed values",
      async () => {
        await me.sandbox({ private_account: true });
        server.clock.advance(10 * 60_000); // past the creator_info cache
        const body = await expectError(
          me,
          { source_url: url, title: "public?", privacy: "PUBLIC_TO_EVERYONE" },
          400,
          "bad_request",
        );
        assert.deepEqual(body.allowed_privacy, [
          "FOLLOWER_OF_CREATOR",
          "MUTUAL_FOLLOW_FRIENDS",
          "SELF_ONLY",
        ]);
        await me.sandbox({ private_account: false });
        server.clock.advance(10 * 60_000);
      },
    );
    await t.step("too long for this creator", async () => {
      await me.sandbox({ max_video_post_duration_sec: 1 });
      server.clock.advance(10 * 60_000);
      const body = await expectError(
        me,
        { source_url: url, title: "long" },
        400,
        "bad_request",
      );
      assert.match(String(body.message), /2 s.*at most 1 s/);
      await me.sandbox({ max_video_post_duration_sec: 300 });
      server.clock.advance(10 * 60_000);
    });
    await t.step("photo errors", async () => {
      const photo = (extra: Record<string, unknown>) => ({
        media_type: "PHOTO",
        title: "photos",
        ...extra,
      });
      await expectError(me, photo({}), 400, "too_few_images");
      await expectError(me, photo({ photo_images: [] }), 400, "too_few_images");
      const many = Array.from(
        { length: 36 },
        (_, i) => `https://media.example.com/${i}.jpg`,
      );
      await expectError(
        me,
        photo({ photo_images: many }),
        400,
        "too_many_images",
      );
      await expectError(
        me,
        photo({ photo_images: [url], photo_cover_index: 1 }),
        400,
        "cover_out_of_range",
      );
      await expectError(
        me,
        photo({ photo_images: ["https://media.example.com/a.jpg"] }),
        400,
        "domain_not_verified",
      );
      // A verified domain whose image has no Content-Length.
      await verifySource(me, source);
      await expectError(
        me,
        photo({ photo_images: [`${source.origin}/chunked.jpg`] }),
        400,
        "content_length_required",
      );
      await expectError(
        me,
        photo({ photo_images: [`${source.origin}/big.jpg`] }),
        400,
        "image_too_large_px",
      );
      await expectError(
        me,
        photo({ photo_images: [`${source.origin}/photo.png`] }),
        400,
        "unsupported_image_type",
      );
      await expectError(
        me,
        photo({ photo_images: [`${source.origin}/heavy.jpg`] }),
        400,
        "image_too_large",
      );
      // A video of ours in a photo post: not a JPEG/WebP image.
      await expectError(
        me,
        photo({ photo_images: [url] }),
        400,
        "unsupported_image_type",
      );
      // A URL of our storage that is no upload of this account's.
      await expectError(
        me,
        photo({ photo_images: [url.replace(/[^/]+$/, "gone.jpg")] }),
        400,
        "bad_request",
      );
    });
    await t.step("proxy_error when a verified source fails", async () => {
      await expectError(
        me,
        { source_url: `${source.origin}/missing.mp4`, title: "gone" },
        502,
        "proxy_error",
      );
    });
    await t.step(
      "a verified domain's video is copied and posted from our storage",
      async () => {
        const res = await directPost(me, {
          source_url: `${source.origin}/video.mp4`,
          title: "from my CDN",
        });
        assert.equal(res.status, 200, await res.clone().text());
        await res.body?.cancel();
      },
    );
  } finally {
    await source.close();
    await server.close();
  }
});

Deno.test("duplicates and limits in the documented order of checks", async (t) => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "limits_poster");
    const first = await me.uploadVideo();
    const ok = await directPost(me, { source_url: first, title: "first" });
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
    await t.step(
      "the same video at once is video_duplicate, not interval_limit",
      async () => {
        const body = await expectError(
          me,
          { source_url: first, title: "another caption" },
          400,
          "video_duplicate",
        );
        assert.equal(
          body.message,
          "This video URL was already used for this TikTok account recently.",
        );
      },
    );
    await t.step("the same caption is caption_duplicate_account", async () => {
      const body = await expectError(
        me,
        { source_url: await me.uploadVideo(), title: "FIRST" },
        400,
        "caption_duplicate_account",
      );
      assert.equal(
        body.message,
        "This caption was already used on this TikTok account recently.",
      );
    });
    await t.step("interval_limit names the minutes left", async () => {
      server.clock.advance(20 * 60_000);
      const body = await expectError(
        me,
        { source_url: await me.uploadVideo(), title: "second" },
        429,
        "interval_limit",
      );
      assert.equal(
        body.message,
        "You must wait about 40 more minutes before next TikTok post.",
      );
    });
    await t.step("ten posts a day, then daily_limit", async () => {
      for (let i = 2; i <= 10; i++) {
        server.clock.advance(HOUR);
        const r = await directPost(me, {
          source_url: await me.uploadVideo(),
          title: `post ${i}`,
        });
        assert.equal(r.status, 200, await r.clone().text());
        await r.body?.cancel();
      }
      server.clock.advance(HOUR);
      const body = await expectError(
        me,
        { source_url: await me.uploadVideo(), title: "eleventh" },
        429,
        "daily_limit",
      );
      assert.equal(
        body.message,
        "Daily TikTok posting limit (10/day) reached.",
      );
    });
  } finally {
    await server.close();
  }
});

Deno.test("one caption on more than 5 accounts within 24 h is caption_global_spam", async () => {
  const server = await startTestServer();
  try {
    const results = [];
    for (let i = 1; i <= 6; i++) {
      const me = await posterFor(server, `spam_account_${i}`);
      const r = await directPost(me, {
        source_url: await me.uploadVideo(),
        title: "Same caption everywhere",
      });
      results.push({ status: r.status, body: await r.json() });
    }
    assert.deepEqual(results.slice(0, 5).map((r) => r.status), [
      200,
      200,
      200,
      200,
      200,
    ]);
    assert.equal(results[5].status, 400);
    assert.equal(results[5].body.error, "caption_global_spam");
    assert.equal(
      results[5].body.message,
      "This caption is being reused across too many accounts in a short time.",
    );
    server.clock.advance(24 * HOUR + 1);
    const late = await posterFor(server, "spam_account_7");
    const r = await directPost(late, {
      source_url: await late.uploadVideo(),
      title: "Same caption everywhere",
    });
    assert.equal(r.status, 200, "the window is 24 hours");
    await r.body?.cancel();
  } finally {
    await server.close();
  }
});

async function setupFaulty(server: TestServer, name: string) {
  const me = await posterFor(server, name);
  return { me, url: await me.uploadVideo() };
}

Deno.test("TikTok faults: 429 starts a 3-hour cooldown, 5xx and spam risk are tiktok_error and free the reservation", async (t) => {
  // Pull only: in auto a refused pull becomes a file upload instead
  // (tests/file_upload_posting_test.ts).
  const server = await startTestServer({
    env: { TIKTOK_VIDEO_SOURCE: "pull" },
  });
  try {
    await t.step(
      "HTTP 429 → tiktok_rate_limit, then tiktok_cooldown until 3 h passed",
      async () => {
        const { me, url } = await setupFaulty(server, "fault_429");
        await me.sandbox({ faults: [{ fault: "rate_limit" }] });
        const body = await expectError(
          me,
          { source_url: url, title: "hello" },
          429,
          "tiktok_rate_limit",
        );
        assert.equal(body.retry_after_seconds, 10800);
        assert.equal(
          body.message,
          "TikTok returned HTTP 429 (rate limit) for this account; posting is temporarily paused.",
        );
        const later = await expectError(
          me,
          { source_url: url, title: "hello" },
          429,
          "tiktok_cooldown",
        );
        assert.equal(
          later.message,
          "TikTok recently returned HTTP 429 for this account; posting is temporarily paused.",
        );
        server.clock.advance(3 * HOUR - 1000);
        await expectError(
          me,
          { source_url: url, title: "hello" },
          429,
          "tiktok_cooldown",
        );
        server.clock.advance(1000);
        const r = await directPost(me, { source_url: url, title: "hello" });
        assert.equal(
          r.status,
          200,
          "the reservation was released and the cooldown is over",
        );
        await r.body?.cancel();
      },
    );
    for (
      const [fault, code] of [
        ["server_error", "internal_error"],
        ["spam_risk_too_many_posts", "spam_risk_too_many_posts"],
        ["url_ownership_unverified", "url_ownership_unverified"],
      ] as const
    ) {
      await t.step(
        `${fault} → tiktok_error with TikTok's code, and the slot is released`,
        async () => {
          const { me, url } = await setupFaulty(
            server,
            `f_${fault.slice(0, 20)}`,
          );
          await me.sandbox({ faults: [{ fault }] });
          const body = await expectError(
            me,
            { source_url: url, title: "try" },
            502,
            "tiktok_error",
          );
          assert.equal(body.tiktok_code, code);
          assert.match(String(body.log_id), /^\d{14}[0-9A-F]{20}$/);
          if (fault === "server_error") {
            // TikTok's side failed: said in words, the code for programs.
            assert.equal(body.message, TIKTOK_SERVER_ERROR_MESSAGE);
          }
          const again = await directPost(me, { source_url: url, title: "try" });
          assert.equal(
            again.status,
            200,
            "same video and caption allowed after a failure",
          );
          await again.body?.cancel();
        },
      );
    }
  } finally {
    await server.close();
  }
});

Deno.test("no answer from TikTok in time keeps the reservation: a TikTok that made the post anyway never gets it twice", async (t) => {
  const server = await startTestServer({ env: SHORT_TIKTOK_TIMEOUT });
  try {
    for (const fault of ["timeout", "slow_accept"] as const) {
      await t.step(
        `${fault}: tiktok_error, then the retry is a duplicate`,
        async () => {
          const { me, url } = await setupFaulty(server, `unknown_${fault}`);
          await me.sandbox({ faults: [{ fault }] });
          const body = await expectError(
            me,
            { source_url: url, title: `slow ${fault}` },
            502,
            "tiktok_error",
          );
          assert.equal(body.tiktok_code, "timeout");
          assert.equal(body.message, OUTCOME_UNKNOWN_SENTENCE);
          // Said for programs too: the post is kept, listed as unknown.
          assert.equal(body.outcome, "unknown");
          const listed = await me.json("GET", "/api/tiktok/posts");
          assert.deepEqual(
            (listed.body.posts as Record<string, unknown>[]).map((p) => [
              p.post_id,
              p.state,
            ]),
            [[body.post_id, "unknown"]],
          );
          // The sandbox may still be finishing the init after the client left.
          await new Promise((r) => setTimeout(r, 1_200));
          const made = await initsAtTikTok(server, me);
          assert.equal(made, fault === "slow_accept" ? 1 : 0);
          await expectError(
            me,
            { source_url: url, title: `slow ${fault}` },
            400,
            "video_duplicate",
          );
          await expectError(
            me,
            { source_url: await me.uploadVideo(), title: `slow ${fault}` },
            400,
            "caption_duplicate_account",
          );
          assert.equal(await initsAtTikTok(server, me), made, "never twice");
        },
      );
    }
  } finally {
    await server.close();
  }
});

Deno.test("no answer from TikTok's creator_info in time is a tiktok_error that holds nothing: not an unknown outcome, and the same post goes next", async () => {
  const server = await startTestServer({ env: SHORT_TIKTOK_TIMEOUT });
  try {
    const { me, url } = await setupFaulty(server, "creator_info_stall");
    // The upload's check read creator_info: past its cache, the post asks.
    server.clock.advance(CREATOR_INFO_TTL_MS + 1_000);
    await me.sandbox({ faults: [{ fault: "creator_info_timeout" }] });
    const body = await expectError(
      me,
      { source_url: url, title: "asked too slowly" },
      502,
      "tiktok_error",
    );
    assert.equal(body.tiktok_code, "timeout");
    assert.match(String(body.message), /nothing was posted/);
    assert.equal(body.outcome, undefined);
    assert.equal(body.post_id, undefined);
    assert.deepEqual(
      (await me.json("GET", "/api/tiktok/posts")).body.posts,
      [],
    );
    assert.equal(await initsAtTikTok(server, me), 0);
    const again = await directPost(me, {
      source_url: url,
      title: "asked too slowly",
    });
    assert.equal(again.status, 200, "nothing was held");
    await again.body?.cancel();
  } finally {
    await server.close();
  }
});

/** Lets the follower run twice (download, publish), then asks /status. */
async function statusAfterFollowing(
  server: TestServer,
  me: Poster,
  publishId: unknown,
) {
  await followAMinuteLater(server);
  await followAMinuteLater(server);
  return await me.json("POST", "/api/tiktok/status", { publish_id: publishId });
}

Deno.test("a publish that fails at TikTok shows state failed with its fail_reason and its sentence, and gives its posting slot back", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "failing_publish");
    await me.sandbox({
      faults: [{ fault: "publish_failed", fail_reason: "spam_risk_text" }],
    });
    const r = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "will fail",
    });
    assert.equal(r.status, 200);
    const s = await statusAfterFollowing(server, me, r.body.publish_id);
    assert.deepEqual([s.body.status, s.body.state, s.body.fail_reason], [
      "FAILED",
      "failed",
      "spam_risk_text",
    ]);
    // The code for programs, and beside it a sentence an automation can show.
    const sentence =
      "TikTok flagged the caption as spam. Change the caption before posting again.";
    assert.equal(s.body.fail_message, sentence);
    const [listed] = (await me.json("GET", "/api/tiktok/posts")).body
      .posts as Record<string, unknown>[];
    assert.deepEqual(
      [listed.publish_id, listed.fail_reason, listed.fail_message],
      [r.body.publish_id, "spam_risk_text", sentence],
    );
    assert.equal(await me.sandboxPosts(), 0);
    // Nothing was posted: the hour and the day are given back, so the post
    // made again with what TikTok objected to changed goes at once.
    const limits = await limitsOf(me);
    assert.equal(limits.posts_left_today, 10);
    const again = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "a better caption",
    });
    assert.equal(again.status, 200, JSON.stringify(again.body));
  } finally {
    await server.close();
  }
});

Deno.test("a fail_reason TikTok added since the sentences were written keeps its code and gets a sentence naming it", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "new_fail_reason");
    await me.sandbox({
      faults: [{ fault: "publish_failed", fail_reason: "brand_new_reason" }],
    });
    const r = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "fails for a new reason",
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const s = await statusAfterFollowing(server, me, r.body.publish_id);
    assert.deepEqual([s.body.state, s.body.fail_reason, s.body.fail_message], [
      "failed",
      "brand_new_reason",
      "TikTok did not post this, for a reason this server does not know yet (brand_new_reason).",
    ]);
  } finally {
    await server.close();
  }
});

Deno.test("proxy_error when our own storage fails while copying a verified source", async () => {
  const s3 = await startS3rver();
  const source = await startSourceServer();
  const server = await startTestServer({ env: s3.env });
  let s3Closed = false;
  try {
    const me = await posterFor(server, "storage_down");
    await verifySource(me, source);
    // The bucket goes away: the source answers, the copy cannot be stored.
    await s3.close();
    s3Closed = true;
    const body = await expectError(
      me,
      { source_url: `${source.origin}/video.mp4`, title: "no storage" },
      502,
      "proxy_error",
    );
    assert.match(String(body.message), /Copying the source failed/);
    assert.equal(await me.sandboxPosts(), 0);
  } finally {
    await server.close();
    await source.close();
    if (!s3Closed) await s3.close();
  }
});

Deno.test("a file TikTok cannot download ends FAILED with video_pull_failed", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "pull_fails");
    const url = await me.uploadVideo();
    const r = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: url,
      title: "gone before the pull",
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    // The file disappears before the sandbox TikTok pulls it.
    await server.deps.storage.delete(
      server.deps.storage.keyFromPublicUrl(url)!,
    );
    const s = await statusAfterFollowing(server, me, r.body.publish_id);
    assert.deepEqual([s.body.status, s.body.state, s.body.fail_reason], [
      "FAILED",
      "failed",
      "video_pull_failed",
    ]);
    assert.equal(await me.sandboxPosts(), 0);
  } finally {
    await server.close();
  }
});

Deno.test("another account's publish_id answers 404", async () => {
  const server = await startTestServer();
  try {
    const a = await posterFor(server, "status_owner");
    const b = await posterFor(server, "status_stranger");
    const r = await a.json("POST", "/api/tiktok/direct_post", {
      source_url: await a.uploadVideo(),
      title: "mine",
    });
    await assertJsonError(
      await b.call("POST", "/api/tiktok/status", {
        publish_id: r.body.publish_id,
      }),
      404,
      "not_found",
    );
    await assertJsonError(
      await a.call("POST", "/api/tiktok/status", {
        publish_id: "v_pub_url~v2.0000",
      }),
      404,
      "not_found",
    );
    await assertJsonError(
      await a.call("POST", "/api/tiktok/status", {}),
      400,
      "bad_request",
    );
  } finally {
    await server.close();
  }
});
