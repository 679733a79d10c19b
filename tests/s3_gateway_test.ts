/**
 * The test bucket's gateway refuses what AWS S3 refuses, so the adapter
 * tests that pass through it prove something: a signature over other
 * credentials, another key, another Content-Type or a stale clock, a body
 * that is not the one signed, a chunked PUT and an anonymous write are all
 * turned away, each with S3's error code.
 */
import assert from "node:assert/strict";
import { S3Storage } from "../lib/storage/s3_storage.ts";
import { startS3rver } from "./_helpers/s3rver_harness.ts";
import type { S3rverHandle } from "./_helpers/s3rver_harness.ts";

function adapter(s3: S3rverHandle, secretAccessKey = s3.secretAccessKey) {
  return new S3Storage({
    endpoint: s3.endpoint,
    region: s3.region,
    bucket: s3.bucket,
    accessKeyId: s3.accessKeyId,
    secretAccessKey,
    forcePathStyle: true,
    filesBaseUrl: `${s3.endpoint}/${s3.bucket}`,
  });
}

/** `20261125T123456Z` for a time `ms` from now. */
function amzDateFromNow(ms: number): string {
  return new Date(Date.now() + ms).toISOString().replace(/[:-]|\.\d{3}/g, "");
}

async function errorCode(res: Response): Promise<string> {
  return /<Code>([^<]+)<\/Code>/.exec(await res.text())?.[1] ??
    `HTTP ${res.status}`;
}

Deno.test("the test bucket refuses what AWS S3 refuses", async (t) => {
  const s3 = await startS3rver();
  const storage = adapter(s3);
  const url = storage.objectUrl("checks/a.txt");
  const put = async (
    signed: { url: URL; headers: Headers },
    body: BodyInit = "hello",
  ) =>
    await fetch(signed.url, { method: "PUT", headers: signed.headers, body });
  try {
    await t.step("a correctly signed PUT is taken (the control)", async () => {
      const res = await put(
        await storage.sign(url, {
          method: "PUT",
          headers: { "Content-Type": "text/plain" },
        }),
      );
      assert.equal(res.status, 200, await res.text());
      assert.equal((await storage.head("checks/a.txt"))?.size, 5);
    });
    await t.step("a signature made with another secret", async () => {
      const res = await put(
        await adapter(s3, "not-the-secret").sign(url, { method: "PUT" }),
      );
      assert.equal(res.status, 403);
      assert.equal(await errorCode(res), "SignatureDoesNotMatch");
    });
    await t.step("a header changed after signing", async () => {
      const signed = await storage.sign(url, {
        method: "PUT",
        headers: { "Content-Type": "text/plain" },
      });
      signed.headers.set("x-amz-date", amzDateFromNow(-1000));
      const res = await put(signed);
      assert.equal(res.status, 403);
      assert.equal(await errorCode(res), "SignatureDoesNotMatch");
    });
    await t.step("a clock more than 15 minutes off", async () => {
      const res = await put(
        await storage.sign(url, {
          method: "PUT",
          datetime: amzDateFromNow(-20 * 60_000),
        }),
      );
      assert.equal(res.status, 403);
      assert.equal(await errorCode(res), "RequestTimeTooSkewed");
    });
    await t.step(
      "a body that is not the one whose hash was signed",
      async () => {
        const res = await put(
          await storage.sign(url, {
            method: "PUT",
            headers: {
              // sha256("other")
              "x-amz-content-sha256":
                "d9298a10d1b0735837dc4bd85dac641b0f3cef27a47e5d53a54f2f3f5b2fcffa",
            },
          }),
        );
        assert.equal(res.status, 400);
        assert.equal(await errorCode(res), "XAmzContentSHA256Mismatch");
      },
    );
    const presigned = await storage.presignPut("checks/b.mp4", {
      contentType: "video/mp4",
      maxBytes: 5,
      expiresInSeconds: 600,
      now: Date.now(),
    });
    await t.step("a presigned PUT with another Content-Type", async () => {
      const res = await fetch(presigned.url, {
        method: "PUT",
        headers: { "Content-Type": "text/html" },
        body: "hello",
      });
      assert.equal(res.status, 403);
      assert.equal(await errorCode(res), "SignatureDoesNotMatch");
    });
    await t.step("a presigned PUT sent to another key", async () => {
      const res = await fetch(presigned.url.replace("b.mp4", "c.mp4"), {
        method: "PUT",
        headers: presigned.headers,
        body: "hello",
      });
      assert.equal(res.status, 403);
      assert.equal(await errorCode(res), "SignatureDoesNotMatch");
    });
    await t.step("a PUT without a Content-Length (chunked)", async () => {
      const res = await put(
        await storage.sign(url, { method: "PUT" }),
        ReadableStream.from([new TextEncoder().encode("hello")]),
      );
      assert.equal(res.status, 501);
      assert.equal(await errorCode(res), "NotImplemented");
    });
    await t.step("an anonymous write", async () => {
      const res = await fetch(url, { method: "DELETE" });
      assert.equal(res.status, 403);
      assert.equal(await errorCode(res), "AccessDenied");
    });
    assert.equal(await storage.head("checks/b.mp4"), null);
    assert.equal(await storage.head("checks/c.mp4"), null);
    assert.equal((await storage.head("checks/a.txt"))?.size, 5);
    assert.equal(s3.refused.length, 8, s3.refused.join("\n"));
  } finally {
    await s3.close();
  }
});
