/**
 * The 12-month duplicate window (docs/posting.md#duplicates) through the
 * real HTTP API on a loopback port, with the server's ManualClock moved to
 * the window's edges: the same media and caption are refused with
 * video_duplicate right away and 1 ms before 12 months have passed, the
 * caption alone with caption_duplicate_account, and both are accepted once
 * 12 months have passed. The media comes from a verified domain (a loopback
 * source server with a fixed ETag), so the same source_url keeps the same
 * fingerprint (source_url | size | ETag) a year later, when an upload to
 * PM3K storage would long have expired.
 *
 * 12 months is 365 days (lib/posting/post_reservation.ts, the
 * function-level test in posting_concurrency_test.ts): a post is refused
 * while its first use is less than 365 days old.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import {
  directPost,
  initsAtTikTok,
  posterFor,
  postsOf,
  verifySource,
} from "./_helpers/posting_setup.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import { assertJsonError, assertJsonOk } from "./_helpers/http_asserts.ts";

/** Written out, not imported: the test must notice if the window changes. */
const TWELVE_MONTHS_MS = 365 * 24 * 3600_000;
const VIDEO_DUPLICATE =
  "This video URL was already used for this TikTok account recently.";
const CAPTION_DUPLICATE =
  "This caption was already used on this TikTok account recently.";

Deno.test("the same media and caption are refused until 12 months have passed, then accepted", async (t) => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    // Annual plan: its API key lives 365 days, as long as the window.
    const me = await posterFor(server, "dup_window", "annual");
    await verifySource(me, source);
    const same = {
      source_url: `${source.origin}/video.mp4`,
      title: "Same clip, same caption #pm3k",
    };

    const first = await assertJsonOk(await directPost(me, same));
    const posted = await postsOf(me);
    assert.equal(posted.length, 1);
    assert.equal(posted[0].publish_id, first.publish_id);
    const firstUse = Date.parse(String(posted[0].created_at));
    assert.equal(firstUse, server.clock.now(), "the post's own time");

    await t.step(
      "at once: video_duplicate (400), not interval_limit",
      async () => {
        const body = await assertJsonError(
          await directPost(me, same),
          400,
          "video_duplicate",
        );
        assert.equal(body.message, VIDEO_DUPLICATE);
        // The contract's message, and the next step beside it: which post
        // has the link, when it is taken again, how to post it before.
        assert.equal(body.post_id, posted[0].post_id);
        const clears = new Date(firstUse + TWELVE_MONTHS_MS).toISOString();
        assert.equal(
          body.next_step,
          `Post ${body.post_id} of this account already has this video link, and the same link is refused for 12 months after it: until ${clears}. To post the video before then, upload the file again (REST POST /api/uploads): a new upload is a new link. If that post's outcome is unknown and it is not on TikTok, mark it not posted (REST POST /api/tiktok/posts/${body.post_id}/not_posted, MCP mark_not_posted) to free the link.`,
        );
      },
    );

    await t.step(
      "at once, the caption on other media: caption_duplicate_account (400)",
      async () => {
        const body = await assertJsonError(
          await directPost(me, { ...same, source_url: await me.uploadVideo() }),
          400,
          "caption_duplicate_account",
        );
        assert.equal(body.message, CAPTION_DUPLICATE);
        // As for the video: the post that has the caption, when it is
        // accepted again, and what to do now (change the caption).
        assert.equal(body.post_id, posted[0].post_id);
        const clears = new Date(firstUse + TWELVE_MONTHS_MS).toISOString();
        assert.equal(
          body.next_step,
          `Post ${body.post_id} of this account already has this caption, and the same caption is refused for 12 months after it: until ${clears}. To post before then, change the caption (title). If that post's outcome is unknown and it is not on TikTok, mark it not posted (REST POST /api/tiktok/posts/${body.post_id}/not_posted, MCP mark_not_posted) to free the caption.`,
        );
      },
    );

    await t.step("1 ms before 12 months: both still refused", async () => {
      server.clock.set(firstUse + TWELVE_MONTHS_MS - 1);
      const video = await assertJsonError(
        await directPost(me, same),
        400,
        "video_duplicate",
      );
      assert.equal(video.message, VIDEO_DUPLICATE);
      const caption = await assertJsonError(
        await directPost(me, { ...same, source_url: await me.uploadVideo() }),
        400,
        "caption_duplicate_account",
      );
      assert.equal(caption.message, CAPTION_DUPLICATE);
    });

    assert.equal(
      (await postsOf(me)).length,
      1,
      "the refused posts are not recorded",
    );
    assert.equal(
      await initsAtTikTok(server, me),
      1,
      "the refused posts never reached TikTok",
    );

    await t.step("exactly 12 months later: accepted", async () => {
      server.clock.set(firstUse + TWELVE_MONTHS_MS);
      // A year-old key has expired by now; the user signs in again and
      // issues a new one (same TikTok account, same open_id).
      await assertJsonError(
        await me.call("GET", "/api/tiktok/posts"),
        401,
        "key_expired",
      );
      const again = await posterFor(server, "dup_window", "annual");
      assert.equal(again.openId, me.openId);
      const second = await assertJsonOk(await directPost(again, same));
      assert.notEqual(second.publish_id, first.publish_id);
      const posts = await postsOf(again);
      assert.deepEqual(
        posts.map((p) => [p.publish_id, p.title, p.source_urls]),
        [
          [second.publish_id, same.title, [same.source_url]],
          [first.publish_id, same.title, [same.source_url]],
        ],
      );
      assert.equal(await initsAtTikTok(server, again), 2);
    });
  } finally {
    await source.close();
    await server.close();
  }
});
