/**
 * The composer's photo carousel (docs/dashboard.md#compose): each photo's
 * "Make photo N the cover" control is fully visible, at 375 and 1280 px,
 * with no sideways overflow of the page; and the post button waits while a
 * photo picked is still uploading, saying so.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  fixturePath,
  openPhotoMode,
  signInWithPlan,
  withBrowser,
} from "../_helpers/browser_flows.ts";
import { horizontalOverflow } from "../_helpers/page_quality.ts";

const SHOTS = Deno.env.get("PM3K_SHOTS_DIR");

/** Each cover control's box against the carousel's visible box. */
function coverControls(page: Page) {
  return page.locator("[data-testid=photo-carousel]").evaluate((ul) => {
    const shown = ul.getBoundingClientRect();
    return [...ul.querySelectorAll("li label")].map((label) => {
      const box = label.getBoundingClientRect();
      const input = label.querySelector("input")!.getBoundingClientRect();
      return {
        text: label.textContent?.trim() ?? "",
        inside: box.left >= shown.left - 0.5 &&
          box.right <= shown.right + 0.5 &&
          box.top >= shown.top - 0.5 && box.bottom <= shown.bottom + 0.5,
        // Its text is not clipped by the label's own box either.
        unclipped: label.scrollWidth <= label.clientWidth + 1,
        radioShown: input.width > 0 && input.left >= shown.left - 0.5,
      };
    });
  });
}

Deno.test("the photo carousel shows every photo's cover control whole at 375 and 1280 px", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    await signInWithPlan(run, "carousel_viewer", {
      cards: ["post-card"],
      islands: ["PostCard"],
    });
    await openPhotoMode(page);
    await page.setInputFiles("[data-testid=photo-input]", [
      fixturePath("photo2.jpg"),
      fixturePath("photo3.webp"),
    ]);
    const carousel = page.locator("[data-testid=photo-carousel]");
    await carousel.locator("li").nth(1).waitFor({ timeout: 15_000 });
    await carousel.locator("img").nth(1).evaluate((img) =>
      (img as HTMLImageElement).decode().catch(() => {})
    );
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await carousel.scrollIntoViewIfNeeded();
      if (SHOTS) {
        await carousel.screenshot({ path: `${SHOTS}/carousel-${width}.png` });
      }
      const controls = await coverControls(page);
      assert.deepEqual(
        controls.map((c) => c.text),
        ["Photo 1 is the cover", "Make photo 2 the cover"],
      );
      for (const c of controls) {
        assert.ok(c.inside, `"${c.text}" lies inside the carousel at ${width}`);
        assert.ok(c.unclipped, `"${c.text}" is not clipped at ${width}`);
        assert.ok(c.radioShown, `"${c.text}" shows its radio at ${width}`);
      }
      assert.equal(await horizontalOverflow(page), 0, `overflow at ${width}`);
    }
    watched.watch.assertClean();
  });
});

Deno.test("while a picked photo is still uploading the post button waits and says so, so no post leaves it out", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    await signInWithPlan(run, "photo_waiter", {
      cards: ["post-card"],
      islands: ["PostCard"],
      privacyOptions: true,
    });
    await openPhotoMode(page);
    // The second photo's upload is held before its completion.
    let release = () => {};
    const held = new Promise<void>((resolve) => release = resolve);
    let completions = 0;
    await page.route("**/api/uploads/*/complete", async (route) => {
      if (++completions === 2) await held;
      await route.continue();
    });
    await page.selectOption("[data-testid=post-privacy]", "SELF_ONLY");
    await page.setInputFiles("[data-testid=photo-input]", [
      fixturePath("photo2.jpg"),
      fixturePath("photo3.webp"),
    ]);
    const carousel = page.locator("[data-testid=photo-carousel]");
    await carousel.locator("li").first().waitFor({ timeout: 15_000 });
    const submit = page.getByTestId("post-submit");
    assert.equal(await submit.isDisabled(), true, "one photo still uploading");
    assert.match(
      (await page.locator("#post-needs-media").textContent()) ?? "",
      /Wait for the upload to finish\./,
    );
    assert.match(
      (await submit.getAttribute("aria-describedby")) ?? "",
      /post-needs-media/,
    );
    release();
    await carousel.locator("li").nth(1).waitFor({ timeout: 15_000 });
    await page.waitForFunction(() =>
      !(document.querySelector("[data-testid=post-submit]") as
        | HTMLButtonElement
        | null)?.disabled
    );
    await page.unroute("**/api/uploads/*/complete");
    watched.watch.assertClean();
  });
});
