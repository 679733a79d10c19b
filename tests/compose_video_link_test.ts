/**
 * `/dashboard?video=<upload_id>`, the media page's Use in a post of a
 * video (docs/dashboard.md#post-again): the account's own video, not
 * posted, is chosen; a bad, unknown, foreign or photo id, and a video a
 * post used or a scheduled post will use, give a notice saying why and an
 * empty composer, never another video.
 */
import assert from "node:assert/strict";
import { ulid } from "ulid";
import { composeVideo } from "../lib/http/compose_video.ts";
import { albumOf, posterFor } from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { startTestServer } from "./_helpers/test_server.ts";

const GONE = /This video is no longer stored on this account/;

async function idOf(me: Poster, url: string): Promise<string> {
  const list = (await me.json("GET", "/api/uploads")).body.uploads as {
    upload_id: string;
    url: string;
  }[];
  const found = list.find((u) => u.url === url);
  assert.ok(found, url);
  return found.upload_id;
}

Deno.test("Use in a post of a video: the account's free video is chosen, with no post behind it; a posted video, a photo, another account's or a bad id start empty, saying why", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "video_link_reader");
    const other = await posterFor(server, "video_link_other");
    const opened = (id: string | undefined) =>
      composeVideo(server.deps, me.openId, id);

    const freeUrl = await me.uploadVideo("free.mp4");
    const free = await opened(await idOf(me, freeUrl));
    assert.equal(free.notice, null);
    assert.equal(free.prefill?.postId, "", "no post made again");
    assert.equal(free.prefill?.video?.url, freeUrl);
    assert.equal(free.prefill?.video?.filename, "free.mp4");
    assert.equal(free.prefill?.title, "");
    // In small letters, as a link may write it.
    const lower = await opened((await idOf(me, freeUrl)).toLowerCase());
    assert.equal(lower.prefill?.video?.url, freeUrl);

    const postedUrl = await me.uploadVideo("posted.mp4");
    const sent = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: postedUrl,
      title: "posted",
      privacy: "SELF_ONLY",
    });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const posted = await opened(await idOf(me, postedUrl));
    assert.equal(posted.prefill, null);
    assert.match(
      String(posted.notice),
      /sent to TikTok already, and the same upload is posted at most once on an account within 12 months\. A new upload of the same file can be posted, but it then shows twice on your TikTok profile: upload it again only to post it twice, or after deleting the first post on TikTok\. The composer starts empty\./,
    );

    const theirs = await idOf(other, await other.uploadVideo("theirs.mp4"));
    const { urls } = await albumOf(me, "photo2.jpg");
    const photoId = await idOf(me, urls[0]).catch(() => null);
    for (
      const id of [
        theirs,
        ulid(server.clock.now()),
        "not-an-id",
        "",
        ...(photoId ? [photoId] : []),
      ]
    ) {
      const answer = await opened(id);
      assert.equal(answer.prefill, null, id);
      assert.match(String(answer.notice), GONE, id);
    }
    assert.deepEqual(await opened(undefined), { prefill: null, notice: null });
  } finally {
    await server.close();
  }
});
