/**
 * POST /api/tiktok/direct_post and /api/tiktok/status through the HTTP API
 * against the sandbox TikTok: the happy paths, every error of a post
 * (docs/posting.md#errors-of-a-post) with its status and extra fields, and
 * the order of checks.
 */
import assert from "node:assert/strict";
import { followAMinuteLater } from "./_helpers/follow_while.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import {
  albumOf,
  posterFor,
  publishAtTikTok,
} from "./_helpers/posting_setup.ts";
import { fixture } from "./_helpers/api_client.ts";
import { JSON_TYPE } from "./_helpers/http_asserts.ts";

Deno.test("a video is posted, followed to PUBLISH_COMPLETE, and /status answers from KV", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "video_poster");
    const url = await me.uploadVideo();
    const res = await me.call("POST", "/api/tiktok/direct_post", {
      source_url: url,
      title: "My first clip #pm3k",
    });
    assert.equal(res.headers.get("content-type"), JSON_TYPE);
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.deepEqual(Object.keys(body).sort(), ["ok", "publish_id"]);
    assert.match(body.publish_id, /^v_pub_url~v2\.\d+$/);

    const first = await me.json("POST", "/api/tiktok/status", {
      publish_id: body.publish_id,
    });
    // post_id: the post's, as the posts list names it (for its stats).
    const [made] = (await me.json("GET", "/api/tiktok/posts")).body
      .posts as { post_id: string }[];
    assert.deepEqual(first.body, {
      post_id: made.post_id,
      post_mode: "DIRECT_POST",
      ok: true,
      status: "PROCESSING_DOWNLOAD",
      state: "pending",
      fail_reason: null,
      fail_message: null,
      raw: {},
      source: "PULL_FROM_URL",
    });

    assert.equal(await followAMinuteLater(server), 1); // TikTok downloads
    assert.equal(await followAMinuteLater(server), 1); // and publishes
    const done = await me.json("POST", "/api/tiktok/status", {
      publish_id: body.publish_id,
    });
    assert.equal(done.body.status, "PUBLISH_COMPLETE");
    assert.equal(done.body.state, "done");
    const raw = done.body.raw as {
      data: { publicaly_available_post_id: string[]; downloaded_bytes: number };
    };
    assert.match(
      raw.data.publicaly_available_post_id[0],
      /^\d{19}$/,
      "19 digits, exact, as a string",
    );
    assert.equal(
      raw.data.downloaded_bytes,
      (await fixture("portrait.mp4")).length,
    );
    assert.equal(await me.sandboxPosts(), 1);
    const listed = (await me.json("GET", "/api/tiktok/posts")).body
      .posts as Record<string, unknown>[];
    assert.deepEqual(
      [listed[0].publish_id, listed[0].job_id],
      [body.publish_id, null],
      "a post made at once names no job",
    );
    assert.equal(
      await followAMinuteLater(server),
      0,
      "final: no longer followed",
    );
  } finally {
    await server.close();
  }
});

Deno.test("every direct_post field reaches TikTok as TikTok's own field", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "flags_poster");
    const res = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "Flags #pm3k",
      privacy: "SELF_ONLY",
      disable_comment: true,
      disable_duet: true,
      disable_stitch: false,
      is_ad: true,
      ad_your_brand: true,
      ad_branded_content: false,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const received = await publishAtTikTok(server, res.body.publish_id);
    assert.deepEqual(received.postInfo, {
      privacy_level: "SELF_ONLY",
      title: "Flags #pm3k",
      disable_comment: true,
      disable_duet: true,
      disable_stitch: false,
      brand_organic_toggle: true,
      brand_content_toggle: false,
    });
  } finally {
    await server.close();
  }
});

Deno.test("a photo carousel is posted from an album", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "photo_poster");
    const { urls } = await albumOf(me, "photo2.jpg", "photo3.webp");
    const res = await me.json("POST", "/api/tiktok/direct_post", {
      media_type: "PHOTO",
      photo_images: urls,
      photo_cover_index: 1,
      auto_add_music: true,
      title: "Caption for a photo post",
      privacy: "SELF_ONLY",
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.match(String(res.body.publish_id), /^p_pub_url~v2\./);
    const received = await publishAtTikTok(server, res.body.publish_id);
    assert.equal(received.photoCoverIndex, 1);
    assert.deepEqual(
      [received.postInfo?.auto_add_music, received.postInfo?.description],
      [true, "Caption for a photo post"],
    );
    await followAMinuteLater(server);
    await followAMinuteLater(server);
    const done = await me.json("POST", "/api/tiktok/status", {
      publish_id: res.body.publish_id,
    });
    assert.equal(done.body.state, "done");
    // SELF_ONLY posts complete with no public post id, as on TikTok.
    assert.deepEqual(
      (done.body.raw as { data: { publicaly_available_post_id: string[] } })
        .data.publicaly_available_post_id,
      [],
    );
  } finally {
    await server.close();
  }
});

Deno.test("photo and video posts share one account's posting slot", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "mixed_poster");
    const video = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "a video first",
    });
    assert.equal(video.status, 200, JSON.stringify(video.body));
    const { urls } = await albumOf(me, "photo2.jpg");
    server.clock.advance(10 * 60_000);
    const photo = await me.json("POST", "/api/tiktok/direct_post", {
      media_type: "PHOTO",
      photo_images: urls,
      title: "then photos",
    });
    assert.equal(photo.status, 429, JSON.stringify(photo.body));
    assert.equal(photo.body.error, "interval_limit");
    assert.equal(photo.body.minutes_left, 50);
  } finally {
    await server.close();
  }
});

Deno.test("a photo title is cut to TikTok's 90 UTF-16 units (an emoji counts two) and the post goes through", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "emoji_photos");
    const { urls } = await albumOf(me, "photo2.jpg");
    // 60 emoji (120 units) and a second line: only the first line counts.
    const caption = "🎉".repeat(60) + "\nthe rest of the caption";
    const res = await me.json("POST", "/api/tiktok/direct_post", {
      media_type: "PHOTO",
      photo_images: urls,
      title: caption,
      privacy: "SELF_ONLY",
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const received = await publishAtTikTok(server, res.body.publish_id);
    assert.equal(received.postInfo?.title, "🎉".repeat(45));
    assert.equal(received.postInfo?.description, caption);
  } finally {
    await server.close();
  }
});

Deno.test('a media_type other than VIDEO or PHOTO ("photo", "Video") is 400 naming both values, and nothing is posted', async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "media_type_case");
    const video = await me.uploadVideo();
    for (const media_type of ["photo", "Video", "IMAGE"]) {
      const res = await me.call("POST", "/api/tiktok/direct_post", {
        media_type,
        source_url: video,
        title: "cased",
      });
      const body = await res.json();
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(body.error, "bad_request");
      assert.deepEqual(body.issues, [{
        path: "media_type",
        message:
          'expected "VIDEO" or "PHOTO", in capitals (leave it out to post a video)',
      }]);
    }
    const posts = await me.json("GET", "/api/tiktok/posts");
    assert.deepEqual(posts.body.posts, [], "nothing posted");
  } finally {
    await server.close();
  }
});
