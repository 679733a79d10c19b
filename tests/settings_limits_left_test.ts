/**
 * Settings' plan card says what the account has left now
 * (docs/dashboard.md#settings): TikTok posts over the last 24 hours and
 * when the next can go, uploads of the UTC day and when they start again,
 * from the figures `GET /api/limits` gives automations
 * (docs/posting.md#limits-left), rendered by the server.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { textOn } from "./_helpers/page_text.ts";
import { postedRecord } from "./_helpers/post_copies.ts";
import { localTime } from "../components/local_times.ts";
import { nextUtcMidnight } from "../lib/media/upload_quota.ts";

/** The API's own figures for the account, as automations read them. */
async function apiLimits(me: Poster) {
  const r = await me.json("GET", "/api/limits");
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body as {
    posts_left_today: number;
    uploads_left_today: number;
    next_post_at: string;
  };
}

Deno.test("Settings says how many TikTok posts and uploads the account has left now, when the next post can go and when uploads start again", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "limits_left", "free");
    // As the page's text reads (its no-break spaces as spaces).
    const shown = (iso: string) => localTime(iso).replace(/\s/g, " ");
    const resets = shown(
      new Date(nextUtcMidnight(server.clock.now())).toISOString(),
    );
    // The server's UTC, said so (docs/dashboard.md#times).
    assert.match(resets, /^[A-Z][a-z]{2} \d{1,2}, \d{4}, 00:00 UTC$/);
    const posts = () => textOn(me, server, "/dashboard/settings", "posts-left");
    const uploads = () =>
      textOn(me, server, "/dashboard/settings", "uploads-left");

    assert.equal(
      await posts(),
      "TikTok posts: 10 of 10 left, counted over the last 24 hours. The next can go now.",
    );
    assert.equal(
      await uploads(),
      `Uploads: 10 of 10 left today. All 10 again from ${resets}.`,
    );

    // One post (its video one upload) and one more upload.
    await postedRecord(me, server, { title: "The first of the day" });
    await me.uploadVideo();
    const limits = await apiLimits(me);
    assert.equal(limits.posts_left_today, 9);
    assert.equal(limits.uploads_left_today, 8);
    // The API's exact time, to the first whole minute that takes a post,
    // as the composer's "Next free" shows it.
    const next = Date.parse(limits.next_post_at);
    assert.ok(next > server.clock.now() + 59 * 60_000, "an hour on");
    assert.equal(
      await posts(),
      `TikTok posts: 9 of 10 left, counted over the last 24 hours. The next can go at ${
        shown(new Date(Math.ceil(next / 60_000) * 60_000).toISOString())
      }.`,
    );
    assert.equal(
      await uploads(),
      `Uploads: 8 of 10 left today. All 10 again from ${resets}.`,
    );
    // Compose says where to look.
    assert.match(
      await textOn(me, server, "/dashboard", "plan-line") ?? "",
      /What is left today, the API key, domains and webhook are in Settings\.$/,
    );
  } finally {
    await server.close();
  }
});
