/**
 * A video whose post TikTok never answered (outcome unknown) is not said
 * "Posted" on the media page, nor told to be uploaded again: it may be on
 * the profile, so the page says the outcome is unknown and how to free it
 * (docs/dashboard.md#calendar-posts-and-media), and so does the composer
 * opened at it, its video picker naming it "(outcome unknown)", not
 * "(already posted)"; once said not posted, it can be used in a post again.
 */
import assert from "node:assert/strict";
import { posterFor, SHORT_TIKTOK_TIMEOUT } from "./_helpers/posting_setup.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import { visit } from "./_helpers/sandbox_sign_in.ts";
import { composeVideo } from "../lib/http/compose_video.ts";

/** The media page's item of `uploadId`, its tags dropped. */
async function mediaItem(
  me: Awaited<ReturnType<typeof posterFor>>,
  url: string,
  uploadId: string,
) {
  const res = await visit(me.jar, `${url}/dashboard/media`);
  assert.equal(res.status, 200);
  const html = await res.text();
  const start = html.indexOf(`data-upload-id="${uploadId}"`);
  assert.ok(start > 0, "the video is listed");
  // Up to the next video, the albums' list or the page's scripts.
  const end = Math.min(
    ...["data-upload-id=", "Photo albums", "<script"]
      .map((s) => html.indexOf(s, start + 20))
      .filter((i) => i > 0),
  );
  const item = html.slice(start, end);
  return {
    text: item.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim(),
    links: [...item.matchAll(/href="([^"]*)"/g)].map((m) => m[1]),
  };
}

/** The composer's video picker's labels, as the server renders them. */
async function pickerLabels(
  me: Awaited<ReturnType<typeof posterFor>>,
  url: string,
): Promise<string[]> {
  const res = await visit(me.jar, `${url}/dashboard`);
  assert.equal(res.status, 200);
  const html = await res.text();
  const picker = html.match(
    /<select[^>]*data-testid="post-source"[^>]*>([\s\S]*?)<\/select>/,
  );
  assert.ok(picker, "the composer's video picker is rendered");
  return [
    ...picker[1].matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/g),
  ]
    // Not "Choose a video" (value "").
    .filter((m) => /value="[^"]/.test(m[1]))
    .map((m) => m[2].replace(/<[^>]*>/g, "").replace(/\s+/g, " ").trim());
}

Deno.test("a video whose post's outcome is unknown: not Posted on the media page, told to look on the profile and say so, then free once said not posted", async () => {
  const server = await startTestServer({ env: SHORT_TIKTOK_TIMEOUT });
  try {
    const me = await posterFor(server, "unknown_media");
    const url = await me.uploadVideo("lost.mp4");
    const uploads = (await me.json("GET", "/api/uploads")).body.uploads as {
      upload_id: string;
      url: string;
    }[];
    const uploadId = uploads.find((u) => u.url === url)!.upload_id;
    await me.sandbox({ faults: [{ fault: "timeout" }] });
    const sent = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: url,
      title: "lost in transit",
      privacy: "SELF_ONLY",
    });
    assert.equal(sent.body.outcome, "unknown", JSON.stringify(sent.body));
    const postId = String(sent.body.post_id);
    // Listed as unknown once its request can no longer be running.
    server.clock.advance(3600_000 + 60_000);
    const listed = (await me.json("GET", "/api/tiktok/posts")).body
      .posts as { state: string }[];
    assert.equal(listed[0].state, "unknown");

    const item = await mediaItem(me, server.url, uploadId);
    assert.doesNotMatch(item.text, /Posted|sent to TikTok already/);
    assert.match(
      item.text,
      /Outcome unknown: sent \w{3} \d{1,2}, \d{4}, \d\d:\d\d UTC/,
    );
    assert.match(
      item.text,
      /TikTok never said whether the post of this video was made: look for it on your TikTok profile\. If it is not there, say so on the Posts page, and this video can be posted again\./,
    );
    assert.ok(
      item.links.includes(`/dashboard/posts?post=${postId}#post-${postId}`),
      JSON.stringify(item.links),
    );
    // The composer's video picker says so too, rendered by the server:
    // not "(already posted)" (docs/dashboard.md#freshness).
    assert.deepEqual(await pickerLabels(me, server.url), [
      "lost.mp4 (outcome unknown)",
    ]);
    const opened = await composeVideo(server.deps, me.openId, uploadId);
    assert.equal(opened.prefill, null);
    assert.match(
      String(opened.notice),
      /^TikTok never said whether the post of this video was made: .* The composer starts empty\.$/,
    );

    // Said not posted: a failed post, its video free again.
    const marked = await me.json(
      "POST",
      `/api/tiktok/posts/${postId}/not_posted`,
    );
    assert.equal(marked.status, 200, JSON.stringify(marked.body));
    const freed = await mediaItem(me, server.url, uploadId);
    assert.doesNotMatch(freed.text, /Outcome unknown|Posted/);
    assert.ok(
      freed.links.includes(`/dashboard?video=${uploadId}#compose`),
      JSON.stringify(freed.links),
    );
    assert.deepEqual(await pickerLabels(me, server.url), ["lost.mp4"]);
  } finally {
    await server.close();
  }
});
