/**
 * Server-side fetches of a user's URL ask for the bytes as they are
 * (`Accept-Encoding: identity`), and a host that compresses anyway is told
 * so (docs/media.md#server-side-fetches): its gzip bytes were stored and
 * judged as the file ("not an MP4"), and a verification file the owner
 * sees right in a browser "did not contain the expected text".
 */
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { startTestServer } from "./_helpers/test_server.ts";
import { apiClientFor, fixture } from "./_helpers/api_client.ts";
import { startLoopbackSite } from "./_helpers/loopback_site.ts";

/**
 * A media host serving `/clip.mp4` and `/pm3k-verify.txt`. It compresses
 * unless the request asks for identity alone (RFC 9110 §12.5.3: no
 * Accept-Encoding accepts any coding), and always while `forced` (an S3
 * object stored with Content-Encoding metadata).
 */
function startMediaHost(files: Record<string, Uint8Array<ArrayBuffer>>) {
  const host = {
    forced: false,
    asked: [] as (string | null)[],
  };
  const site = startLoopbackSite((req) => {
    const path = new URL(req.url).pathname;
    const acceptEncoding = req.headers.get("accept-encoding");
    host.asked.push(acceptEncoding);
    const bytes = files[path];
    if (!bytes) return new Response("no", { status: 404 });
    const type = path.endsWith(".mp4") ? "video/mp4" : "text/plain";
    const identityOnly = acceptEncoding?.trim().toLowerCase() === "identity";
    if (host.forced || !identityOnly) {
      return new Response(new Uint8Array(gzipSync(bytes)), {
        headers: { "Content-Type": type, "Content-Encoding": "gzip" },
      });
    }
    return new Response(bytes.slice(), { headers: { "Content-Type": type } });
  });
  return Object.assign(host, site, { host: new URL(site.base).host });
}

Deno.test("a URL whose host would compress is fetched as it is, and one compressed anyway is refused saying so", async (t) => {
  const server = await startTestServer();
  const video = await fixture("portrait.mp4");
  const files: Record<string, Uint8Array<ArrayBuffer>> = { "/clip.mp4": video };
  const host = startMediaHost(files);
  try {
    const client = await apiClientFor(server, "compressed_host", "free");
    const fromUrl = () =>
      client.json("POST", "/api/uploads/from_url", {
        url: `${host.base}/clip.mp4`,
      });

    await t.step(
      "a host free to compress sends the file as it is",
      async () => {
        const r = await fromUrl();
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.size, video.length);
        assert.equal(host.asked.at(-1), "identity");
      },
    );

    await t.step(
      "a file sent compressed anyway: proxy_error naming the coding, nothing kept",
      async () => {
        host.forced = true;
        const before = await client.json("GET", "/api/uploads");
        const r = await fromUrl();
        assert.equal(r.status, 502, JSON.stringify(r.body));
        assert.equal(r.body.error, "proxy_error");
        assert.match(
          String(r.body.message),
          /sent the file compressed \(Content-Encoding: gzip\)/,
        );
        const after = await client.json("GET", "/api/uploads");
        assert.deepEqual(after.body.uploads, before.body.uploads);
        host.forced = false;
      },
    );

    const added = await client.json("POST", "/api/domains", {
      domain: host.host,
    });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    files["/pm3k-verify.txt"] = new TextEncoder().encode(
      String(added.body.file_content),
    );
    const verify = () =>
      client.json(
        "POST",
        `/api/domains/${encodeURIComponent(host.host)}/verify`,
      );

    await t.step(
      "a verification file sent compressed anyway: the reason says so",
      async () => {
        host.forced = true;
        const r = await verify();
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.equal(r.body.error, "domain_verification_failed");
        assert.match(
          String(r.body.reason),
          /pm3k-verify\.txt was sent compressed \(Content-Encoding: gzip\)/,
        );
        host.forced = false;
      },
    );

    await t.step(
      "a verification file on a host free to compress verifies the domain",
      async () => {
        const r = await verify();
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.verified, true);
        assert.equal(host.asked.at(-1), "identity");
      },
    );
  } finally {
    await host.close();
    await server.close();
  }
});
