/**
 * A refusal the composer shows by its button is about the post as it was
 * sent (docs/dashboard.md#scheduling): it stays while that post is what
 * the composer holds, and goes once what the post is made of changes (its
 * type, video or photos, caption).
 */
import assert from "node:assert/strict";
import {
  fixturePath,
  localInputIn,
  signInWithPlan,
  waitForPrivacyOptions,
  withBrowser,
} from "../_helpers/browser_flows.ts";
import { apiInPage, uploadFixtureInPage } from "../_helpers/dashboard_seed.ts";
import { waitForAllIslands } from "../_helpers/page_quality.ts";

const $ = (id: string) => `[data-testid=${id}]`;
/** Chromium logs the refusal's 400. */
const REFUSED_LOGGED = /status of 400/;
const CAPTION = "The caption an automation used";

Deno.test("a duplicate caption's refusal under Schedule stays while the post is the same, and goes once it is photos instead", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "refusal_follows_post", {
      islands: ["PostCard"],
    });
    // An automation used the caption already, with another video.
    const used = await uploadFixtureInPage(page, "portrait.webm");
    const sent = await apiInPage(page, "POST", "/api/tiktok/direct_post", {
      source_url: used.url,
      title: CAPTION,
      privacy: "SELF_ONLY",
    });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const mine = await uploadFixtureInPage(page, "portrait.mp4");

    await page.goto(`${server.url}/dashboard`);
    await waitForAllIslands(page);
    await waitForPrivacyOptions(page, watched);
    await page.selectOption($("post-source"), String(mine.url));
    await page.fill($("post-title"), CAPTION);
    await page.selectOption($("post-privacy"), "SELF_ONLY");
    await page.check($("when-schedule"));
    await page.fill($("post-run-at"), await localInputIn(page, 3));
    await page.click($("post-submit"));
    const refusal = page.locator(
      `${$("post-error")}[data-code=caption_duplicate_account]`,
    );
    await refusal.waitFor();

    // Still the same post: its refusal still applies.
    await page.fill($("post-run-at"), await localInputIn(page, 4));
    await page.selectOption($("post-privacy"), "MUTUAL_FOLLOW_FRIENDS");
    assert.equal(await refusal.count(), 1);

    await page.click($("post-mode-photo"));
    await page.setInputFiles($("photo-input"), [
      fixturePath("photo1.jpg"),
      fixturePath("photo2.jpg"),
    ]);
    await page.locator(`${$("photo-carousel")} li`).nth(1).waitFor();
    await page.locator($("post-error")).waitFor({ state: "detached" });
    watched.watch.assertClean({ allowConsole: [REFUSED_LOGGED] });
  });
});
