/**
 * Replays the request examples of PM3K's public API contract (the "PM3K REST
 * API" text, gathered in docs/api.md, docs/posting.md and docs/media.md) over
 * HTTP, and checks the statuses, error codes, messages and fields it shows,
 * and that the OpenAPI document says the same. The examples are copied here:
 * the suite never reads the contract's text. Where PM3K decided what the
 * contract leaves open (docs/decisions.md), the test says so.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { albumOf, posterFor, verifySource } from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { followAMinuteLater } from "./_helpers/follow_while.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import { JSON_TYPE } from "./_helpers/http_asserts.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** A call with the contract's three headers, answered as JSON. */
async function seedCall(
  server: TestServer,
  me: Poster,
  path: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${me.key}`,
      "Content-Type": "application/json",
      Accept: "application/json",
    },
    body: JSON.stringify(body),
  });
  // "All responses are JSON with Content-Type: application/json; charset=UTF-8."
  assert.equal(res.headers.get("content-type"), JSON_TYPE, path);
  return { status: res.status, body: await res.json() };
}

/** Asserts the contract's error envelope, status and code; the body. */
function assertSeedError(
  got: { status: number; body: Record<string, unknown> },
  status: number,
  code: string,
  message?: string | RegExp,
): Record<string, unknown> {
  const text = JSON.stringify(got.body);
  assert.equal(got.status, status, `${code}: ${text}`);
  assert.equal(got.body.ok, false, text);
  assert.equal(got.body.error, code, text);
  assert.equal(typeof got.body.message, "string", text);
  if (typeof message === "string") assert.equal(got.body.message, message);
  else if (message) assert.match(String(got.body.message), message);
  return got.body;
}

const SEED_PRIVACY_FLAGS = {
  disable_comment: false,
  disable_duet: false,
  disable_stitch: false,
};

Deno.test("seed: direct_post (basic and full video payloads) answers ok and publish_id; status answers ok, status, state, fail_reason, raw", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "seed_video");
    const basicUrl = await me.uploadVideo();
    // "https://files.pm3k.org/uploads/<open_id>/<date>/<id>.mp4"
    assert.match(
      new URL(basicUrl).pathname,
      new RegExp(`/uploads/${me.openId}/\\d{4}-\\d\\d-\\d\\d/[^/]+\\.mp4$`),
    );
    const basic = await seedCall(server, me, "/api/tiktok/direct_post", {
      source_url: basicUrl,
      title: "Your TikTok caption here",
    });
    assert.equal(basic.status, 200, JSON.stringify(basic.body));
    assert.deepEqual(Object.keys(basic.body).sort(), ["ok", "publish_id"]);
    assert.equal(basic.body.ok, true);
    assert.equal(typeof basic.body.publish_id, "string");

    // 9.2: the n8n loop polls with the publish_id until state is done.
    const poll = () =>
      seedCall(server, me, "/api/tiktok/status", {
        publish_id: basic.body.publish_id,
      });
    const first = await poll();
    assert.equal(first.status, 200, JSON.stringify(first.body));
    for (const field of ["ok", "status", "state", "fail_reason", "raw"]) {
      assert.ok(Object.hasOwn(first.body, field), `status has ${field}`);
    }
    assert.equal(first.body.ok, true);
    assert.equal(first.body.state, "pending");
    assert.equal(first.body.fail_reason, null);
    assert.equal(typeof first.body.status, "string");
    assert.equal(typeof first.body.raw, "object");
    await followAMinuteLater(server);
    await followAMinuteLater(server);
    const done = await poll();
    assert.equal(done.body.state, "done");
    assert.equal(done.body.status, "PUBLISH_COMPLETE");
    assert.equal(done.body.fail_reason, null);
    // raw: "TikTok original response", once PM3K has fetched it.
    const raw = done.body.raw as { data?: { status?: string } };
    assert.equal(raw.data?.status, "PUBLISH_COMPLETE");

    server.clock.advance(HOUR + MIN);
    const full = await seedCall(server, me, "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo("full.mp4"),
      title: "Full payload caption",
      privacy: "PUBLIC_TO_EVERYONE",
      ...SEED_PRIVACY_FLAGS,
      is_ad: false,
      ad_your_brand: false,
      ad_branded_content: false,
      brand: "",
    });
    assert.equal(full.status, 200, JSON.stringify(full.body));
    assert.deepEqual(Object.keys(full.body).sort(), ["ok", "publish_id"]);
  } finally {
    await server.close();
  }
});

Deno.test("seed: the photo payloads (direct_post and /api/jobs) and album retain are taken as given", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "seed_photos");
    // The contract's job runs at 2026-02-01T12:30:00.000Z: be the day before.
    server.clock.set(Date.parse("2026-01-31T09:00:00.000Z"));
    const { albumId, urls } = await albumOf(
      me,
      "photo2.jpg",
      "photo3.webp",
    );
    // "https://files.pm3k.org/uploads/<open_id>/albums/<album_id>/a.jpg"
    for (const [i, ext] of [[0, "jpg"], [1, "webp"]] as const) {
      assert.match(
        new URL(urls[i]).pathname,
        new RegExp(`/uploads/${me.openId}/albums/${albumId}/[^/]+\\.${ext}$`),
      );
    }

    const retained = await seedCall(server, me, "/api/album/retain", {
      album_id: albumId,
    });
    assert.equal(retained.status, 200, JSON.stringify(retained.body));
    assert.equal(retained.body.ok, true);

    const job = await seedCall(server, me, "/api/jobs", {
      kind: "tiktok",
      run_at: "2026-02-01T12:30:00.000Z",
      media_type: "PHOTO",
      photo_images: urls,
      photo_cover_index: 1,
      auto_add_music: false,
      title: "Scheduled photo post",
      privacy: "SELF_ONLY",
      ...SEED_PRIVACY_FLAGS,
    });
    assert.equal(job.status, 200, JSON.stringify(job.body));
    assert.equal(job.body.ok, true);
    assert.equal(job.body.run_at, "2026-02-01T12:30:00.000Z");

    const post = await seedCall(server, me, "/api/tiktok/direct_post", {
      media_type: "PHOTO",
      photo_images: urls,
      photo_cover_index: 0,
      auto_add_music: true,
      title: "Caption for a photo post",
      privacy: "PUBLIC_TO_EVERYONE",
      ...SEED_PRIVACY_FLAGS,
      is_ad: false,
      brand: "",
    });
    assert.equal(post.status, 200, JSON.stringify(post.body));
    assert.deepEqual(Object.keys(post.body).sort(), ["ok", "publish_id"]);
  } finally {
    await server.close();
  }
});

Deno.test("seed: every error of the photo table, at 400", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const me = await posterFor(server, "seed_photo_errors");
    const video = await me.uploadVideo();
    const { urls } = await albumOf(me, "photo2.jpg");
    const photo = (extra: Record<string, unknown>) =>
      seedCall(server, me, "/api/tiktok/direct_post", {
        media_type: "PHOTO",
        title: "photo errors",
        ...extra,
      });
    // too_few_images: "Missing images or empty array." null is missing too:
    // it is what an n8n expression that found nothing sends.
    assertSeedError(await photo({}), 400, "too_few_images");
    assertSeedError(await photo({ photo_images: [] }), 400, "too_few_images");
    assertSeedError(
      await photo({ photo_images: null }),
      400,
      "too_few_images",
    );
    // too_many_images: "More than 35 images."
    assertSeedError(
      await photo({ photo_images: Array.from({ length: 36 }, () => urls[0]) }),
      400,
      "too_many_images",
    );
    // cover_out_of_range: "Invalid cover index."
    for (const index of [1, -1]) {
      assertSeedError(
        await photo({ photo_images: urls, photo_cover_index: index }),
        400,
        "cover_out_of_range",
        /^Invalid cover index/,
      );
    }
    // unsupported_image_type: "Only JPEG/WebP allowed.", whether the video
    // is the account's own PM3K file or on its verified domain.
    assertSeedError(
      await photo({ photo_images: [video] }),
      400,
      "unsupported_image_type",
      /^Only JPEG\/WebP allowed/,
    );
    // domain_not_verified: "External domain not verified."
    assertSeedError(
      await photo({ photo_images: [`${source.origin}/photo.jpg`] }),
      400,
      "domain_not_verified",
    );
    await verifySource(me, source);
    assertSeedError(
      await photo({ photo_images: [`${source.origin}/video.mp4`] }),
      400,
      "unsupported_image_type",
      /^Only JPEG\/WebP allowed/,
    );
    assertSeedError(
      await photo({ photo_images: [`${source.origin}/photo.png`] }),
      400,
      "unsupported_image_type",
    );
    // image_too_large: "Image exceeds 20 MB."
    assertSeedError(
      await photo({ photo_images: [`${source.origin}/heavy.jpg`] }),
      400,
      "image_too_large",
    );
    // image_too_large_px: "Image exceeds 1080px on one side."
    assertSeedError(
      await photo({ photo_images: [`${source.origin}/big.jpg`] }),
      400,
      "image_too_large_px",
    );
    // content_length_required: "Missing Content-Length for external URLs."
    assertSeedError(
      await photo({ photo_images: [`${source.origin}/chunked.jpg`] }),
      400,
      "content_length_required",
    );
    // The other way round: an image of the account's as a video's source
    // gets the type error a verified domain's image gets, not bad_request.
    for (const sourceUrl of [urls[0], `${source.origin}/photo.jpg`]) {
      assertSeedError(
        await seedCall(server, me, "/api/tiktok/direct_post", {
          source_url: sourceUrl,
          title: "an image as a video",
        }),
        400,
        "unsupported_file_type",
      );
    }
    // "Files that are not vertical may be rejected with a bad_request error."
    assertSeedError(
      await seedCall(server, me, "/api/tiktok/direct_post", {
        source_url: `${source.origin}/landscape.mp4`,
        title: "landscape",
      }),
      400,
      "bad_request",
      /vertical/,
    );
    // Nothing of these reached TikTok.
    assert.equal(await me.sandboxPosts(), 0);
  } finally {
    await source.close();
    await server.close();
  }
});

Deno.test("seed: captions with links or forbidden words, duplicates and posting limits give the contract's errors", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "seed_rules");
    const url = await me.uploadVideo();
    const post = async (title: string, sourceUrl?: string) =>
      seedCall(server, me, "/api/tiktok/direct_post", {
        source_url: sourceUrl ?? await me.uploadVideo(`${title}.mp4`),
        title,
      });

    // 7.1: http://, https:// or www. in the title.
    for (
      const title of ["see http://a.example", "https://a.example", "www.a"]
    ) {
      assertSeedError(
        await post(title, url),
        400,
        "links_forbidden",
        "Links are not allowed in TikTok captions for this service.",
      );
    }
    // 7.2: a stop word, named in the message.
    assertSeedError(
      await post("visit our casino tonight", url),
      400,
      "forbidden_word",
      'Caption contains forbidden content: "casino".',
    );

    const t0 = server.clock.now();
    assert.equal((await post("the first post", url)).status, 200);
    // 7.3: the same video again (before interval_limit: errors the user
    // must fix come first, docs/posting.md#order-of-checks).
    assertSeedError(
      await post("new words", url),
      400,
      "video_duplicate",
      "This video URL was already used for this TikTok account recently.",
    );
    // 7.4 (1): the same caption on another video.
    assertSeedError(
      await post("the first post"),
      400,
      "caption_duplicate_account",
      "This caption was already used on this TikTok account recently.",
    );
    // 7.5: one post an hour; N is the minutes left.
    server.clock.set(t0 + 20 * MIN);
    const interval = assertSeedError(
      await post("too soon"),
      429,
      "interval_limit",
      "You must wait about 40 more minutes before next TikTok post.",
    );
    assert.match(String(interval.retry_after), ISO);
    // Ten a day: nine more, an hour apart, then the eleventh is refused.
    for (let i = 2; i <= 10; i++) {
      server.clock.set(t0 + (i - 1) * (HOUR + MIN));
      const ok = await post(`post number ${i}`);
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
    }
    server.clock.set(t0 + 10 * (HOUR + MIN));
    assertSeedError(
      await post("the eleventh"),
      429,
      "daily_limit",
      "Daily TikTok posting limit (10/day) reached.",
    );
  } finally {
    await server.close();
  }
});

Deno.test("seed: a caption on more than 5 accounts in 24 hours is caption_global_spam", async () => {
  const server = await startTestServer();
  try {
    const caption = "same words everywhere";
    for (let i = 1; i <= 6; i++) {
      const me = await posterFor(server, `seed_spam_${i}`);
      const got = await seedCall(server, me, "/api/tiktok/direct_post", {
        source_url: await me.uploadVideo(),
        title: caption,
      });
      if (i <= 5) assert.equal(got.status, 200, JSON.stringify(got.body));
      else {
        assertSeedError(
          got,
          400,
          "caption_global_spam",
          "This caption is being reused across too many accounts in a short time.",
        );
      }
    }
  } finally {
    await server.close();
  }
});

Deno.test("seed: TikTok's HTTP 429 gives tiktok_rate_limit (10800 s), then tiktok_cooldown", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "seed_cooldown");
    const url = await me.uploadVideo();
    await me.sandbox({ faults: [{ fault: "rate_limit" }] });
    const limited = assertSeedError(
      await seedCall(server, me, "/api/tiktok/direct_post", {
        source_url: url,
        title: "into the 429",
      }),
      429,
      "tiktok_rate_limit",
      "TikTok returned HTTP 429 (rate limit) for this account; posting is temporarily paused.",
    );
    assert.equal(limited.retry_after_seconds, 10800);
    server.clock.advance(HOUR);
    assertSeedError(
      await seedCall(server, me, "/api/tiktok/direct_post", {
        source_url: url,
        title: "into the 429",
      }),
      429,
      "tiktok_cooldown",
      "TikTok recently returned HTTP 429 for this account; posting is temporarily paused.",
    );
  } finally {
    await server.close();
  }
});

Deno.test("seed: /status limits give rate_limit_status, status_cooldown, then hourly_limit_status", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "seed_status");
    const t0 = server.clock.now();
    const first = await seedCall(server, me, "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "first",
    });
    const poll = () =>
      seedCall(server, me, "/api/tiktok/status", {
        publish_id: first.body.publish_id,
      });
    // The hour window starts with the first call, half an hour in.
    const h0 = t0 + 30 * MIN;
    server.clock.set(h0);
    for (let i = 0; i < 20; i++) assert.equal((await poll()).status, 200);
    const soft = assertSeedError(
      await poll(),
      429,
      "rate_limit_status",
      "Too many /status calls for this account, please slow down.",
    );
    assert.equal(soft.retry_after, new Date(h0 + MIN).toISOString());
    server.clock.set(h0 + MIN);
    for (let i = 0; i < 20; i++) assert.equal((await poll()).status, 200);
    server.clock.set(h0 + 2 * MIN);
    const cooled = assertSeedError(
      await poll(),
      429,
      "status_cooldown",
      "Cooldown until next post.",
    );
    assert.equal(cooled.cooldown, "until_next_post");
    // Unlocked by the next post, within the same hour window, still capped.
    server.clock.set(t0 + HOUR);
    const second = await seedCall(server, me, "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo("second.mp4"),
      title: "second",
    });
    assert.equal(second.status, 200, JSON.stringify(second.body));
    const hourly = assertSeedError(
      await poll(),
      429,
      "hourly_limit_status",
    );
    const reset = new Date(h0 + HOUR).toISOString();
    assert.deepEqual([hourly.retry_after, hourly.resetAt], [reset, reset]);
  } finally {
    await server.close();
  }
});

type Json = Record<string, unknown>;

Deno.test("seed: the OpenAPI document has the contract's endpoints, fields, errors and their extra fields", async () => {
  const server = await startTestServer();
  try {
    const res = await fetch(`${server.url}/api/openapi.json`);
    assert.equal(res.headers.get("content-type"), JSON_TYPE);
    const doc = await res.json() as { paths: Record<string, Json> };
    const op = (path: string) => {
      const o = doc.paths[path]?.post as Json | undefined;
      assert.ok(o, `POST ${path} is documented`);
      return o;
    };
    const bodies = (path: string) => {
      const s = ((op(path).requestBody as Json).content as Json)[
        "application/json"
      ] as { schema: { oneOf?: Json[] } & Json };
      return s.schema.oneOf ?? [s.schema];
    };
    /** The request schema that has every field of `example`. */
    const takes = (path: string, example: Json) => {
      const fits = bodies(path).some((s) =>
        Object.keys(example).every((k) =>
          Object.hasOwn(s.properties as Json, k)
        )
      );
      assert.ok(fits, `${path} documents ${Object.keys(example)}`);
    };
    takes("/api/tiktok/direct_post", {
      source_url: 1,
      title: 1,
      privacy: 1,
      ...SEED_PRIVACY_FLAGS,
      is_ad: 1,
      ad_your_brand: 1,
      ad_branded_content: 1,
      brand: 1,
    });
    takes("/api/tiktok/direct_post", {
      media_type: 1,
      photo_images: 1,
      photo_cover_index: 1,
      auto_add_music: 1,
      title: 1,
      privacy: 1,
      ...SEED_PRIVACY_FLAGS,
      is_ad: 1,
      brand: 1,
    });
    takes("/api/jobs", {
      kind: 1,
      run_at: 1,
      media_type: 1,
      photo_images: 1,
      photo_cover_index: 1,
      auto_add_music: 1,
      title: 1,
      privacy: 1,
      ...SEED_PRIVACY_FLAGS,
    });
    takes("/api/album/retain", { album_id: 1 });
    takes("/api/tiktok/status", { publish_id: 1 });
    // photo_images may be null (too_few_images, as missing).
    const photo = bodies("/api/tiktok/direct_post").find((s) =>
      Object.hasOwn(s.properties as Json, "photo_images")
    )!;
    const images = (photo.properties as Json).photo_images as Json;
    assert.ok(
      JSON.stringify(images).includes('"null"'),
      `photo_images takes null: ${JSON.stringify(images)}`,
    );

    const success = (path: string) =>
      ((((op(path).responses as Json)["200"] as Json).content as Json)[
        "application/json"
      ] as { schema: { required: string[] } }).schema.required;
    for (const f of ["ok", "publish_id"]) {
      assert.ok(success("/api/tiktok/direct_post").includes(f), f);
    }
    for (const f of ["ok", "status", "state", "fail_reason", "raw"]) {
      assert.ok(success("/api/tiktok/status").includes(f), f);
    }

    /** The documented error schema of `path` at `status`. */
    const errors = (path: string, status: number) =>
      ((((op(path).responses as Json)[String(status)] as Json)
        .content as Json)["application/json"] as {
          schema: { properties: Json & { error: { enum: string[] } } };
        }).schema.properties;
    const expectations: [string, number, string[], string[]][] = [
      ["/api/tiktok/status", 429, [
        "rate_limit_status",
        "status_cooldown",
        "hourly_limit_status",
      ], ["retry_after", "cooldown", "resetAt"]],
      ["/api/tiktok/direct_post", 429, [
        "daily_limit",
        "interval_limit",
        "tiktok_rate_limit",
        "tiktok_cooldown",
      ], ["retry_after", "retry_after_seconds"]],
      ["/api/tiktok/direct_post", 400, [
        "bad_request",
        "links_forbidden",
        "forbidden_word",
        "video_duplicate",
        "caption_duplicate_account",
        "caption_global_spam",
        "too_few_images",
        "too_many_images",
        "cover_out_of_range",
        "unsupported_image_type",
        "image_too_large",
        "image_too_large_px",
        "content_length_required",
        "domain_not_verified",
      ], ["issues", "domain"]],
      ["/api/tiktok/direct_post", 502, ["tiktok_error", "proxy_error"], []],
    ];
    for (const [path, status, codes, fields] of expectations) {
      const props = errors(path, status);
      for (const code of codes) {
        assert.ok(props.error.enum.includes(code), `${path} ${status} ${code}`);
      }
      for (const field of fields) {
        assert.ok(Object.hasOwn(props, field), `${path} ${status} ${field}`);
      }
    }
    // The jobs take the same payload, and so the same errors.
    for (const status of [400, 429]) {
      assert.deepEqual(
        errors("/api/jobs", status).error.enum,
        errors("/api/tiktok/direct_post", status).error.enum,
      );
    }
  } finally {
    await server.close();
  }
});
