/**
 * Caption anti-spam rules (docs/posting.md#caption-rules) through the real
 * HTTP API on a loopback port: each refused caption gets the API's error
 * code, HTTP status and message, nothing is recorded (GET /api/tiktok/posts
 * stays as it was), nothing reaches the sandbox TikTok, and the video it
 * came with is not used up. The caption limit is TikTok's 2200 UTF-16
 * units. The API has no hashtag or mention count rule, and PM3K adds none:
 * that is pinned here too.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import {
  directPost,
  initsAtTikTok,
  posterFor,
  postsOf,
} from "./_helpers/posting_setup.ts";
import { assertJsonError, assertJsonOk } from "./_helpers/http_asserts.ts";

const HOUR_MS = 3600_000;
const LINKS_FORBIDDEN =
  "Links are not allowed in TikTok captions for this service.";
const forbidden = (what: string) =>
  `Caption contains forbidden content: "${what}".`;

/** Captions the API refuses, with the code and message it answers. */
const REFUSED: { why: string; title: string; code: string; message: string }[] =
  [
    {
      why: "an https link",
      title: "Full video at https://example.com/v",
      code: "links_forbidden",
      message: LINKS_FORBIDDEN,
    },
    {
      why: "an http link in capitals",
      title: "HTTP://EXAMPLE.COM",
      code: "links_forbidden",
      message: LINKS_FORBIDDEN,
    },
    {
      why: "a www. address without a scheme",
      title: "shop now on www.example.com",
      code: "links_forbidden",
      message: LINKS_FORBIDDEN,
    },
    {
      why: "a link spelled out with spaces",
      title: "h t t p s : / / example.com",
      code: "links_forbidden",
      message: LINKS_FORBIDDEN,
    },
    {
      why: "a forbidden word",
      title: "Best casino bonus tonight",
      code: "forbidden_word",
      message: forbidden("casino"),
    },
    {
      why: "a forbidden word in full-width capitals",
      title: "ＣＡＳＩＮＯ night",
      code: "forbidden_word",
      message: forbidden("casino"),
    },
    {
      why: "a forbidden word split by a zero-width space",
      title: "cas\u200bino night",
      code: "forbidden_word",
      message: forbidden("casino"),
    },
    {
      why: "a forbidden word spelled out letter by letter",
      title: "c a s i n o night",
      code: "forbidden_word",
      message: forbidden("casino"),
    },
    {
      why: "an engagement-bait hashtag",
      title: "new dance #like4like",
      code: "forbidden_word",
      message: forbidden("like4like"),
    },
    {
      why: "a forbidden phrase glued into a hashtag",
      title: "new dance #FollowForFollow",
      code: "forbidden_word",
      message: forbidden("follow for follow"),
    },
    {
      why: "a forbidden phrase across odd spacing and case",
      title: "Get  RICH\tquick with me",
      code: "forbidden_word",
      message: forbidden("get rich quick"),
    },
    {
      // Cyrillic с, а and о: the Latin spelling is refused, so is this.
      why: "a forbidden word with Cyrillic look-alike letters",
      title: "Best \u0441\u0430sin\u043e bonus tonight",
      code: "forbidden_word",
      message: forbidden("casino"),
    },
    {
      // Greek capital Rho, Omicron and Nu around a Latin R.
      why: "a forbidden word in Greek capitals",
      title: "\u03a1\u039fR\u039d clips",
      code: "forbidden_word",
      message: forbidden("porn"),
    },
    {
      why: "a forbidden phrase with a Cyrillic look-alike letter",
      title: "fr\u0435\u0435 m\u043eney for all",
      code: "forbidden_word",
      message: forbidden("free money"),
    },
    {
      why: "a link and a forbidden word (links are checked first)",
      title: "casino at www.example.com",
      code: "links_forbidden",
      message: LINKS_FORBIDDEN,
    },
  ];

