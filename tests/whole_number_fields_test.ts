/**
 * A whole-number field of a JSON body (`photo_cover_index`, an upload's
 * `size`) refused in PM3K's words, naming the field and what it takes,
 * never zod's ("expected int, received number", "Too big: expected int to
 * be <=9007199254740991"); a whole number out of range, however large, is
 * the range's own error (docs/api.md#whole-numbers).
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import type { TestServer } from "./_helpers/test_server.ts";

/** zod's own words, which no answer here may carry. */
const ZOD_WORDS =
  /expected|received|Too big|Too small|9007199254740991|Invalid input/;

const COVER_WORDS =
  "Give photo_cover_index as a whole number from 0 to 34, the cover's index in photo_images (0 for the first)";
const SIZE_WORDS =
  "Give size as the file's size in bytes, a whole number from 1";

/** POSTs `json` as it is written: JSON.stringify cannot write 1e309. */
async function postRaw(
  server: TestServer,
  me: Poster,
  path: string,
  json: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${me.key}`,
      "Content-Type": "application/json",
    },
    body: json,
  });
  return { status: r.status, body: await r.json() };
}

/** A photo post's body, or (`runAt`) a photo job's. */
function photoBody(cover: string, runAt?: number): string {
  return `{${
    runAt === undefined
      ? ""
      : `"kind": "tiktok", "run_at": "${new Date(runAt).toISOString()}", `
  }"media_type": "PHOTO", "title": "cover", "privacy": "SELF_ONLY", "photo_images": ["https://media.example.com/a.jpg"], "photo_cover_index": ${cover}}`;
}

Deno.test("photo_cover_index that is no whole number is refused naming the field and its range, in PM3K's words", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "cover_words");
    const runAt = server.clock.now() + 48 * 3600_000;
    for (const path of ["/api/tiktok/direct_post", "/api/jobs"]) {
      /** This path's photo post or job with `cover` as written. */
      const withCover = (cover: string) =>
        postRaw(
          server,
          me,
          path,
          photoBody(cover, path === "/api/jobs" ? runAt : undefined),
        );
      for (
        const [cover, note] of [
          ["1e309", ""], // JSON.parse reads Infinity
          ["-1e309", ""],
          ["1.5", ""],
          ["true", ""],
          ["[0]", ""],
          ['"2"', ", as a JSON number, not a string"],
        ]
      ) {
        const r = await withCover(cover);
        assert.equal(
          r.status,
          400,
          `${path} ${cover}: ${JSON.stringify(r.body)}`,
        );
        assert.equal(r.body.error, "bad_request");
        assert.deepEqual(r.body.issues, [{
          path: "photo_cover_index",
          message: `${COVER_WORDS}${note}.`,
        }], `${path} ${cover}`);
        assert.doesNotMatch(String(r.body.message), ZOD_WORDS);
      }
      // A whole number, however large or small, is an index out of range:
      // the contract's cover_out_of_range, with the range this post has.
      for (
        const cover of [
          "-1",
          "1",
          "99999999999999999999",
          "9007199254740992",
          "-9007199254740992",
          "1e20",
        ]
      ) {
        const r = await withCover(cover);
        assert.equal(
          r.status,
          400,
          `${path} ${cover}: ${JSON.stringify(r.body)}`,
        );
        assert.equal(
          r.body.error,
          "cover_out_of_range",
          `${path} ${cover}: ${JSON.stringify(r.body)}`,
        );
        assert.equal(
          r.body.message,
          "Invalid cover index: photo_cover_index must be between 0 and 0.",
        );
      }
      // null keeps its own words (docs/api.md#limits-on-every-request).
      const none = await withCover("null");
      assert.deepEqual(none.body.issues, [{
        path: "photo_cover_index",
        message:
          "null is not a value here (expected number): leave the field out to give none",
      }]);
    }
  } finally {
    await server.close();
  }
});

Deno.test("an upload's size that is no whole number from 1 is refused naming the field, and a huge one is file_too_large", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "size_words");
    const start = (size: string) =>
      postRaw(
        server,
        me,
        "/api/uploads",
        `{"filename": "clip.mp4", "content_type": "video/mp4", "size": ${size}}`,
      );
    for (
      const [size, note] of [
        ["1e309", ""],
        ["1.5", ""],
        ["0", ""],
        ["-1", ""],
        ["-9007199254740992", ""],
        ['"2"', ", as a JSON number, not a string"],
      ]
    ) {
      const r = await start(size);
      assert.equal(r.status, 400, `${size}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error, "bad_request");
      assert.deepEqual(r.body.issues, [{
        path: "size",
        message: `${SIZE_WORDS}${note}.`,
      }], size);
      assert.doesNotMatch(String(r.body.message), ZOD_WORDS);
    }
    for (const size of ["99999999999999999999", "9007199254740992", "1e20"]) {
      const r = await start(size);
      assert.equal(r.status, 413, `${size}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error, "file_too_large");
    }
    // An album's image says its own cap, and no size no file has.
    const albumId = String(
      (await me.json("POST", "/api/albums")).body.album_id,
    );
    for (const size of ["99999999999999999999", "1e300"]) {
      const r = await postRaw(
        server,
        me,
        "/api/uploads",
        `{"filename": "a.jpg", "content_type": "image/jpeg", "size": ${size}, "album_id": "${albumId}"}`,
      );
      assert.equal(r.status, 400, `${size}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error, "image_too_large");
      assert.equal(r.body.message, "Image exceeds 20 MB.", size);
    }
    const big = await postRaw(
      server,
      me,
      "/api/uploads",
      `{"filename": "a.jpg", "content_type": "image/jpeg", "size": 30000000, "album_id": "${albumId}"}`,
    );
    assert.equal(big.body.message, "Image exceeds 20 MB (30000000 bytes).");
  } finally {
    await server.close();
  }
});
