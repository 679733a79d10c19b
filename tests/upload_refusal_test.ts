/**
 * Completing an upload refuses a video TikTok would refuse (not vertical as
 * displayed, too long for the creator: creator_info asked as posting asks) with the
 * code and message posting gives, in every way of uploading; a refused
 * upload leaves nothing and does not count against the day's uploads.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { limitsOf, posterFor, verifySource } from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { fixture, uploadBytes, uploadPortrait } from "./_helpers/api_client.ts";
import { cutShort, rotate } from "./_helpers/mp4_rotation.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import {
  cachedCreatorInfo,
  CREATOR_INFO_TTL_MS,
} from "../lib/posting/creator_info_cache.ts";
import { eventsApplied, revokeAtTikTok } from "./_helpers/tiktok_events.ts";
import { exhaustCreatorInfo } from "./_helpers/creator_info_limit.ts";
import { keys } from "../lib/kv_keys.ts";

/** POST /api/uploads with the file as the body. */
async function uploadInOneRequest(
  server: TestServer,
  me: Poster,
  bytes: Uint8Array,
  name: string,
  type: string,
) {
  const res = await fetch(`${server.url}/api/uploads?filename=${name}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${me.key}`, "Content-Type": type },
    body: bytes as Uint8Array<ArrayBuffer>,
  });
  return { status: res.status, body: await res.json() };
}

async function uploadsLeft(me: Poster): Promise<number> {
  return Number((await limitsOf(me)).uploads_left_today);
}

async function uploadsListed(me: Poster): Promise<number> {
  return ((await me.json("GET", "/api/uploads")).body.uploads as unknown[])
    .length;
}

Deno.test("a video that does not display vertical is refused when its upload completes, with posting's message", async (t) => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const me = await posterFor(server, "refused_wide");
    // What posting answers for the same videos (a verified domain's copy).
    await verifySource(me, source);
    const postingSays = async (name: string) => {
      const r = await me.json("POST", "/api/tiktok/direct_post", {
        source_url: `${source.origin}/${name}`,
        title: `posting ${name}`,
      });
      assert.equal(r.status, 400);
      return r.body;
    };
    const portrait = await fixture("portrait.mp4");
    const cases: [string, Uint8Array, string, string, RegExp][] = [
      [
        "landscape.mp4",
        await fixture("landscape.mp4"),
        "video/mp4",
        "landscape.mp4",
        /vertical.*960×540\. /,
      ],
      [
        "portrait coded, rotated 90° to display landscape",
        rotate(portrait, 90),
        "video/mp4",
        "turned.mp4",
        /vertical.*960×540 \(rotated 90°\)/,
      ],
      [
        "landscape.webm",
        await fixture("landscape.webm"),
        "video/webm",
        "landscape.webm",
        /vertical.*960×540/,
      ],
    ];
    const before = await uploadsLeft(me);
    for (const [name, bytes, type, sourceName, message] of cases) {
      await t.step(name, async () => {
        const posting = await postingSays(sourceName);
        const signed = await uploadBytes(me, bytes, {
          filename: sourceName,
          contentType: type,
        });
        assert.equal(signed.status, 400, JSON.stringify(signed.body));
        assert.equal(signed.body.error, posting.error);
        assert.equal(signed.body.message, posting.message);
        assert.match(String(signed.body.message), message);
        const oneRequest = await uploadInOneRequest(
          server,
          me,
          bytes,
          sourceName,
          type,
        );
        assert.equal(oneRequest.status, 400);
        assert.equal(oneRequest.body.error, posting.error);
        assert.equal(oneRequest.body.message, posting.message);
        const gone = await me.json(
          "GET",
          `/api/uploads/${signed.started.upload_id}`,
        );
        assert.equal(gone.status, 404, "the refused upload is deleted");
      });
    }
    await t.step(
      "a landscape-coded video rotated to portrait passes",
      async () => {
        const ok = await uploadBytes(
          me,
          rotate(await fixture("landscape.mp4"), 90),
          { filename: "upright.mp4", contentType: "video/mp4" },
        );
        assert.equal(ok.status, 200, JSON.stringify(ok.body));
        assert.deepEqual([ok.body.width, ok.body.height, ok.body.rotation], [
          540,
          960,
          90,
        ]);
      },
    );
    await t.step(
      "refused uploads did not count against the day's",
      async () => {
        assert.equal(await uploadsLeft(me), before - 1, "only the one taken");
        assert.equal(await uploadsListed(me), 1, "only the one taken is kept");
      },
    );
  } finally {
    await source.close();
    await server.close();
  }
});

