/**
 * The pages a creator reads before signing in, on a phone (375 px): the
 * start page's and the guide's tables keep each word on one line ("Monthly",
 * not "Mont" over "hly"), and the guide, its curl sample included, is no
 * wider than the screen.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { withBrowser } from "../_helpers/browser_flows.ts";
import { horizontalOverflow } from "../_helpers/page_quality.ts";

/** The words of the page's table cells that are split over two lines. */
function wordsSplitInCells(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const split: string[] = [];
    for (const cell of document.querySelectorAll("main th, main td")) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? "";
        // A line may break after a hyphen ("sign-" / "in's"), not inside.
        for (const match of text.matchAll(/[^\s-]+-?/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          // A word on one line has one box; split, one per line.
          const tops = new Set(
            [...range.getClientRects()].map((r) => Math.round(r.top)),
          );
          if (tops.size > 1) split.push(match[0]);
        }
      }
    }
    return split;
  });
}

Deno.test("at 375 px the start page's and the guide's tables keep words whole and the guide fits the screen", async () => {
  await withBrowser(async ({ server, page, watched }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    for (const path of ["/", "/docs/guide", "/privacy"]) {
      const answer = await page.goto(`${server.url}${path}`);
      assert.equal(answer?.status(), 200, path);
      assert.ok(
        await page.locator("main table").count() > 0,
        `${path} has a table`,
      );
      assert.deepEqual(await wordsSplitInCells(page), [], `${path}'s cells`);
      assert.equal(await horizontalOverflow(page), 0, `${path} overflows`);
    }
    // The curl sample scrolls inside itself.
    await page.goto(`${server.url}/docs/guide`);
    const pre = page.locator("main pre").first();
    assert.equal(
      await pre.evaluate((el) => getComputedStyle(el).overflowX),
      "auto",
    );
    watched.watch.assertClean();
  });
});
