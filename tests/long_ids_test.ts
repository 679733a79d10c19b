/**
 * Ids and URLs longer than a KV key can hold (docs/api.md#errors): a client
 * that sends one (a pasted blob, a loop appending to a path) is answered as
 * for any id that names nothing, never 500 `internal_error`.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { directPost, posterFor } from "./_helpers/posting_setup.ts";

const LONG = "a".repeat(3000);

Deno.test("an id longer than a KV key answers 404 not_found on every id route", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "long_ids");
    const cases: [string, string, unknown?][] = [
      ["GET", `/api/jobs/${LONG}`],
      ["PATCH", `/api/jobs/${LONG}`, { title: "moved" }],
      ["DELETE", `/api/jobs/${LONG}`],
      ["GET", `/api/uploads/${LONG}`],
      ["DELETE", `/api/uploads/${LONG}`],
      ["POST", `/api/uploads/${LONG}/complete`],
      ["GET", `/api/albums/${LONG}`],
      ["DELETE", `/api/albums/${LONG}`],
    ];
    for (const [method, path, body] of cases) {
      const res = await me.json(method, path, body);
      assert.deepEqual(
        [res.status, res.body.error],
        [404, "not_found"],
        `${method} /api/…${path.slice(-20)}: ${JSON.stringify(res.body)}`,
      );
    }
    const file = await fetch(`${server.url}/files/uploads/${LONG}.mp4`);
    assert.equal(file.status, 404);
    assert.equal((await file.json()).error, "not_found");
  } finally {
    await server.close();
  }
});

Deno.test("a PM3K storage URL longer than a KV key is refused 400, not 500", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "long_urls");
    const url = await me.uploadVideo();
    const long = url.replace(/[^/]+$/, `${LONG}.mp4`);
    const posted = await directPost(me, { source_url: long, title: "Long" });
    assert.equal(posted.status, 400);
    assert.equal((await posted.json()).error, "bad_request");
    const scheduled = await me.json("POST", "/api/jobs", {
      kind: "tiktok",
      run_at: new Date(server.clock.now() + 3 * 3600_000).toISOString(),
      source_url: long,
      title: "Long later",
    });
    assert.deepEqual([scheduled.status, scheduled.body.error], [
      400,
      "bad_request",
    ]);
    const photo = await directPost(me, {
      media_type: "PHOTO",
      photo_images: [
        url.replace(/uploads\/.*/, `uploads/x/albums/${LONG}/a.jpg`),
      ],
      title: "Long photo",
    });
    assert.equal(photo.status, 400);
    assert.equal((await photo.json()).error, "bad_request");
    assert.equal(await me.sandboxPosts(), 0);
  } finally {
    await server.close();
  }
});
