/**
 * `/dashboard?video=<id>` (the media page's Use in a post) in a real
 * Chromium that remembers an album being composed
 * (docs/dashboard.md#compose): the linked video is chosen, in Video, the
 * album left out of it; the page says the video is chosen and that the
 * album is kept, and the album does come back once the video is posted,
 * the note then gone.
 */
import assert from "node:assert/strict";
import { postFromComposer, withBrowser } from "../_helpers/browser_flows.ts";
import { signInWithPlan } from "../_helpers/browser_flows.ts";
import {
  rememberedAlbumInPage,
  uploadFixtureInPage,
} from "../_helpers/dashboard_seed.ts";
import { waitForAllIslands } from "../_helpers/page_quality.ts";
import { albumStorageKey } from "../../components/album_memory.ts";

const $ = (id: string) => `[data-testid=${id}]`;

Deno.test("Use in a post's video wins over the album this browser remembers, the page says so, and the album comes back once the video is posted, the note gone", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithPlan(run, "link_over_album", {
      islands: ["PostCard"],
    });
    const linked = await uploadFixtureInPage(page, "portrait.mp4", {
      as: "linked.mp4",
    });
    // Newer: the composer's own choice, were no video linked.
    await uploadFixtureInPage(page, "portrait.mp4", { as: "newest.mp4" });
    const albumId = await rememberedAlbumInPage(page, openId, 1);

    // Compose alone brings the album back, in Photos.
    await page.goto(`${server.url}/dashboard`);
    await waitForAllIslands(page);
    await page.locator(`${$("photo-carousel")} li`).nth(1).waitFor();
    assert.equal(
      await page.locator($("post-mode-photo")).getAttribute("aria-pressed"),
      "true",
    );

    await page.goto(`${server.url}/dashboard?video=${linked.upload_id}`);
    await waitForAllIslands(page);
    // Whatever the page would fetch of the album has come by now.
    await page.waitForLoadState("networkidle");
    assert.equal(
      await page.locator($("post-mode-video")).getAttribute("aria-pressed"),
      "true",
      "Video is the post type",
    );
    assert.equal(
      await page.locator($("post-source")).inputValue(),
      linked.url,
      "the linked video is chosen",
    );
    assert.equal(await page.locator($("photo-carousel")).count(), 0);
    assert.equal(
      (await page.locator($("video-chosen-note")).innerText()).trim(),
      "linked.mp4 from Media is chosen in the composer below. The album you may have been composing in Photos is kept in this browser: it comes back once this video is posted or scheduled, or when you open Compose again.",
    );
    // The album is remembered still.
    assert.match(
      String(
        await page.evaluate(
          (key) => localStorage.getItem(key),
          albumStorageKey(openId),
        ),
      ),
      new RegExp(albumId),
    );

    await page.selectOption($("post-privacy"), "SELF_ONLY");
    const { request } = await postFromComposer(page);
    assert.equal(request.source_url, linked.url);
    // Posted: the album comes back, in Photos, and the link is left.
    await page.locator(`${$("photo-carousel")} li`).nth(1).waitFor();
    assert.equal(new URL(page.url()).search, "");
    // The note of the video chosen is gone with it.
    assert.equal(await page.locator($("video-chosen-note")).count(), 0);
    watched.watch.assertClean();
  });
});
