/**
 * The composer's post type is the creator's once they choose it
 * (docs/dashboard.md#compose): the album this browser remembers is
 * fetched after the page loads, and on a slow answer the creator may
 * already have pressed Video or picked a video. The album restored then is
 * kept for Photos, not switched to. Its answer is held back in real
 * Chromium (the real server's answer, delivered late) to make that order
 * certain.
 */
import assert from "node:assert/strict";
import { signInWithPlan, withBrowser } from "../_helpers/browser_flows.ts";
import {
  rememberedAlbumInPage,
  uploadFixtureInPage,
} from "../_helpers/dashboard_seed.ts";
import { waitForAllIslands } from "../_helpers/page_quality.ts";
import type { BrowserRun } from "../_helpers/browser_flows.ts";

const $ = (id: string) => `[data-testid=${id}]`;

/** Opens Compose with the album's answer held until `release` is called. */
async function composeWithAlbumHeld(run: BrowserRun, albumId: string) {
  const { page, server } = run;
  let release = () => {};
  const held = new Promise<void>((resolve) => release = resolve);
  await page.route(`**/api/albums/${albumId}`, async (route) => {
    await held;
    await route.continue();
  });
  const answered = page.waitForResponse((r) =>
    r.url().endsWith(`/api/albums/${albumId}`)
  );
  await page.goto(`${server.url}/dashboard`);
  await waitForAllIslands(page);
  return async () => {
    release();
    await answered;
    // The answer's handling is done once the page is idle again.
    await page.waitForLoadState("networkidle");
    await page.unroute(`**/api/albums/${albumId}`);
  };
}

Deno.test("a post type or video the creator chose before the remembered album came back stays chosen; the album waits under Photos", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    const openId = await signInWithPlan(run, "mode_chosen_first", {
      islands: ["PostCard"],
    });
    const video = await uploadFixtureInPage(page, "portrait.mp4", {
      as: "mine.mp4",
    });
    const albumId = await rememberedAlbumInPage(page, openId, 0);

    // Video pressed while the album is on its way.
    let albumBack = await composeWithAlbumHeld(run, albumId);
    await page.click($("post-mode-video"));
    await albumBack();
    assert.equal(
      await page.locator($("post-mode-video")).getAttribute("aria-pressed"),
      "true",
      "still Video after the album came back",
    );
    assert.equal(await page.locator($("post-source")).inputValue(), video.url);
    // The album is there under Photos.
    await page.click($("post-mode-photo"));
    await page.locator(`${$("photo-carousel")} li`).nth(1).waitFor();

    // A video picked while the album is on its way.
    albumBack = await composeWithAlbumHeld(run, albumId);
    await page.selectOption($("post-source"), String(video.url));
    await albumBack();
    assert.equal(
      await page.locator($("post-mode-video")).getAttribute("aria-pressed"),
      "true",
      "still Video after a video was picked",
    );

    // Nothing chosen: the album brings Photos, as before.
    albumBack = await composeWithAlbumHeld(run, albumId);
    await albumBack();
    await page.locator(`${$("photo-carousel")} li`).nth(1).waitFor();
    assert.equal(
      await page.locator($("post-mode-photo")).getAttribute("aria-pressed"),
      "true",
    );
    watched.watch.assertClean();
  });
});
