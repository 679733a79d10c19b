/**
 * The video fingerprint of seed §7.3 (source_url | size | etag) names the
 * file, not the spelling of its URL, and stays the same for the same file
 * from a source that sends no validator: video_duplicate cannot be dodged.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import {
  directPost,
  initsAtTikTok,
  posterFor,
  verifySource,
} from "./_helpers/posting_setup.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import { assertJsonError, assertJsonOk } from "./_helpers/http_asserts.ts";

const HOUR_MS = 3600_000;

Deno.test("our own file URL with a query or fragment added is the same video: video_duplicate", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "fp_own");
    const url = await me.uploadVideo();
    await assertJsonOk(await directPost(me, { source_url: url, title: "one" }));
    for (const [i, variant] of [`${url}#again`, `${url}?v=2`].entries()) {
      server.clock.advance(HOUR_MS + 1); // past the interval limit
      await assertJsonError(
        await directPost(me, { source_url: variant, title: `other ${i}` }),
        400,
        "video_duplicate",
      );
    }
    assert.equal(await initsAtTikTok(server, me), 1);
  } finally {
    await server.close();
  }
});

Deno.test("a source without ETag or Last-Modified: the same bytes are video_duplicate, new bytes are a new video", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const me = await posterFor(server, "fp_source");
    await verifySource(me, source);
    const url = `${source.origin}/no-validator.mp4`;
    await assertJsonOk(await directPost(me, { source_url: url, title: "v1" }));
    server.clock.advance(HOUR_MS + 1);
    await assertJsonError(
      await directPost(me, { source_url: url, title: "v1 again" }),
      400,
      "video_duplicate",
    );
    await assertJsonError(
      await directPost(me, { source_url: `${url}#x`, title: "v1 third" }),
      400,
      "video_duplicate",
    );
    // Same size, same URL, other bytes would need a hash to tell apart;
    // here the file changed (longer): it is a new video.
    source.videoPadding = 1024;
    await assertJsonOk(
      await directPost(me, { source_url: url, title: "v2" }),
    );
    assert.equal(await initsAtTikTok(server, me), 2);
  } finally {
    await source.close();
    await server.close();
  }
});
