/**
 * Each way an album image arrives keeps the SHA-256 of its bytes on its
 * upload record at completion, as a video's is (docs/media.md#content-digest):
 * a raw body and a copy from a URL hashed as they stream in, a presigned PUT
 * by one read at completion. Real server over loopback, real KV, on the
 * local-disk adapter and on S3 (s3rver).
 */
import assert from "node:assert/strict";
import { startServerOn } from "./_helpers/s3rver_harness.ts";
import { recordedDigest, sha256Of } from "./_helpers/upload_digest.ts";
import { apiClientFor, fixture, uploadBytes } from "./_helpers/api_client.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import { imageVariant } from "./_helpers/image_variant.ts";

for (const adapter of ["local", "s3"] as const) {
  Deno.test(`an album image's upload keeps its bytes' SHA-256 however it arrived (${adapter})`, async () => {
    const server = await startServerOn(adapter);
    const source = await startSourceServer();
    try {
      const client = await apiClientFor(
        server,
        `img_digest_${adapter}`,
        "free",
      );
      const albumId = String(
        (await client.json("POST", "/api/albums")).body
          .album_id,
      );
      const photo = await fixture("photo2.jpg");

      const raw = await fetch(
        `${server.url}/api/uploads?filename=raw.jpg&album_id=${albumId}`,
        {
          method: "POST",
          headers: {
            Authorization: `Bearer ${client.key}`,
            "Content-Type": "image/jpeg",
          },
          body: photo,
        },
      );
      const rawBody = await raw.json();
      assert.equal(raw.status, 200, JSON.stringify(rawBody));
      assert.equal(
        await recordedDigest(server, rawBody.upload_id),
        sha256Of(photo),
      );

      // Another file, presigned: its digest read once at completion.
      const other = await imageVariant("photo2.jpg", 1);
      const presigned = await uploadBytes(client, other, {
        filename: "presigned.jpg",
        contentType: "image/jpeg",
        albumId,
      });
      assert.equal(presigned.status, 200, JSON.stringify(presigned.body));
      assert.equal(
        await recordedDigest(server, presigned.body.upload_id),
        sha256Of(other),
      );

      const copied = await client.json("POST", "/api/uploads/from_url", {
        url: `${source.origin}/photo.jpg`,
        album_id: albumId,
      });
      assert.equal(copied.status, 200, JSON.stringify(copied.body));
      const served = await (await fetch(`${source.origin}/photo.jpg`)).bytes();
      assert.equal(
        await recordedDigest(server, copied.body.upload_id),
        sha256Of(served),
      );
    } finally {
      await source.close();
      await server.close();
    }
  });
}
