/**
 * A local file is served at the one URL PM3K gave for it
 * (docs/media.md#local-disk-adapter): another spelling of its path (a
 * trailing `/`, an empty `//` segment, `%2F` for a `/`, a `.` or `..`
 * segment, any percent-escape) answers 404 as an unknown file does, on GET,
 * HEAD and the signed upload PUT. The requests go over a raw connection:
 * fetch() would resolve the dot segments first.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import {
  apiClientFor,
  fixture,
  localFileKey,
  startedUpload,
  uploadBytes,
} from "./_helpers/api_client.ts";
import { rawRequest } from "./_helpers/raw_request.ts";

/** The other spellings of `path` (`/files/<dir>/<file>`). */
function otherSpellings(path: string): string[] {
  const slash = path.lastIndexOf("/");
  const dir = path.slice(0, slash);
  const file = path.slice(slash + 1);
  const inner = dir.slice(0, dir.lastIndexOf("/"));
  const day = dir.slice(dir.lastIndexOf("/") + 1);
  return [
    `${path}/`,
    `${path}//`,
    `${dir}//${file}`,
    `${inner}%2F${day}/${file}`,
    `${inner}%2f${day}/${file}`,
    `${dir}/./${file}`,
    `${dir}/%2e/${file}`,
    `${dir}/x/../${file}`,
    path.replace("/files/", "/files//"),
    path.replace("/files/uploads/", "/files/upload%73/"),
    path.replace(/\.mp4$/, "%2Emp4"),
  ];
}

Deno.test("a file URL spelt otherwise (trailing slash, //, %2F, dot segments, escapes) answers 404 as an unknown file", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "url_forms", "free");
    const up = await uploadBytes(me, await fixture("portrait.mp4"), {
      filename: "a.mp4",
      contentType: "video/mp4",
    });
    assert.equal(up.status, 200, JSON.stringify(up.body));
    const path = new URL(String(up.body.url)).pathname;
    assert.equal((await rawRequest(server.url, path)).status, 200);
    const unknown = await rawRequest(
      server.url,
      path.replace(/[^/]+\.mp4$/, "01KBH8Y5Q0M7W3J2C1X9ZP4R6T.mp4"),
    );
    assert.equal(unknown.status, 404);
    const unknownBody = JSON.parse(unknown.body);
    for (const other of otherSpellings(path)) {
      const got = await rawRequest(server.url, other);
      assert.equal(got.status, 404, `GET ${other}: ${got.head}`);
      assert.deepEqual(
        JSON.parse(got.body),
        unknownBody,
        `GET ${other} answers as an unknown file`,
      );
      const head = await rawRequest(server.url, other, "HEAD");
      assert.equal(head.status, 404, `HEAD ${other}`);
    }
  } finally {
    await server.close();
  }
});

Deno.test("a signed upload PUT to another spelling of its URL is 404 and stages nothing", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "put_forms", "free");
    const bytes = await fixture("portrait.mp4");
    const started = await startedUpload(me, bytes, "b.mp4");
    const signed = new URL(String(started.body.upload_url));
    for (const path of [`${signed.pathname}/`, `${signed.pathname}//`]) {
      const res = await fetch(`${server.url}${path}${signed.search}`, {
        method: "PUT",
        headers: started.body.headers as Record<string, string>,
        body: bytes,
      });
      assert.equal(res.status, 404, `PUT ${path}: ${await res.text()}`);
    }
    const key = localFileKey(signed);
    assert.equal(
      await server.deps.storage.head(key),
      null,
      "nothing staged under the key",
    );
    // The URL as given still works.
    const put = await fetch(String(started.body.upload_url), {
      method: "PUT",
      headers: started.body.headers as Record<string, string>,
      body: bytes,
    });
    assert.equal(put.status, 200, await put.text());
    assert.ok(await server.deps.storage.head(key), "staged at its own URL");
  } finally {
    await server.close();
  }
});

Deno.test("a signed upload PUT with a parameter added or given twice is 403 and stages nothing", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "put_params", "free");
    const bytes = await fixture("portrait.mp4");
    const started = await startedUpload(me, bytes, "c.mp4");
    const signed = String(started.body.upload_url);
    const key = localFileKey(signed);
    for (const extra of ["&x=1", "&max=99999999", "&signature=x", "&="]) {
      const res = await fetch(`${signed}${extra}`, {
        method: "PUT",
        headers: started.body.headers as Record<string, string>,
        body: bytes,
      });
      const body = await res.json();
      assert.equal(res.status, 403, `${extra}: ${JSON.stringify(body)}`);
      assert.equal(body.error, "forbidden");
    }
    assert.equal(await server.deps.storage.head(key), null, "nothing staged");
  } finally {
    await server.close();
  }
});
