/**
 * The `url` a signed-URL start answers, posted: before `/complete` the
 * refusal says to complete the upload first; after a completion that named
 * the file for its bytes (p.mov declared, an MP4 sent: `.mp4`) it names
 * the url to post. Another account's start URL tells nothing of it
 * (docs/media.md#uploads).
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import {
  directPost,
  posterFor,
  scheduleJob,
} from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { fixture, putUploadOk } from "./_helpers/api_client.ts";

const HOUR = 3600_000;

/** The 400 message of posting `url` now and scheduling it, both. */
async function refusals(
  me: Poster,
  url: string,
  runAt: number,
): Promise<string[]> {
  const now = await directPost(me, { source_url: url, title: "now" });
  const later = await scheduleJob(me, runAt, { source_url: url });
  const answers = [
    { status: now.status, body: await now.json() },
    later,
  ];
  return answers.map((a) => {
    assert.equal(a.status, 400, JSON.stringify(a.body));
    assert.equal(a.body.error, "bad_request");
    return String(a.body.message);
  });
}

Deno.test("a start's url posted says to complete the upload first, then names the url completion answered", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "start_url_poster");
    const other = await posterFor(server, "start_url_other");
    const bytes = await fixture("portrait.mp4");
    const started = await me.json("POST", "/api/uploads", {
      filename: "p.mov",
      content_type: "video/quicktime",
      size: bytes.length,
    });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    const startUrl = String(started.body.url);
    const id = String(started.body.upload_id);
    assert.match(startUrl, /\.mov$/);
    const runAt = server.clock.now() + 2 * HOUR;

    const notCompleted = `"${startUrl}" is an upload not completed yet: ` +
      `call POST /api/uploads/${id}/complete (MCP complete_upload), ` +
      "then post the url it answers.";
    assert.deepEqual(await refusals(me, startUrl, runAt), [
      notCompleted,
      notCompleted,
    ]);
    await putUploadOk(started.body, bytes);
    assert.deepEqual(await refusals(me, startUrl, runAt), [
      notCompleted,
      notCompleted,
    ]);

    // Another account: the generic words, nothing of this upload.
    const generic = `"${startUrl}" is not one of your live videos ` +
      "uploaded here (it may have expired).";
    assert.deepEqual(await refusals(other, startUrl, runAt), [
      generic,
      generic,
    ]);

    const done = await me.json("POST", `/api/uploads/${id}/complete`);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    const finalUrl = String(done.body.url);
    assert.equal(finalUrl, startUrl.replace(/\.mov$/, ".mp4"));
    const renamed = `"${startUrl}" is not where this upload is: ` +
      `it was completed as "${finalUrl}", named for the type its bytes are. ` +
      "Post that url.";
    assert.deepEqual(await refusals(me, startUrl, runAt), [renamed, renamed]);
    assert.deepEqual(await refusals(other, startUrl, runAt), [
      generic,
      generic,
    ]);

    // The url completion answered is the one that posts.
    const job = await scheduleJob(me, runAt, { source_url: finalUrl });
    assert.equal(job.status, 200, JSON.stringify(job.body));
  } finally {
    await server.close();
  }
});
