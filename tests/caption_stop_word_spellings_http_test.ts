/**
 * Stop words in other spellings (docs/posting.md#caption-rules) through the
 * real HTTP API on a loopback port: glued to digits ("#Casino2024"), in the
 * plural ("casinos"), or in leet spelling ("p0rn", "CA$INO", "fr33 m0ney"),
 * a caption is refused by direct_post with forbidden_word naming the stop
 * word, and POST /api/caption/check answers the same; nothing is recorded
 * or sent to TikTok. Ordinary captions full of plurals, numbers, prices and
 * signs still pass, and post.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import {
  directPost,
  initsAtTikTok,
  posterFor,
  postsOf,
} from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { assertJsonError, assertJsonOk } from "./_helpers/http_asserts.ts";

const forbidden = (what: string) =>
  `Caption contains forbidden content: "${what}".`;

/** An operator's extra stop word, to show extras get their plural too. */
const EXTRA = "scam";

/** [why, caption, the stop word the message names] */
const REFUSED: [string, string, string][] = [
  ["a hashtag with a year glued on", "Big night #Casino2024", "casino"],
  ["a year glued after", "casino2024 tonight", "casino"],
  ["a year glued before", "tonight 2024casino", "casino"],
  ["underscores between words", "casino_night vibes", "casino"],
  ["a plural", "the best casinos in town", "casino"],
  ["a plural in capitals", "ESCORTS available", "escort"],
  ["the plural of an operator's extra stop word", "top scams of 2024", EXTRA],
  [
    "a phrase whose last word is plural",
    "crypto giveaways daily",
    "crypto giveaway",
  ],
  ["$ for s", "CA$INO night", "casino"],
  ["0 for o", "new p0rn clips", "porn"],
  ["@ for a", "c@sino bonus", "casino"],
  ["1 for i", "v1agra deals", "viagra"],
  ["1 for i and for l in one word", "c1a11s deals", "cialis"],
  ["a phrase in leet", "fr33 m0ney for all", "free money"],
  ["a phrase in leet with 1 for i", "g3t r1ch qu1ck", "get rich quick"],
  ["5 and 7 for s and t", "e5cor7 service", "escort"],
  ["leet and a year glued on", "#C4sino2024", "casino"],
  ["leet in a plural", "c@sinos nearby", "casino"],
  ["a stop word with digits in leet", "#f0ll0w4f0ll0w", "follow4follow"],
  ["1 for l in a stop word with digits", "#1ike4like", "like4like"],
  ["a stop word with digits, spelled as listed", "#l4l today", "l4l"],
  ["spaced-out leet letters", "c 4 s 1 n 0 night", "casino"],
];

/** Captions that must pass: words near stop words, numbers, prices, signs. */
const ORDINARY = [
  "scampi and chips",
  "a classic from Essex",
  "my therapist says hi",
  "the castle and the cashier",
  "casing, casein, bettina",
  "room 141, level 4",
  "only $5 today, $19.99 tomorrow",
  "100% fun 24/7",
  "1st place, 2nd place, 3rd place",
  "b4 u go: 4k video, mp3, h1n1, r2d2, c3po",
  "h3ll0 w0rld, l33t xoxo",
  "iPhone 15 at 1080p",
  "@friend1 #tag1 #summer2024 @me$",
  "Lal and i4i, faf",
  "saved to l/a/1.bin",
  "pom pom 2nite",
  "the scammer was caught",
  "a nudist beach",
  "win $100 cash",
  // Hex colours, hashes and codes: a piece of a word is not f4f or l4l.
  "Palette: #f4f4f4, #4f4f4f, bg #F4F4F5",
  "commit 3f4f9c1 fixes it, SKU 7F4F2, uuid 4f4f1a2b",
  "v1.5 at 10:30, RTX 4090, A7 IV, i7, L4D2, Boeing 737",
];

/** The caption check's `problem` for `title`, after asserting a 200. */
async function problemOf(me: Poster, title: string): Promise<unknown> {
  const body = await assertJsonOk(
    await me.call("POST", "/api/caption/check", { title }),
  );
  return body.problem;
}

Deno.test("stop words glued to digits, in the plural or in leet spelling are refused by direct_post and caption check, naming the stop word", async (t) => {
  const server = await startTestServer({ env: { STOP_WORDS_EXTRA: EXTRA } });
  try {
    const me = await posterFor(server, "stop_word_spellings");
    const video = await me.uploadVideo();
    for (const [why, title, word] of REFUSED) {
      await t.step(`${why}: ${title}`, async () => {
        const refused = await assertJsonError(
          await directPost(me, { source_url: video, title }),
          400,
          "forbidden_word",
        );
        assert.equal(refused.message, forbidden(word));
        assert.deepEqual(await problemOf(me, title), {
          code: "forbidden_word",
          message: forbidden(word),
        });
      });
    }
    assert.deepEqual(await postsOf(me), [], "no post recorded");
    assert.equal(await initsAtTikTok(server, me), 0, "nothing sent to TikTok");
  } finally {
    await server.close();
  }
});

Deno.test("ordinary captions with plurals, numbers, prices and signs pass caption check and are posted", async () => {
  const server = await startTestServer({ env: { STOP_WORDS_EXTRA: EXTRA } });
  try {
    const me = await posterFor(server, "stop_word_spellings_ok");
    for (const title of ORDINARY) {
      assert.equal(await problemOf(me, title), null, title);
    }
    const title = ORDINARY.join(" / ");
    const ok = await assertJsonOk(
      await directPost(me, { source_url: await me.uploadVideo(), title }),
    );
    assert.deepEqual(
      (await postsOf(me)).map((p) => [p.publish_id, p.title]),
      [[ok.publish_id, title]],
    );
  } finally {
    await server.close();
  }
});