Deno.test("refused uploads do not use up the day's last upload", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "refused_quota", "free");
    const wide = await fixture("landscape.mp4");
    let left = await uploadsLeft(me);
    while (left > 1) {
      await me.uploadVideo(`clip${left}.mp4`);
      left = await uploadsLeft(me);
    }
    for (let i = 0; i < 3; i++) {
      const r = await uploadBytes(me, wide, {
        filename: "wide.mp4",
        contentType: "video/mp4",
      });
      assert.equal(r.status, 400);
    }
    assert.equal(await uploadsLeft(me), 1);
    const last = await uploadPortrait(me, "last.mp4");
    assert.equal(last.status, 200, JSON.stringify(last.body));
    assert.equal(await uploadsLeft(me), 0);
  } finally {
    await server.close();
  }
});

Deno.test("a video too long for the creator is refused at upload, with nothing cached, as posting refuses it", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "refused_long");
    const video = await fixture("portrait.mp4");
    const upload = (filename: string) =>
      uploadBytes(me, video, { filename, contentType: "video/mp4" });
    const kept = await upload("fits.mp4");
    assert.equal(kept.status, 200, JSON.stringify(kept.body));
    // The creator's longest post shrinks to 1 s, and creator_info ages out
    // of the cache: completion asks TikTok itself.
    await me.sandbox({ max_video_post_duration_sec: 1 });
    server.clock.advance(CREATOR_INFO_TTL_MS + 60_000);
    assert.equal(await cachedCreatorInfo(server.deps, me.openId), null);
    const before = await uploadsLeft(me);
    const refused = await upload("long.mp4");
    assert.equal(refused.status, 400, JSON.stringify(refused.body));
    assert.equal(await uploadsLeft(me), before, "not counted");
    const posting = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: kept.body.url,
      title: "too long",
    });
    assert.equal(posting.status, 400);
    assert.match(String(posting.body.message), /2 s.*at most 1 s/);
    assert.equal(refused.body.error, posting.body.error);
    assert.equal(refused.body.message, posting.body.message);
    // The creator may post longer videos again; the cache ages out.
    await me.sandbox({ max_video_post_duration_sec: 300 });
    server.clock.advance(CREATOR_INFO_TTL_MS + 60_000);
    const ok = await upload("long3.mp4");
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  } finally {
    await server.close();
  }
});

Deno.test("when creator_info cannot be had at upload (account disconnected), the upload passes and posting decides", async () => {
  const server = await startTestServer({ env: { SANDBOX_WEBHOOKS: "on" } });
  try {
    const me = await posterFor(server, "long_unknown");
    await me.sandbox({ max_video_post_duration_sec: 1 });
    await revokeAtTikTok(server, me.openId);
    await eventsApplied(server);
    const r = await uploadPortrait(me, "long.mp4");
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const posting = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: r.body.url,
      title: "after the disconnect",
    });
    assert.equal(posting.status, 401, JSON.stringify(posting.body));
    assert.equal(posting.body.error, "tiktok_reauth_required");
  } finally {
    await server.close();
  }
});

Deno.test("TikTok's 429 on creator_info at upload keeps the upload, starts the cooldown, and posting waits it out", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "long_429");
    server.clock.advance(CREATOR_INFO_TTL_MS + 60_000); // nothing cached
    await exhaustCreatorInfo(server, me);
    const r = await uploadPortrait(me, "v.mp4");
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.ok(
      (await server.kv.get(keys.tiktokCooldown(me.openId))).value,
      "TikTok's 429 started the cooldown",
    );
    const posting = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: r.body.url,
      title: "during the cooldown",
    });
    assert.equal(posting.status, 429, JSON.stringify(posting.body));
    assert.equal(posting.body.error, "tiktok_cooldown");
  } finally {
    await server.close();
  }
});

