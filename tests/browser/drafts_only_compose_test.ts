/**
 * The composer of an account that withheld "post directly"
 * (`video.publish`) at sign-in (docs/dashboard.md#drafts-only-accounts):
 * drafts still go from the composer, while Post now and Schedule wait
 * with the reason and a way to sign in again; no banner in TikTok's
 * jargon says the account cannot post at all.
 */
import assert from "node:assert/strict";
import {
  CONSENT_PAGE,
  postFromComposer,
  uploadVideoFromCard,
  waitUntilListed,
  withBrowser,
} from "../_helpers/browser_flows.ts";
import { waitForAllIslands } from "../_helpers/page_quality.ts";

const $ = (id: string) => `[data-testid=${id}]`;

Deno.test("an account that withheld video.publish sends drafts from the composer and is told why Post now waits", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    await page.goto(`${server.url}/`);
    await page.click($("sign-in"));
    await page.waitForURL(CONSENT_PAGE);
    await page.check("input[name=withhold_scope][value='video.publish']");
    await page.fill("input[name=username]", "drafts_only_composer");
    await page.click("button[name=decision][value=authorize]");
    await page.waitForURL(`${server.url}/dashboard`);
    await page.click("button[name=plan][value=free]");
    await page.waitForURL(/\/dashboard$/);
    await waitForAllIslands(page);
    // The account is named, not "asking TikTok" for ever.
    await page.locator($("post-creator"), { hasText: "Posting to" }).waitFor();

    const url = await uploadVideoFromCard(page);
    await waitUntilListed(page, url);
    await page.selectOption($("post-source"), url);
    await page.fill(
      $("post-title"),
      "A draft from an account without direct posting",
    );

    // Post now waits, and says why, with the way to allow it.
    const submit = page.locator($("post-submit"));
    assert.equal((await submit.textContent())?.trim(), "Post now");
    assert.ok(await submit.isDisabled());
    const reasonIds = (await submit.getAttribute("aria-describedby")) ?? "";
    assert.ok(
      reasonIds.split(" ").includes("post-no-publish"),
      `the button points to its reason: ${reasonIds}`,
    );
    const reason = page.locator("#post-no-publish");
    const reasonText = (await reason.textContent())?.replace(/\s+/g, " ")
      .trim() ?? "";
    assert.match(reasonText, /did not allow posting directly/);
    assert.doesNotMatch(reasonText, /video\.publish|creator info/i);
    assert.equal(
      await reason.getByRole("link", { name: "Reconnect with TikTok" })
        .getAttribute("href"),
      // Keeps the browser's other accounts (docs/accounts.md).
      "/auth/login?add=1",
    );
    // Schedule waits for the same reason.
    await page.check($("when-schedule"));
    assert.equal((await submit.textContent())?.trim(), "Schedule");
    assert.ok(await submit.isDisabled());
    assert.ok(
      ((await submit.getAttribute("aria-describedby")) ?? "").includes(
        "post-no-publish",
      ),
    );
    await page.check($("when-now"));

    // No banner in jargon saying the account cannot post at all.
    const card = (await page.locator($("post-card")).textContent()) ?? "";
    assert.doesNotMatch(card, /video\.publish|creator info/i);
    assert.equal(await page.locator($("post-cannot-post")).count(), 0);

    // Drafts go.
    await page.check($("post-to-drafts"));
    assert.equal(
      (await submit.textContent())?.trim(),
      "Send to TikTok drafts",
    );
    assert.ok(await submit.isEnabled());
    assert.equal(await page.locator("#post-no-publish").count(), 0);
    const { request } = await postFromComposer(page);
    assert.equal(request.post_mode, "MEDIA_UPLOAD");
    await page.locator($("post-ok")).waitFor();
    watched.watch.assertClean();
  });
});
