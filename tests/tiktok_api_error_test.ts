/**
 * TikTok's own words are kept to TIKTOK_TEXT_MAX characters: they go into
 * PM3K's answers, posts and logs (a 40 KB message once reached an answer).
 */
import assert from "node:assert/strict";
import {
  TIKTOK_TEXT_MAX,
  TikTokApiError,
} from "../lib/tiktok/tiktok_api_error.ts";

Deno.test("a long message or code from TikTok is cut, marked, never mid-character", () => {
  const long = new TikTokApiError("weird_code", "x".repeat(40_000), {
    httpStatus: 400,
  });
  assert.equal(long.message, `${"x".repeat(TIKTOK_TEXT_MAX)}…`);
  const code = new TikTokApiError("c".repeat(9_000), "m", { httpStatus: 400 });
  assert.equal(code.tiktokCode.length, TIKTOK_TEXT_MAX + 1);
  // An emoji (two UTF-16 units) across the cut is left out whole.
  const emoji = `${"x".repeat(TIKTOK_TEXT_MAX - 1)}😀tail`;
  const cut = new TikTokApiError("c", emoji, { httpStatus: 400 }).message;
  assert.equal(cut, `${"x".repeat(TIKTOK_TEXT_MAX - 1)}…`);
  assert.equal(
    new TikTokApiError("c", "short words", { httpStatus: 400 }).message,
    "short words",
  );
});
