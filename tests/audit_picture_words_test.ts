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
  // The words tasks/screenshots_audit.ts finds before the picture: the seeded
  // account's last posts are measured, so their time is added, and the
  // hourly limit then names the next post's time.
  const notice =
    "Sent to TikTok. Processing can take a few minutes (less than a minute for your last post); the post then appears on your TikTok profile. Its progress shows under Your posts. Next post possible at 02:42 CET; you can schedule one for then.";
  const quotes = quotedInPicture(
    await Deno.readTextFile(AUDIT_GUIDE),
    "audit-after-post.png",
  );
  assert.ok(quotes.length > 0);
  assert.deepEqual(quotesNotShown(quotes, notice), []);
});
