/**
 * A presigned album upload's declared `content_type` that is no JPEG or
 * WebP is repeated in the refusal as every client text is (cut, its
 * controls and invisible characters spelt out: docs/api.md#retry-after),
 * and `image/jpg`, a common name of JPEG that is no media type, is told
 * its registered name rather than "JPEG allowed, not image/jpg".
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { apiClientFor } from "./_helpers/api_client.ts";

Deno.test("an album upload's declared type is echoed spelt out, and image/jpg is told to be image/jpeg", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "declared_types", "free");
    const album = await me.json("POST", "/api/albums");
    assert.equal(album.status, 200);
    const start = (contentType: string) =>
      me.json("POST", "/api/uploads", {
        filename: "a.jpg",
        content_type: contentType,
        size: 1000,
        album_id: album.body.album_id,
      });

    const hidden = await start("\u202eimage/gif\u0000\u001b[31m");
    assert.equal(hidden.status, 400);
    assert.equal(hidden.body.error, "unsupported_image_type");
    assert.equal(
      hidden.body.message,
      'Only JPEG/WebP allowed: a photo album takes JPEG or WebP images, not "\\u{202E}image/gif\\u{0}\\u{1B}[31m".',
    );

    for (const alias of ["image/jpg", "Image/JPG; q=1", "image/pjpeg"]) {
      const r = await start(alias);
      assert.equal(r.status, 400, alias);
      assert.equal(r.body.error, "unsupported_image_type");
      assert.equal(
        r.body.message,
        `Only JPEG/WebP allowed: a photo album takes JPEG or WebP images, not "${alias}" (a JPEG is declared as image/jpeg).`,
      );
    }
    const gif = await start("image/gif");
    assert.equal(
      gif.body.message,
      'Only JPEG/WebP allowed: a photo album takes JPEG or WebP images, not "image/gif": convert the image to JPEG first.',
    );
  } finally {
    await server.close();
  }
});
