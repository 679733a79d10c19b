/**
 * The test bucket's gateway refuses what AWS S3 refuses, so the adapter
 * tests that pass through it prove something: a signature over other
 * credentials, another key, another Content-Type, a raw path, no Host or a
 * stale clock, a body that is not the one signed, a presigned URL not yet
 * valid, a multipart part under 5 MiB, a chunked PUT, an anonymous write or
 * listing are all turned away, each with S3's error code.
 */
import assert from "node:assert/strict";
import { referenceSigner } from "./_helpers/reference_signer.ts";
import { S3Storage } from "../lib/storage/s3_storage.ts";
import { startS3rver } from "./_helpers/s3rver_harness.ts";
import type { S3rverHandle } from "./_helpers/s3rver_harness.ts";

function adapter(
  s3: S3rverHandle,
  secretAccessKey = s3.storageOptions.secretAccessKey,
) {
  return new S3Storage({ ...s3.storageOptions, secretAccessKey });
}

/** `20261125T123456Z` for a time `ms` from now. */
function amzDateFromNow(ms: number): string {
  return new Date(Date.now() + ms).toISOString().replace(/[:-]|\.\d{3}/g, "");
}

/**
 * A PUT signed by the AWS SDK's signer over the path exactly as given (not
 * re-encoded), with or without the Host header among the signed ones.
 */
async function referenceSignedPut(
  s3: S3rverHandle,
  target: URL,
  options: { signHost: boolean },
): Promise<Response> {
  const signed = await referenceSigner(
    s3.storageOptions,
    s3.storageOptions.region,
  ).sign({
    method: "PUT",
    protocol: target.protocol,
    hostname: target.hostname,
    path: decodeURI(target.pathname),
    query: {},
    headers: {
      ...(options.signHost ? { host: target.host } : {}),
      "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
    },
  });
  return await fetch(target, {
    method: "PUT",
    headers: signed.headers as Record<string, string>,
    body: "hello",
  });
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
    await t.step(
      "a key with reserved characters, signed as S3 encodes it (the control)",
      async () => {
        const key = "checks/a (1)'s*.txt";
        await storage.put(key, new TextEncoder().encode("hi"), {
          contentType: "text/plain",
        });
        assert.equal((await storage.head(key))?.size, 2);
        await storage.delete(key);
      },
    );
    await t.step(
      "a signature over the path as sent, not as S3 encodes it",
      async () => {
        // "(" must be signed as %28: a signer that signs it raw is refused.
        const res = await referenceSignedPut(
          s3,
          new URL(`${s3.endpoint}/${s3.bucket}/checks/b(1).txt`),
          { signHost: true },
        );
        assert.equal(res.status, 403);
        assert.equal(await errorCode(res), "SignatureDoesNotMatch");
      },
    );
    await t.step("a signature that leaves the Host header out", async () => {
      const res = await referenceSignedPut(s3, url, { signHost: false });
      assert.equal(res.status, 403);
      assert.equal(await errorCode(res), "AccessDenied");
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
      // Five minutes back: still inside the skew window, surely changed.
      signed.headers.set("x-amz-date", amzDateFromNow(-5 * 60_000));
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
    await t.step("a presigned URL dated in the future", async () => {
      const early = await storage.presignPut("checks/d.mp4", {
        contentType: "video/mp4",
        maxBytes: 5,
        expiresInSeconds: 600,
        now: Date.now() + 60 * 60_000,
      });
      const res = await fetch(early.url, {
        method: "PUT",
        headers: early.headers,
        body: "hello",
      });
      assert.equal(res.status, 403);
      assert.match(await res.text(), /Request is not yet valid/);
    });
    await t.step(
      "a multipart upload whose first part is under 5 MiB",
      async () => {
        const key = "checks/parts.bin";
        const send = async (
          method: string,
          query: Record<string, string>,
          body?: Uint8Array<ArrayBuffer> | string,
        ) => {
          const target = storage.objectUrl(key);
          for (const [k, v] of Object.entries(query)) {
            target.searchParams.set(k, v);
          }
          const signed = await storage.sign(target, { method });
          return await fetch(signed.url, {
            method,
            headers: signed.headers,
            body,
          });
        };
        const created = await (await send("POST", { uploads: "" })).text();
        const uploadId = /<UploadId>([^<]+)</.exec(created)![1];
        const etags: string[] = [];
        for (const [n, size] of [[1, 1024], [2, 1024]]) {
          const res = await send("PUT", {
            partNumber: String(n),
            uploadId,
          }, new Uint8Array(size));
          assert.equal(res.status, 200, await res.text());
          etags.push(res.headers.get("etag")!);
        }
        const res = await send(
          "POST",
          { uploadId },
          `<CompleteMultipartUpload>${
            etags.map((e, i) =>
              `<Part><PartNumber>${i + 1}</PartNumber><ETag>${e}</ETag></Part>`
            ).join("")
          }</CompleteMultipartUpload>`,
        );
        assert.equal(res.status, 400);
        assert.equal(await errorCode(res), "EntityTooSmall");
        await (await send("DELETE", { uploadId })).body?.cancel();
        assert.equal(await storage.head(key), null);
      },
    );
    await t.step(
      "anonymous reads: objects yes, the bucket listing no",
      async () => {
        const object = await fetch(url);
        assert.equal(await object.text(), "hello");
        const listing = await fetch(`${s3.endpoint}/${s3.bucket}?list-type=2`);
        assert.equal(listing.status, 403);
        assert.equal(await errorCode(listing), "AccessDenied");
      },
    );
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
    assert.equal(s3.refused.length, 13, s3.refused.join("\n"));
  } finally {
    await s3.close();
  }
});

