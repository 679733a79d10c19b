/**
 * `album_id: null` on an upload is refused, naming the field, and spends
 * no upload (docs/decisions.md): read as "no album" it would silently make
 * a photo an upload of a video.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { limitsOf, posterFor } from "./_helpers/posting_setup.ts";

Deno.test("album_id null on POST /api/uploads and /api/uploads/from_url is 400 naming it, and spends no upload", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "null_album_poster");
    const left = async () => (await limitsOf(me)).uploads_left_today;
    const before = await left();
    const bodies: [string, Record<string, unknown>][] = [
      ["/api/uploads", {
        filename: "cover.jpg",
        content_type: "image/jpeg",
        size: 1000,
        album_id: null,
      }],
      ["/api/uploads/from_url", {
        url: "https://example.com/cover.jpg",
        album_id: null,
      }],
    ];
    for (const [path, body] of bodies) {
      const res = await me.json("POST", path, body);
      assert.equal(res.status, 400, path);
      assert.equal(res.body.error, "bad_request", path);
      const issues = res.body.issues as { path: string }[];
      assert.deepEqual(issues.map((i) => i.path), ["album_id"], path);
      assert.match(String(res.body.message), /album_id: /, path);
    }
    assert.equal(await left(), before, "no upload spent");
    const listed = (await me.json("GET", "/api/uploads")).body.uploads;
    assert.deepEqual(listed, [], "no upload recorded");
  } finally {
    await server.close();
  }
});
