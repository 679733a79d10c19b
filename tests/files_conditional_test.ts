/**
 * Conditional GET and HEAD on local media files (/files/...): If-None-Match
 * uses the weak comparison of RFC 9110 §13.1.2, so `*`, weak tags and lists
 * of tags all answer 304 when one of them names the file's ETag, and
 * If-None-Match is decided before If-Modified-Since and Range; a Range
 * with an If-Range that is not the ETag (strongly) sends the whole file.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { apiClientFor, fixture, uploadBytes } from "./_helpers/api_client.ts";

/** portrait.mp4 uploaded by a new user: its bytes, file URL and ETag. */
async function uploadedVideo(server: TestServer, username: string) {
  const client = await apiClientFor(server, username, "free");
  const bytes = await fixture("portrait.mp4");
  const up = await uploadBytes(client, bytes, {
    filename: `${username}.mp4`,
    contentType: "video/mp4",
  });
  assert.equal(up.status, 200, JSON.stringify(up.body));
  return { bytes, url: String(up.body.url), etag: String(up.body.etag) };
}

Deno.test("local files answer If-None-Match with 304 by weak comparison, on GET and HEAD", async () => {
  const server = await startTestServer();
  try {
    const { bytes, url, etag } = await uploadedVideo(server, "etag_user");
    assert.match(etag, /^"[^"]+"$/, "the file's ETag is a strong tag");

    const cases: {
      name: string;
      headers: Record<string, string>;
      status: number;
    }[] = [
      {
        name: "the exact tag",
        headers: { "If-None-Match": etag },
        status: 304,
      },
      { name: "*", headers: { "If-None-Match": "*" }, status: 304 },
      {
        name: "the weak tag",
        headers: { "If-None-Match": `W/${etag}` },
        status: 304,
      },
      {
        name: "a list holding the weak tag",
        headers: { "If-None-Match": `"other", W/${etag}` },
        status: 304,
      },
      {
        name: "a list holding the tag, no spaces",
        headers: { "If-None-Match": `W/"a",${etag},"b"` },
        status: 304,
      },
      {
        name: "a list of other tags",
        headers: { "If-None-Match": `"other", W/"older"` },
        status: 200,
      },
      {
        name:
          "a matching tag with an old If-Modified-Since (If-None-Match wins)",
        headers: {
          "If-None-Match": `W/${etag}`,
          "If-Modified-Since": "Thu, 01 Jan 1970 00:00:00 GMT",
        },
        status: 304,
      },
      {
        name:
          "another tag with a future If-Modified-Since (If-None-Match wins)",
        headers: {
          "If-None-Match": `"other"`,
          "If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT",
        },
        status: 200,
      },
      {
        name: "a matching tag with a Range (304 before the range)",
        headers: { "If-None-Match": `W/${etag}`, Range: "bytes=0-9" },
        status: 304,
      },
    ];
    for (const method of ["GET", "HEAD"]) {
      for (const c of cases) {
        const res = await fetch(url, { method, headers: c.headers });
        const body = new Uint8Array(await res.arrayBuffer());
        const what = `${method} with ${c.name}`;
        assert.equal(res.status, c.status, what);
        assert.equal(res.headers.get("etag"), etag, `${what}: ETag sent`);
        if (c.status === 304 || method === "HEAD") {
          assert.equal(body.length, 0, `${what}: no body`);
        } else {
          assert.deepEqual(body, bytes, `${what}: the whole file`);
        }
      }
    }
  } finally {
    await server.close();
  }
});

Deno.test("local files answer a Range with If-Range only when it names the file's ETag strongly, else the whole file", async () => {
  const server = await startTestServer();
  try {
    const { bytes, url, etag } = await uploadedVideo(server, "if_range_user");
    const cases: { name: string; ifRange: string; ranged: boolean }[] = [
      { name: "the file's tag", ifRange: etag, ranged: true },
      { name: "another tag", ifRange: `"nope"`, ranged: false },
      {
        name: "the weak tag (never matches)",
        ifRange: `W/${etag}`,
        ranged: false,
      },
      // No Last-Modified on files: no date can be exactly it.
      {
        name: "an HTTP-date",
        ifRange: new Date().toUTCString(),
        ranged: false,
      },
    ];
    for (const method of ["GET", "HEAD"]) {
      for (const c of cases) {
        const what = `${method} with If-Range ${c.name}`;
        const res = await fetch(url, {
          method,
          headers: { Range: "bytes=0-9", "If-Range": c.ifRange },
        });
        const body = new Uint8Array(await res.arrayBuffer());
        assert.equal(res.status, c.ranged ? 206 : 200, what);
        assert.equal(
          res.headers.get("content-range"),
          c.ranged ? `bytes 0-9/${bytes.length}` : null,
          what,
        );
        assert.equal(
          res.headers.get("content-length"),
          String(c.ranged ? 10 : bytes.length),
          what,
        );
        if (method === "GET") {
          assert.deepEqual(body, c.ranged ? bytes.slice(0, 10) : bytes, what);
        }
      }
    }
    // A range past the end of a changed file is not 416: the Range is
    // ignored before it is read.
    const past = await fetch(url, {
      headers: { Range: `bytes=${bytes.length + 5}-`, "If-Range": `"nope"` },
    });
    assert.equal(past.status, 200);
    assert.deepEqual(new Uint8Array(await past.arrayBuffer()), bytes);
  } finally {
    await server.close();
  }
});
