/**
 * PM3K on Cloudflare's R2 emulator (miniflare's local R2 S3 API, see
 * _helpers/r2_emulator.ts) from end to end: uploads through presigned PUTs,
 * completion checked against the bucket, refusals that leave nothing behind,
 * and posts TikTok (the sandbox) downloads from the bucket's public URL.
 */
import assert from "node:assert/strict";
import { followAMinuteLater } from "./_helpers/follow_while.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { startR2Emulator } from "./_helpers/r2_emulator.ts";
import { albumOf, directPost, posterFor } from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { fixture, uploadBytes } from "./_helpers/api_client.ts";

/** Posts `body` as `me`, then follows it until TikTok is done; its status. */
async function postToEnd(server: TestServer, me: Poster, body: unknown) {
  const res = await directPost(me, body);
  const posted = await res.json();
  assert.equal(res.status, 200, JSON.stringify(posted));
  for (let i = 0; i < 5; i++) {
    await followAMinuteLater(server);
    const status = await me.json("POST", "/api/tiktok/status", {
      publish_id: posted.publish_id,
    });
    if (status.body.state !== "pending") return status.body;
  }
  throw new Error("the publish never finished");
}

Deno.test("on Cloudflare's R2 emulator, uploads land in the bucket, refusals leave nothing, and TikTok downloads posts from the public URL", async (t) => {
  const r2 = await startR2Emulator();
  const server = await startTestServer({ env: r2.env });
  try {
    const me = await posterFor(server, "r2_video");
    const mine = `uploads/${me.openId}/`;

    let videoUrl = "";
    await t.step("a video upload is stored and checked", async () => {
      videoUrl = await me.uploadVideo();
      assert.ok(
        videoUrl.startsWith(`${r2.publicBaseUrl}/${mine}`),
        videoUrl,
      );
      assert.equal((await r2.keys(mine)).length, 1);
      const pub = await fetch(videoUrl);
      assert.equal(pub.status, 200);
      assert.equal(pub.headers.get("content-type"), "video/mp4");
      assert.equal(
        (await pub.arrayBuffer()).byteLength,
        (await fixture("portrait.mp4")).length,
      );
    });

    await t.step("a refused upload leaves no object", async () => {
      const refused = await uploadBytes(me, await fixture("photo.png"), {
        filename: "not-a-video.mp4",
        contentType: "video/mp4",
      });
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      assert.equal(refused.body.error, "unsupported_file_type");
      const size = await uploadBytes(me, await fixture("portrait.mp4"), {
        filename: "short.mp4",
        contentType: "video/mp4",
        declaredSize: 1000,
      });
      assert.equal(size.status, 400, JSON.stringify(size.body));
      assert.equal((await r2.keys(mine)).length, 1, "only the first video");
    });

    await t.step("the video is posted and downloaded by TikTok", async () => {
      const done = await postToEnd(server, me, {
        source_url: videoUrl,
        title: "on R2",
      });
      assert.equal(done.status, "PUBLISH_COMPLETE", JSON.stringify(done));
      assert.equal(
        (done.raw as { data: { downloaded_bytes: number } }).data
          .downloaded_bytes,
        (await fixture("portrait.mp4")).length,
      );
      assert.equal(await me.sandboxPosts(), 1);
    });

    await t.step("a photo album is posted from the bucket", async () => {
      const other = await posterFor(server, "r2_photos");
      const { albumId, urls } = await albumOf(
        other,
        "photo2.jpg",
        "photo3.webp",
      );
      assert.deepEqual(
        (await r2.keys(`uploads/${other.openId}/albums/${albumId}/`)).length,
        2,
      );
      const done = await postToEnd(server, other, {
        media_type: "PHOTO",
        photo_images: urls,
        title: "album on R2",
      });
      assert.equal(done.status, "PUBLISH_COMPLETE", JSON.stringify(done));
      assert.equal(await other.sandboxPosts(), 1);
    });
  } finally {
    await server.close();
    await r2.close();
  }
});
