/**
 * The composer's post button, while it waits, says one thing beside it:
 * the first the form still asks for, in the form's order (media, who can
 * view, the time), not two hints run together
 * (docs/dashboard.md#keyboard). What describes the button is on the page.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  signInWithPlan,
  uploadVideoFromCard,
  withBrowser,
} from "../_helpers/browser_flows.ts";

const $ = (id: string) => `[data-testid=${id}]`;

/** The hints beside the post button, and whether its descriptions exist. */
async function buttonHints(page: Page) {
  return await page.locator($("post-submit")).evaluate((button) => {
    const ids = (button.getAttribute("aria-describedby") ?? "").split(" ")
      .filter(Boolean);
    return {
      hints: [...(button.parentElement?.querySelectorAll("span") ?? [])]
        .map((span) => (span.textContent ?? "").trim()),
      missing: ids.filter((id) => !document.getElementById(id)),
    };
  });
}

async function waitForHints(page: Page, want: string[]) {
  try {
    await page.waitForFunction((wanted) => {
      const button = document.querySelector("[data-testid=post-submit]");
      const hints = [...(button?.parentElement?.querySelectorAll("span") ?? [])]
        .map((span) => (span.textContent ?? "").trim());
      return JSON.stringify(hints) === JSON.stringify(wanted);
    }, want);
  } catch (error) {
    throw new Error(
      `the post button's hints: ${JSON.stringify(await buttonHints(page))}`,
      { cause: error },
    );
  }
  assert.deepEqual(await buttonHints(page), { hints: want, missing: [] });
}

Deno.test("the post button says one thing it waits for at a time: the video, then who can view, then the time", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    await signInWithPlan(run, "one_hint", {
      cards: ["post-card"],
      islands: ["PostCard", "UploadCard"],
      privacyOptions: true,
    });
    // Nothing chosen: no video and no privacy; the video comes first.
    await waitForHints(page, ["Choose a video first."]);
    await uploadVideoFromCard(page);
    await waitForHints(page, ["Choose who can view this post first."]);
    // Schedule with no time yet: who can view still comes first.
    await page.check($("when-schedule"));
    await waitForHints(page, ["Choose who can view this post first."]);
    await page.selectOption($("post-privacy"), "SELF_ONLY");
    await waitForHints(page, ["Pick the date and time first."]);
    assert.ok(await page.locator($("post-submit")).isDisabled());
    watched.watch.assertClean();
  });
});
