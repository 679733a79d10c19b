/**
 * Ingest from a verified domain into our storage: the copy, its fingerprint,
 * and every refusal (unverified host, missing Content-Length for images,
 * caps enforced mid-stream, wrong types, stalled sources) leaving nothing.
 */
import assert from "node:assert/strict";
import { localTmpFiles } from "./_helpers/local_tmp_files.ts";
import { verifyDomain } from "./_helpers/posting_setup.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { apiClientFor, fixture } from "./_helpers/api_client.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import type { SourceServer } from "./_helpers/source_server.ts";
import { startServerOn } from "./_helpers/s3rver_harness.ts";
import { ingestExternalUrl, mediaFingerprint } from "../lib/media/ingest.ts";
import { getAccount } from "../lib/accounts/accounts_store.ts";
import { keys, listTyped } from "../lib/kv_keys.ts";
import { AppError } from "../lib/errors.ts";

async function verifiedSetup(
  server: TestServer,
  source: SourceServer,
  user: string,
) {
  const client = await apiClientFor(server, user, "free");
  await verifyDomain(client, source.host, (t) => source.verifyText = t);
  const account = (await getAccount(server.deps, client.openId))!;
  const deps = { ...server.deps, allowLoopback: true };
  return { client, account, deps };
}

async function storedKeys(server: TestServer): Promise<string[]> {
  return (await listTyped(server.kv, keys.mediaExpiryPrefix())).map((e) =>
    String(e.key[3])
  );
}

for (const adapter of ["local", "s3"] as const) {
  Deno.test(`a verified source is copied into our storage with its fingerprint (${adapter})`, async () => {
    const server = await startServerOn(adapter);
    const source = await startSourceServer();
    try {
      const { account, deps } = await verifiedSetup(
        server,
        source,
        `ingest_${adapter}`,
      );
      const video = await fixture("portrait.mp4");
      const src = `${source.origin}/video.mp4`;
      const got = await ingestExternalUrl(deps, account, src, "video");
      assert.equal(got.size, video.length);
      assert.equal(got.etag, '"v1"');
      assert.equal(
        got.fingerprint,
        await mediaFingerprint(src, video.length, '"v1"'),
      );
      assert.match(got.fingerprint, /^[0-9a-f]{64}$/);
      assert.ok(
        got.url.startsWith(
          `${server.deps.config.filesBaseUrl}/tmp/${account.openId}/`,
        ),
      );
      assert.equal(got.record.video?.displayHeight, 960);
      const copy = await fetch(got.url);
      assert.deepEqual(new Uint8Array(await copy.arrayBuffer()), video);

      // No Content-Length is fine for a video; the copy is still exact.
      const chunked = await ingestExternalUrl(
        deps,
        account,
        `${source.origin}/chunked.mp4`,
        "video",
      );
      assert.equal(chunked.size, video.length);
      // No validator from the source: the content's SHA-256 stands in.
      const sha = Array.from(
        new Uint8Array(await crypto.subtle.digest("SHA-256", video)),
        (b) => b.toString(16).padStart(2, "0"),
      ).join("");
      assert.equal(chunked.etag, `"sha256:${sha}"`);

      // Through a redirect on the same host.
      const redirected = await ingestExternalUrl(
        deps,
        account,
        `${source.origin}/to-video`,
        "video",
      );
      assert.equal(redirected.size, video.length);
    } finally {
      await source.close();
      await server.close();
    }
  });

  Deno.test(`refused ingests leave no object and no record (${adapter})`, async (t) => {
    const server = await startServerOn(adapter);
    const source = await startSourceServer();
    try {
      const { account, deps } = await verifiedSetup(
        server,
        source,
        `refuse_${adapter}`,
      );
      const expectError = async (
        url: string,
        kind: "video" | "image",
        code: string,
        idleTimeoutMs?: number,
      ) => {
        const using = idleTimeoutMs === undefined
          ? deps
          : { ...deps, fetchOptions: { ...deps.fetchOptions, idleTimeoutMs } };
        const before = await storedKeys(server);
        await assert.rejects(
          ingestExternalUrl(using, account, url, kind),
          (e: unknown) => {
            assert.ok(e instanceof AppError, String(e));
            assert.equal(e.code, code, e.message);
            return true;
          },
        );
        assert.deepEqual(await storedKeys(server), before, "nothing recorded");
      };
      // [step, source, kind, error code, idle limit of the copy]. Only the
      // stall gets a short idle limit: a copy held back by a slow storage
      // write (a busy machine, parallel test files) reads nothing for a
      // while too, and must not read as a stall.
      const refusals: [
        string,
        string,
        "video" | "image",
        string,
        number?,
      ][] = [
        [
          "an unverified host",
          "https://media.example.com/v.mp4",
          "video",
          "domain_not_verified",
        ],
        [
          "an image without Content-Length",
          `${source.origin}/chunked.jpg`,
          "image",
          "content_length_required",
        ],
        [
          "a declared length over the plan cap",
          `${source.origin}/liar.mp4`,
          "video",
          "file_too_large",
        ],
        [
          "an endless body is cut at the plan cap",
          `${source.origin}/huge.bin`,
          "video",
          "file_too_large",
        ],
        [
          "a stalled body times out",
          `${source.origin}/slow.mp4`,
          "video",
          "proxy_error",
          300,
        ],
        [
          "a redirect to a private address",
          `${source.origin}/to-metadata`,
          "video",
          "proxy_error",
        ],
        [
          "an image where a video was expected",
          `${source.origin}/not-a-video.mp4`,
          "video",
          "unsupported_file_type",
        ],
        [
          "an image over 1080p",
          `${source.origin}/big.jpg`,
          "image",
          "image_too_large_px",
        ],
        [
          "a source answering 404",
          `${source.origin}/missing.mp4`,
          "video",
          "proxy_error",
        ],
      ];
      for (const [name, url, kind, code, idleTimeoutMs] of refusals) {
        await t.step(name, () => expectError(url, kind, code, idleTimeoutMs));
      }
      // Partial objects are gone from storage too (local: the tmp folder is empty).
      if (adapter === "local") {
        assert.deepEqual(await localTmpFiles(server, account.openId), []);
      }
    } finally {
      await source.close();
      await server.close();
    }
  });
}

Deno.test("an image from a verified domain is checked like an upload", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const { account, deps } = await verifiedSetup(
      server,
      source,
      "ingest_image",
    );
    const got = await ingestExternalUrl(
      deps,
      account,
      `${source.origin}/photo.jpg`,
      "image",
    );
    assert.deepEqual(got.record.image, {
      format: "jpg",
      width: 864,
      height: 1080,
    });
    assert.equal(got.etag, '"p1"');
  } finally {
    await source.close();
    await server.close();
  }
});
