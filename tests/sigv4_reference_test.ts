/**
 * Our SigV4 signatures (aws4fetch) equal the AWS SDK's reference signer
 * (@smithy/signature-v4) for the same requests, credentials and date.
 */
import assert from "node:assert/strict";
import { referenceSigner } from "./_helpers/reference_signer.ts";
import { S3Storage } from "../lib/storage/s3_storage.ts";

const credentials = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
};
const date = new Date("2026-11-25T12:34:56Z");
const datetime = "20261125T123456Z";

const reference = referenceSigner(credentials, "eu-central-1");

function storage(forcePathStyle: boolean) {
  return new S3Storage({
    endpoint: "https://s3.eu-central-1.amazonaws.com",
    region: "eu-central-1",
    bucket: "pm3k-media",
    ...credentials,
    forcePathStyle,
    filesBaseUrl: "https://files.pm3k.example",
  });
}

function smithyRequest(
  url: URL,
  method: string,
  headers: Record<string, string>,
) {
  return {
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { host: url.host, ...headers },
  };
}

for (const forcePathStyle of [true, false]) {
  const style = forcePathStyle ? "path-style" : "virtual-hosted";

  Deno.test(`header-signed requests match the reference signer (${style})`, async () => {
    const s = storage(forcePathStyle);
    for (
      const [method, key, extra] of [
        ["PUT", "uploads/sbx-1/2026-11-25/01J0ABC.mp4", {
          "content-type": "video/mp4",
          "content-length": "1234",
        }],
        ["HEAD", "uploads/a b/ü.jpg", {}],
        ["GET", "uploads/x.webp", { range: "bytes=0-1023" }],
        ["DELETE", "uploads/x.webp", {}],
      ] as const
    ) {
      const url = s.objectUrl(key);
      const headers = {
        ...extra,
        "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
      } as Record<string, string>;
      const ours = await s.sign(url, { method, headers, datetime });
      const theirs = await reference.sign(
        smithyRequest(url, method, { ...headers, "x-amz-date": datetime }),
        {
          signingDate: date,
          // aws4fetch leaves these unsigned, which S3 accepts.
          unsignableHeaders: new Set([
            "content-type",
            "content-length",
            "range",
          ]),
        },
      );
      assert.equal(
        ours.headers.get("authorization"),
        theirs.headers["authorization"],
        `${method} ${key}`,
      );
    }
  });

  Deno.test(`presigned PUT URLs match the reference signer (${style})`, async () => {
    const s = storage(forcePathStyle);
    const ours = new URL(
      (await s.presignPut("uploads/sbx-1/albums/01J/01K.jpg", {
        contentType: "image/jpeg",
        maxBytes: 10,
        expiresInSeconds: 3600,
        now: date.getTime(),
      })).url,
    );
    const bare = s.objectUrl("uploads/sbx-1/albums/01J/01K.jpg");
    const theirs = await reference.presign(
      // S3 presigned URLs carry an unsigned payload, as aws4fetch signs them.
      smithyRequest(bare, "PUT", {
        "content-type": "image/jpeg",
        "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
      }),
      {
        signingDate: date,
        expiresIn: 3600,
        unhoistableHeaders: new Set(["content-type", "x-amz-content-sha256"]),
        unsignableHeaders: new Set(["x-amz-content-sha256"]),
      },
    );
    assert.equal(
      ours.searchParams.get("X-Amz-Signature"),
      String(theirs.query?.["X-Amz-Signature"]),
    );
    assert.equal(
      ours.searchParams.get("X-Amz-SignedHeaders"),
      String(theirs.query?.["X-Amz-SignedHeaders"]),
    );
    assert.equal(
      ours.searchParams.get("X-Amz-Credential"),
      String(theirs.query?.["X-Amz-Credential"]),
    );
  });
}
