/**
 * Where the Compose page opens in a real Chromium: "Post again" and the
 * media page's "Use in a post" land on the composer, its notice on a
 * phone's screen rather than ~1,000 px below the upload card; and many
 * uploads do not push the composer down (docs/dashboard.md#post-again,
 * docs/dashboard.md#compose).
 */
import assert from "node:assert/strict";
import type { Locator } from "playwright-core";
import { browserRunner, signInWithPlan } from "../_helpers/browser_flows.ts";
import {
  apiInPage,
  sandboxAdmin,
  uploadFixtureInPage,
} from "../_helpers/dashboard_seed.ts";
import { waitForAllIslands } from "../_helpers/page_quality.ts";
import { followAMinuteLater } from "../_helpers/follow_while.ts";

const PHONE = { width: 390, height: 844 };
const withPhone = browserRunner({ viewport: PHONE });

/** Fails unless `locator` is wholly within the window as scrolled. */
async function assertOnScreen(locator: Locator, what: string) {
  await locator.waitFor();
  const box = await locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: innerHeight };
  });
  assert.ok(
    box.top >= 0 && box.bottom <= box.height,
    `${what} is on screen (top ${box.top}, bottom ${box.bottom}, window ${box.height})`,
  );
}

Deno.test("on a phone, Post again of a failed post opens the page on the composer with its Post again notice on screen", async () => {
  await withPhone(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithPlan(run, "landing_again");
    await sandboxAdmin(server, openId, {
      faults: [{ fault: "publish_failed", fail_reason: "spam_risk" }],
    });
    const video = await uploadFixtureInPage(page, "portrait.mp4", {
      as: "again.mp4",
    });
    const sent = await apiInPage(page, "POST", "/api/tiktok/direct_post", {
      source_url: video.url,
      title: "try again",
      privacy: "SELF_ONLY",
    });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    for (let i = 0; i < 3; i++) await followAMinuteLater(server);

    await page.goto(`${server.url}/dashboard/posts`);
    await waitForAllIslands(page);
    const item = page.locator("li.post-item[data-state=failed]", {
      hasText: "try again",
    });
    await item.getByTestId("post-again").click();
    await page.waitForURL(/\/dashboard\?again=[^#]+#compose$/);
    await waitForAllIslands(page);
    await assertOnScreen(
      page.getByTestId("post-again-note"),
      "Posting a failed post again…",
    );
    watched.watch.assertClean();
  });
});

Deno.test("on a phone, Use in a post on the media page opens the page on the composer with the video's note on screen", async () => {
  await withPhone(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "landing_video");
    await uploadFixtureInPage(page, "portrait.mp4", { as: "reuse.mp4" });
    await page.goto(`${server.url}/dashboard/media`);
    await waitForAllIslands(page);
    await page.getByRole("link", { name: "Use in a post (reuse.mp4)" })
      .click();
    await page.waitForURL(/\/dashboard\?video=[^#]+#compose$/);
    await waitForAllIslands(page);
    await assertOnScreen(
      page.getByTestId("video-chosen-note"),
      "the note of the video chosen",
    );
    watched.watch.assertClean();
  });
});

Deno.test("with many uploads the upload card lists three and links to all of them in Media, so the composer starts near the top", async () => {
  await browserRunner()(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "landing_many");
    for (let i = 1; i <= 12; i++) {
      await uploadFixtureInPage(page, "portrait.mp4", { as: `clip${i}.mp4` });
    }
    const tops: Record<number, number> = {};
    for (const viewport of [{ width: 1280, height: 800 }, PHONE]) {
      await page.setViewportSize(viewport);
      await page.goto(`${server.url}/dashboard`);
      await waitForAllIslands(page);
      // The newest three (uploads of one test millisecond have no order).
      assert.equal(
        await page.locator("[data-testid=upload-list] li").count(),
        3,
      );
      const all = page.getByTestId("all-uploads-link");
      assert.equal(await all.innerText(), "All your uploads in Media");
      assert.equal(await all.getAttribute("href"), "/dashboard/media");
      tops[viewport.width] = await page.getByTestId("post-card").evaluate(
        (el) => el.getBoundingClientRect().top + scrollY,
      );
    }
    // The composer's heading on the first screen of a desktop, on the
    // second of a phone (the upload card's drop zone and link come first).
    assert.ok(tops[1280] < 800 - 40, `desktop: the composer at ${tops[1280]}`);
    assert.ok(tops[390] < 844 * 2 - 40, `phone: the composer at ${tops[390]}`);
    // The composer still offers every video, not only the three listed.
    assert.equal(
      await page.locator("[data-testid=post-source] option[value^=http]")
        .count(),
      12,
    );
    watched.watch.assertClean();
  });
});