Deno.test("captions with links or forbidden words answer the API's 400 and record nothing", async (t) => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "caption_rules");
    const video = await me.uploadVideo();
    for (const c of REFUSED) {
      await t.step(`${c.why}: ${c.code}`, async () => {
        const body = await assertJsonError(
          await directPost(me, { source_url: video, title: c.title }),
          400,
          c.code,
        );
        assert.equal(body.message, c.message);
        assert.deepEqual(await postsOf(me), [], "no post recorded");
      });
    }
    assert.equal(await initsAtTikTok(server, me), 0, "nothing sent to TikTok");

    await t.step("the video of the refused posts is not used up", async () => {
      const ok = await assertJsonOk(
        await directPost(me, { source_url: video, title: "A clean caption" }),
      );
      const posts = await postsOf(me);
      assert.deepEqual(
        posts.map((p) => [p.publish_id, p.title]),
        [[ok.publish_id, "A clean caption"]],
      );
      assert.equal(await initsAtTikTok(server, me), 1);
    });

    await t.step(
      "a forbidden word on a used video is forbidden_word, not video_duplicate",
      async () => {
        const body = await assertJsonError(
          await directPost(me, { source_url: video, title: "casino again" }),
          400,
          "forbidden_word",
        );
        assert.equal(body.message, forbidden("casino"));
        assert.equal((await postsOf(me)).length, 1);
      },
    );

    await t.step(
      "a forbidden word beats a source that is not ours",
      async () => {
        await assertJsonError(
          await directPost(me, {
            source_url: "https://media.example.com/v.mp4",
            title: "betting tips",
          }),
          400,
          "forbidden_word",
        );
        assert.equal((await postsOf(me)).length, 1);
        assert.equal(await initsAtTikTok(server, me), 1);
      },
    );
  } finally {
    await server.close();
  }
});

Deno.test("captions in other scripts are posted: Russian, Greek, Japanese and emoji are not taken for look-alikes", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "caption_scripts");
    // Cyrillic and Greek words full of letters that look Latin (о, р, с, е,
    // ο, ρ), none a stop word.
    const title =
      "Прогулка по парку с собакой 🐕 Καλημέρα από την Αθήνα 今日は公園で散歩しました 🎬✨";
    const ok = await assertJsonOk(
      await directPost(me, { source_url: await me.uploadVideo(), title }),
    );
    assert.deepEqual(
      (await postsOf(me)).map((p) => [p.publish_id, p.title]),
      [[ok.publish_id, title]],
    );
    assert.equal(await initsAtTikTok(server, me), 1);
  } finally {
    await server.close();
  }
});

Deno.test("a caption is at most 2200 UTF-16 units: 2201 is bad_request on title, 2200 is posted", async (t) => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "caption_length");
    const video = await me.uploadVideo();
    const tooLong = [
      ["2201 ASCII characters", "a".repeat(2201), "2201: cut 1"],
      // 1101 emoji are 1101 characters to a person, 2202 UTF-16 units to TikTok.
      ["1101 emoji (2202 UTF-16 units)", "🎬".repeat(1101), "2202: cut 2"],
    ] as const;
    for (const [why, title, count] of tooLong) {
      await t.step(why, async () => {
        const body = await assertJsonError(
          await directPost(me, { source_url: video, title }),
          400,
          "bad_request",
        );
        assert.deepEqual(body.issues, [{
          path: "title",
          message:
            `title is at most 2200 characters (TikTok's limit, counted in UTF-16 units: most emoji count 2); this one is ${count}`,
        }]);
        assert.deepEqual(await postsOf(me), [], "no post recorded");
      });
    }
    assert.equal(await initsAtTikTok(server, me), 0, "nothing sent to TikTok");

    await t.step(
      "1100 emoji (2200 UTF-16 units) are posted whole",
      async () => {
        const title = "🎬".repeat(1100);
        const ok = await assertJsonOk(
          await directPost(me, { source_url: video, title }),
        );
        const posts = await postsOf(me);
        assert.deepEqual(
          posts.map((p) => [p.publish_id, p.title]),
          [[ok.publish_id, title]],
        );
        assert.equal(await initsAtTikTok(server, me), 1);
      },
    );
  } finally {
    await server.close();
  }
});

Deno.test("hashtags and @mentions are not counted: a caption with 40 hashtags and 20 mentions is posted", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "caption_tags");
    const hashtags = Array.from({ length: 40 }, (_, i) => `#tag${i}`);
    const mentions = Array.from({ length: 20 }, (_, i) => `@friend${i}`);
    const title = `Weekend recap ${hashtags.join(" ")} ${mentions.join(" ")}`;
    const ok = await assertJsonOk(
      await directPost(me, { source_url: await me.uploadVideo(), title }),
    );
    assert.deepEqual(
      (await postsOf(me)).map((p) => [p.publish_id, p.title]),
      [[ok.publish_id, title]],
    );
    // And the caption keeps its own duplicate rule: the same tags again
    // (an hour later, past the interval limit) are caption_duplicate_account.
    server.clock.advance(HOUR_MS);
    await assertJsonError(
      await directPost(me, { source_url: await me.uploadVideo(), title }),
      400,
      "caption_duplicate_account",
    );
    assert.equal((await postsOf(me)).length, 1);
  } finally {
    await server.close();
  }
});
