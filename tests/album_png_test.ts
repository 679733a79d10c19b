/**
 * A PNG (or GIF) given for a photo post, however it arrives, is refused
 * with `unsupported_image_type` naming what it is and what to do: convert
 * it to JPEG, as TikTok's photo posts take JPEG or WebP only and the API
 * never converts (docs/media.md#photo-mode). Real server on a loopback
 * port, real KV, the source server and the TikTok simulator over HTTP.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { fixture, uploadBytes } from "./_helpers/api_client.ts";
import { posterFor, verifySource } from "./_helpers/posting_setup.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";

const CONVERT = "convert the image to JPEG first.";

Deno.test("a PNG for a photo post is refused naming it and saying to convert it to JPEG, on every way in", async (t) => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const me = await posterFor(server, "album_png", "monthly");
    const album = await me.json("POST", "/api/albums");
    assert.equal(album.status, 200, JSON.stringify(album.body));
    const albumId = String(album.body.album_id);
    const png = await fixture("photo.png");

    await t.step("a presigned upload declared image/png", async () => {
      const r = await me.json("POST", "/api/uploads", {
        filename: "shot.png",
        content_type: "image/png",
        size: png.length,
        album_id: albumId,
      });
      assert.equal(r.status, 400);
      assert.equal(r.body.error, "unsupported_image_type");
      assert.equal(
        r.body.message,
        `Only JPEG/WebP allowed: a photo album takes JPEG or WebP images, not "image/png": ${CONVERT}`,
      );
    });
    await t.step("PNG bytes declared as JPEG, at completion", async () => {
      const r = await uploadBytes(me, png, {
        filename: "shot.jpg",
        contentType: "image/jpeg",
        albumId,
      });
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.error, "unsupported_image_type");
      assert.equal(
        r.body.message,
        `Only JPEG/WebP allowed: the file content is a PNG image (image/png), not a JPEG or WebP image: ${CONVERT}`,
      );
    });
    await t.step(
      "PNG bytes sent in one request as application/octet-stream",
      async () => {
        const res = await fetch(
          `${server.url}/api/uploads?filename=shot&album_id=${albumId}`,
          {
            method: "POST",
            headers: {
              Authorization: `Bearer ${me.key}`,
              "Content-Type": "application/octet-stream",
            },
            body: png,
          },
        );
        const body = await assertJsonError(res, 400, "unsupported_image_type");
        assert.equal(
          body.message,
          `Only JPEG/WebP allowed: a photo album takes JPEG or WebP images, not "image/png": ${CONVERT}`,
        );
      },
    );
    await t.step("a PNG fetched from a URL into the album", async () => {
      const r = await me.json("POST", "/api/uploads/from_url", {
        url: `${source.origin}/photo.png`,
        album_id: albumId,
      });
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.error, "unsupported_image_type");
      assert.match(String(r.body.message), /image\/png/);
      assert.ok(
        String(r.body.message).endsWith(CONVERT),
        String(r.body.message),
      );
    });
    await t.step("a PNG on a verified domain in photo_images", async () => {
      await verifySource(me, source);
      const res = await me.call("POST", "/api/tiktok/direct_post", {
        media_type: "PHOTO",
        title: "screenshots",
        privacy: "SELF_ONLY",
        photo_images: [`${source.origin}/photo.png`],
      });
      const body = await assertJsonError(res, 400, "unsupported_image_type");
      assert.equal(
        body.message,
        `Only JPEG/WebP allowed: the source is a PNG image (image/png), not a JPEG or WebP image: ${CONVERT}`,
      );
    });
    const listed = await me.json("GET", `/api/albums/${albumId}`);
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    assert.deepEqual(
      listed.body.photo_images,
      [],
      "nothing went into the album",
    );
  } finally {
    await source.close();
    await server.close();
  }
});
