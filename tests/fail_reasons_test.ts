/**
 * Fail reasons as sentences: every reason TikTok documents and PM3K's own
 * has one, the docs table says the same as the module, and an unknown
 * reason has none of its own (fail_message names it).
 */
import assert from "node:assert/strict";
import {
  FAIL_REASON_SENTENCES,
  failMessage,
  knownFailSentence,
} from "../lib/tiktok/fail_reasons.ts";

/** The reasons TikTok documents for a FAILED publish (docs/posting.md#fail-reasons). */
const DOCUMENTED = [
  "file_format_check_failed",
  "duration_check_failed",
  "frame_rate_check_failed",
  "picture_size_check_failed",
  "internal",
  "video_pull_failed",
  "photo_pull_failed",
  "publish_cancelled",
  "auth_removed",
  "spam_risk_too_many_posts",
  "spam_risk_user_banned_from_posting",
  "spam_risk_text",
  "spam_risk",
];

/** PM3K's own fail reasons (docs/posting.md#fail-reasons). */
const PM3K_OWN = [
  "publish_timeout",
  "file_upload_failed",
  "file_upload_incomplete",
  "not_posted",
];

Deno.test("every documented fail_reason, TikTok's and PM3K's, has a sentence; an unknown one has none", () => {
  assert.deepEqual(
    Object.keys(FAIL_REASON_SENTENCES).sort(),
    [...DOCUMENTED, ...PM3K_OWN].sort(),
  );
  for (const reason of [...DOCUMENTED, ...PM3K_OWN]) {
    const sentence = knownFailSentence(reason);
    assert.ok(sentence, reason);
    assert.match(sentence, /^[A-Z].*\.$/, reason);
  }
  assert.equal(knownFailSentence("brand_new_reason"), undefined);
  // Own keys only: an object's inherited names are no reasons.
  assert.equal(knownFailSentence("toString"), undefined);
});

Deno.test("the API's fail_message: the sentence, one naming an unknown reason, null without a reason", () => {
  assert.equal(failMessage(null), null);
  assert.equal(
    failMessage("spam_risk_text"),
    FAIL_REASON_SENTENCES.spam_risk_text,
  );
  for (const reason of ["brand_new_reason", "toString"]) {
    const message = failMessage(reason)!;
    assert.match(message, /^[A-Z].*\.$/);
    assert.ok(message.includes(`(${reason})`), message);
  }
  // TikTok's text is repeated as every echo is: cut, invisible spelt out.
  const long = failMessage(`odd\u202e${"x".repeat(200)}`)!;
  assert.ok(long.includes("odd\\u{202E}"), long);
  assert.ok(long.length < 200, long);
});

Deno.test("docs/posting.md's fail reasons table says what the dashboard shows", async () => {
  const text = await Deno.readTextFile(
    new URL("../docs/posting.md", import.meta.url),
  );
  const section = text.split("### Fail reasons")[1].split("\n## ")[0];
  const rows = [...section.matchAll(/^\| `(\w+)`\s*\| (.+?)\s*\|$/gm)]
    .map((m) => [m[1], m[2]]);
  assert.deepEqual(Object.fromEntries(rows), FAIL_REASON_SENTENCES);
});
