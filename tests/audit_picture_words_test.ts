/**
 * The audit pictures' descriptions in docs/tiktok-audit.md quote only what
 * the composer shows (tasks/audit_picture_words.ts); the screenshots task
 * checks each against the composer before its picture.
 */
import assert from "node:assert/strict";
import {
  AUDIT_GUIDE,
  quotedInPicture,
  quotesNotShown,
} from "../tasks/audit_picture_words.ts";
import { PAGE_WORDS } from "../lib/islands/page_words.ts";
import { fillWords } from "../components/page_words.ts";
import { processingAfterSend } from "../components/publish_time_words.ts";

Deno.test("a picture's quoted words are found in the composer's text, a quote ending in … by its start", () => {
  const markdown =
    '![The composer: "Sent to TikTok." and "Next post possible at …"](images/x.png)';
  const quotes = quotedInPicture(markdown, "x.png");
  assert.deepEqual(quotes, ["Sent to TikTok.", "Next post possible at …"]);
  assert.deepEqual(
    quotesNotShown(quotes, "Sent to   TikTok. Next post possible at 02:42"),
    [],
  );
  assert.deepEqual(quotesNotShown(quotes, "Sent to TikTok."), [
    "Next post possible at …",
  ]);
  assert.throws(() => quotedInPicture(markdown, "y.png"), /shows no y\.png/);
});

Deno.test("the after-post picture's description quotes the notice as the composer words it for an account with measured posts", async () => {
  // The words tasks/screenshots_audit.ts finds before the picture, put
  // together from the composer's own (PostOutcome, ScheduleChoice): the
  // seeded account's last post is measured, so its time is added, and the
  // hourly limit then names the next post's time.
  const words = PAGE_WORDS.compose;
  const notice = [
    fillWords(words.sentProcessing, {
      processing: processingAfterSend({ ms: 20_000, posts: 1 }),
    }),
    words.progressShows,
    fillWords(words.nowLimited, { at: "02:42 CET" }),
  ].join(" ");
  const quotes = quotedInPicture(
    await Deno.readTextFile(AUDIT_GUIDE),
    "audit-after-post.png",
  );
  assert.ok(quotes.length > 0);
  assert.deepEqual(quotesNotShown(quotes, notice), []);
});
