/**
 * The media page's line for a video a post used says what TikTok has done
 * with that post: "Sent to TikTok …" while TikTok is still processing it
 * (it may yet fail there), "Posted …" once TikTok finished, as the
 * dashboard's one wording has it (docs/dashboard.md#words-not-codes,
 * docs/dashboard.md#calendar-posts-and-media). Server-rendered, read over
 * loopback HTTP.
 */
import assert from "node:assert/strict";
import { followAMinuteLater } from "./_helpers/follow_while.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import { visit } from "./_helpers/sandbox_sign_in.ts";

Deno.test('a video whose post TikTok is still processing is "Sent to TikTok" on the media page, "Posted" once TikTok published it', async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "media_use_words");
    const url = await me.uploadVideo("sent.mp4");
    const uploads = (await me.json("GET", "/api/uploads")).body.uploads as {
      upload_id: string;
      url: string;
    }[];
    const uploadId = uploads.find((u) => u.url === url)!.upload_id;
    const sent = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: url,
      title: "still processing",
      privacy: "SELF_ONLY",
    });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const status = () =>
      me.json("POST", "/api/tiktok/status", {
        publish_id: sent.body.publish_id,
      });

    /** The words of the video's use line on the media page, tags dropped. */
    const mediaUseLine = async () => {
      const res = await visit(me.jar, `${server.url}/dashboard/media`);
      assert.equal(res.status, 200);
      const html = await res.text();
      const start = html.indexOf(`data-upload-id="${uploadId}"`);
      assert.ok(start > 0, "the video is listed");
      const line = html.slice(start).match(
        /data-testid="media-use"[^>]*>([\s\S]*?)<\/p>/,
      );
      assert.ok(line, "the video has a use line");
      return line[1].replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
    };

    assert.equal((await status()).body.state, "pending");
    const processing = await mediaUseLine();
    assert.match(
      processing,
      /^Sent to TikTok \w{3} \d{1,2}, \d{4}, \d\d:\d\d UTC$/,
    );
    assert.doesNotMatch(processing, /Posted/);

    assert.equal(await followAMinuteLater(server), 1); // TikTok downloads
    assert.equal(await followAMinuteLater(server), 1); // and publishes
    assert.equal((await status()).body.state, "done");
    assert.match(
      await mediaUseLine(),
      /^Posted \w{3} \d{1,2}, \d{4}, \d\d:\d\d UTC$/,
    );
  } finally {
    await server.close();
  }
});