Deno.test("an image over TikTok's photo limits is refused at completion, as posting refuses it", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const me = await posterFor(server, "refused_image");
    await verifySource(me, source);
    const posting = await me.json("POST", "/api/tiktok/direct_post", {
      media_type: "PHOTO",
      photo_images: [`${source.origin}/big.jpg`],
      title: "too big",
    });
    assert.equal(posting.status, 400);
    const album = await me.json("POST", "/api/albums", {});
    const albumId = String(album.body.album_id);
    const r = await uploadBytes(me, await fixture("photo-too-big-px.jpg"), {
      filename: "big.jpg",
      contentType: "image/jpeg",
      albumId,
    });
    assert.equal(r.status, 400);
    assert.equal(r.body.error, posting.body.error);
    assert.equal(r.body.message, posting.body.message);
  } finally {
    await source.close();
    await server.close();
  }
});

Deno.test("bytes after an MP4's boxes that are no box are named by their offset and in hex, never as raw bytes", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "refused_trailing_bytes");
    const portrait = await fixture("portrait.mp4");
    // Eight bytes appended: a "size" far past the end, then a "type" of
    // a NUL, an ESC, a C1 control and é, read as Latin-1 before.
    const bytes = new Uint8Array(portrait.length + 8);
    bytes.set(portrait);
    bytes.set([0x40, 0, 0, 0, 0x00, 0x1b, 0x9b, 0xe9], portrait.length);
    const r = await uploadInOneRequest(
      server,
      me,
      bytes,
      "appended.mp4",
      "video/mp4",
    );
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.error, "bad_request");
    const message = String(r.body.message);
    assert.equal(
      message,
      `The video file is damaged or cut short: the bytes at ${portrait.length} are no MP4 box (00 1b 9b e9 where a box's type goes; read as one, it would run to byte ${
        portrait.length + 0x40000000
      }, and the file ends after ${bytes.length} bytes). Upload the original file again, whole and unchanged.`,
    );
    // No raw byte of the file, as a control or Latin-1 character, in it.
    // deno-lint-ignore no-control-regex
    assert.doesNotMatch(message, /[\u0000-\u001f\u007f-\u00ff]/);
    assert.equal(await uploadsListed(me), 0, "nothing kept");
  } finally {
    await server.close();
  }
});

Deno.test("an MP4 cut short is refused when its upload completes, naming its lengths, and when a post copies it from a verified domain", async (t) => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const me = await posterFor(server, "refused_cut_short");
    const portrait = await fixture("portrait.mp4");
    const before = await uploadsLeft(me);
    for (const faststart of [false, true]) {
      await t.step(faststart ? "moov first" : "moov last", async () => {
        const bytes = cutShort(portrait, faststart);
        const signed = await uploadBytes(me, bytes, {
          filename: "cut.mp4",
          contentType: "video/mp4",
        });
        assert.equal(signed.status, 400, JSON.stringify(signed.body));
        assert.equal(signed.body.error, "bad_request");
        assert.match(
          String(signed.body.message),
          new RegExp(
            `cut short: its mdat box runs to byte \\d+, but the file ends after ${bytes.length} bytes\\. Upload the whole file again\\.`,
          ),
        );
        const oneRequest = await uploadInOneRequest(
          server,
          me,
          bytes,
          "cut.mp4",
          "video/mp4",
        );
        assert.equal(oneRequest.status, 400);
        assert.equal(oneRequest.body.message, signed.body.message);
        const gone = await me.json(
          "GET",
          `/api/uploads/${signed.started.upload_id}`,
        );
        assert.equal(gone.status, 404, "the refused upload is deleted");
      });
    }
    await t.step("a post copying it from a verified domain", async () => {
      await verifySource(me, source);
      const r = await me.json("POST", "/api/tiktok/direct_post", {
        source_url: `${source.origin}/cut-short.mp4`,
        title: "cut short at the source",
      });
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.match(String(r.body.message), /cut short/);
    });
    assert.equal(await uploadsLeft(me), before, "none counted");
    assert.equal(await uploadsListed(me), 0, "none kept");
  } finally {
    await source.close();
    await server.close();
  }
});
