/**
 * Settings says what the active account let PM3K do on TikTok's consent
 * screen (docs/dashboard.md#settings): a creator who withheld a permission
 * is signed in all the same, and Compose then just lacks what it opens,
 * so the page names what was withheld and the way to allow it.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { textOn } from "./_helpers/page_text.ts";

Deno.test("Settings lists what TikTok lets PM3K do, and a permission withheld at sign-in is named with the way to allow it", async () => {
  const server = await startTestServer();
  try {
    const all = await posterFor(server, "all_allowed");
    assert.equal(
      await textOn(all, server, "/dashboard/settings", "tiktok-permissions"),
      "TikTok lets PM3K read your name and avatar, post to your profile directly, send posts to your TikTok drafts, read your published posts' counts.",
    );

    const withheld = await posterFor(server, "no_drafts", "monthly", [
      "video.upload",
    ]);
    assert.equal(
      await textOn(
        withheld,
        server,
        "/dashboard/settings",
        "tiktok-permissions",
      ),
      "TikTok lets PM3K read your name and avatar, post to your profile directly, read your published posts' counts. You did not allow it to send posts to your TikTok drafts, so Compose offers no drafts. Sign in with TikTok again and allow it on TikTok's screen to add it.",
    );
  } finally {
    await server.close();
  }
});