Deno.test("a bucket without public read refuses anonymous reads of its objects", async () => {
  const s3 = await startS3rver({ publicRead: false });
  try {
    const storage = adapter(s3);
    await storage.put("private.txt", new TextEncoder().encode("x"), {
      contentType: "text/plain",
    });
    const res = await fetch(storage.publicUrl("private.txt"));
    assert.equal(res.status, 403);
    assert.equal(await errorCode(res), "AccessDenied");
    assert.equal((await storage.head("private.txt"))?.size, 1, "signed: yes");
  } finally {
    await s3.close();
  }
});

Deno.test("the test bucket copies and lists as S3 does, and refuses an x-amz header left out of the signature", async (t) => {
  const s3 = await startS3rver();
  const storage = adapter(s3);
  try {
    await storage.put("copy/from.txt", new TextEncoder().encode("source"), {
      contentType: "text/plain",
    });
    const copyTo = async (
      to: string,
      sign: (headers: Record<string, string>) => Record<string, string>,
      sent: Record<string, string>,
    ) => {
      const signed = await storage.sign(storage.objectUrl(to), {
        method: "PUT",
        headers: sign(sent),
      });
      for (const [name, value] of Object.entries(sent)) {
        signed.headers.set(name, value);
      }
      return await fetch(signed.url, {
        method: "PUT",
        headers: signed.headers,
        body: new Uint8Array(0),
      });
    };
    const source = { "x-amz-copy-source": `${s3.bucket}/copy/from.txt` };
    await t.step("a signed CopyObject is taken (the control)", async () => {
      const res = await copyTo("copy/to.txt", (h) => h, source);
      assert.equal(res.status, 200, await res.text());
      const got = await storage.get("copy/to.txt");
      assert.equal(await new Response(got!.body).text(), "source");
    });
    await t.step("a CopyObject whose source was not signed", async () => {
      const res = await copyTo("copy/unsigned.txt", () => ({}), source);
      assert.equal(res.status, 403);
      assert.match(await res.text(), /not signed: x-amz-copy-source/);
      assert.equal(await storage.head("copy/unsigned.txt"), null);
    });
    await t.step(
      "a CopyObject whose source changed after signing",
      async () => {
        await storage.put("copy/other.txt", new TextEncoder().encode("o"), {
          contentType: "text/plain",
        });
        const res = await copyTo(
          "copy/swapped.txt",
          () => source,
          { "x-amz-copy-source": `${s3.bucket}/copy/other.txt` },
        );
        assert.equal(res.status, 403);
        assert.equal(await errorCode(res), "SignatureDoesNotMatch");
        assert.equal(await storage.head("copy/swapped.txt"), null);
      },
    );
    await t.step("listings come in byte order, in pages", async () => {
      const keys = [];
      for await (const o of storage.list("copy/", { pageSize: 1 })) {
        keys.push(o.key);
      }
      assert.deepEqual(keys, [
        "copy/from.txt",
        "copy/other.txt",
        "copy/to.txt",
      ]);
      const pages = s3.requests.filter((r) => r.includes("list-type=2"));
      assert.equal(pages.length, 3);
      assert.equal(
        pages.filter((p) => /continuation-token=/.test(p)).length,
        2,
      );
    });
    await t.step("a continuation token the bucket never gave", async () => {
      const url = storage.bucketUrl();
      url.searchParams.set("list-type", "2");
      url.searchParams.set("continuation-token", "bm90LW91cnM=");
      const signed = await storage.sign(url, { method: "GET" });
      const res = await fetch(signed.url, { headers: signed.headers });
      assert.equal(res.status, 400);
      assert.equal(await errorCode(res), "InvalidArgument");
    });
    assert.equal(s3.refused.length, 3, s3.refused.join("\n"));
  } finally {
    await s3.close();
  }
});
