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

/**
 * For each row of the page's first table: the gap between one cell's text
 * and the next's, and how far each heading starts from its column's first
 * value (both in px).
 */
function tableSpacing(page: Page) {
  return page.evaluate(() => {
    const textBox = (cell: Element) => {
      const range = document.createRange();
      range.selectNodeContents(cell);
      return range.getBoundingClientRect();
    };
    const table = document.querySelector("main table")!;
    const gaps: number[] = [];
    for (const row of table.querySelectorAll("tr")) {
      const boxes = [...row.children].map(textBox);
      for (let i = 1; i < boxes.length; i++) {
        gaps.push(boxes[i].left - boxes[i - 1].right);
      }
    }
    const firstRow = table.querySelector("tbody tr")!;
    const offsets = [...table.querySelectorAll("thead th")].map((th, i) =>
      Math.abs(textBox(th).left - textBox(firstRow.children[i]).left)
    );
    return { gaps, offsets };
  });
}

Deno.test("the plan table's columns are apart and each heading starts where its values do", async () => {
  await withBrowser(async ({ server, page, watched }) => {
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      for (const path of ["/", "/docs/guide"]) {
        await page.goto(`${server.url}${path}`);
        const { gaps, offsets } = await tableSpacing(page);
        assert.ok(
          gaps.every((gap) => gap >= 8),
          `${path} at ${width}px: gaps ${gaps}`,
        );
        assert.ok(
          offsets.every((offset) => offset < 1),
          `${path} at ${width}px: headings off by ${offsets}`,
        );
      }
    }
    watched.watch.assertClean();
  });
});
