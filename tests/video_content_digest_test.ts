/**
 * Each way a video arrives keeps the SHA-256 of its bytes on its upload
 * record (docs/media.md#content-digest): a raw body and a copy from a URL
 * hashed as they stream in, a presigned PUT by one read at completion, a
 * verified domain's copy as it streams in. Real server over loopback, real
 * KV, on the local-disk adapter and on S3 (s3rver).
 */
import assert from "node:assert/strict";
import { startServerOn } from "./_helpers/s3rver_harness.ts";
import { recordedDigest, sha256Of } from "./_helpers/upload_digest.ts";
import { apiClientFor, fixture, uploadBytes } from "./_helpers/api_client.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import { verifyDomain } from "./_helpers/posting_setup.ts";
import { getAccount } from "../lib/accounts/accounts_store.ts";
import { ingestExternalUrl } from "../lib/media/ingest.ts";

for (const adapter of ["local", "s3"] as const) {
  Deno.test(`a video's upload keeps its bytes' SHA-256 however it arrived (${adapter})`, async () => {
    const server = await startServerOn(adapter);
    const source = await startSourceServer();
    try {
      const client = await apiClientFor(server, `digest_${adapter}`, "free");
      const video = await fixture("portrait.mp4");
      const expected = sha256Of(video);

      const raw = await fetch(`${server.url}/api/uploads?filename=raw.mp4`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${client.key}`,
          "Content-Type": "video/mp4",
        },
        body: video,
      });
      const rawBody = await raw.json();
      assert.equal(raw.status, 200, JSON.stringify(rawBody));
      assert.equal(await recordedDigest(server, rawBody.upload_id), expected);

      /** The digest kept of `bytes` uploaded through a presigned PUT. */
      const presigned = async (bytes: Uint8Array, contentType: string) => {
        const r = await uploadBytes(client, bytes, {
          filename: `presigned.${contentType.slice(6)}`,
          contentType,
        });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        return await recordedDigest(server, r.body.upload_id);
      };
      assert.equal(await presigned(video, "video/mp4"), expected);

      const copied = await client.json("POST", "/api/uploads/from_url", {
        url: `${source.origin}/video.mp4`,
      });
      assert.equal(copied.status, 200, JSON.stringify(copied.body));
      assert.equal(
        await recordedDigest(server, copied.body.upload_id),
        expected,
      );

      // A verified domain's copy, the one a post of its URL makes.
      await verifyDomain(client, source.host, (t) => source.verifyText = t);
      const account = (await getAccount(server.deps, client.openId))!;
      const ingested = await ingestExternalUrl(
        { ...server.deps, allowLoopback: true },
        account,
        `${source.origin}/video.mp4`,
        "video",
      );
      assert.equal(ingested.record.sha256, expected);
      assert.equal(await recordedDigest(server, ingested.record.id), expected);

      // Another file, another digest.
      const other = await fixture("portrait.webm");
      assert.equal(
        await presigned(other, "video/webm"),
        sha256Of(other),
      );
    } finally {
      await source.close();
      await server.close();
    }
  });
}
