/**
 * The composer when TikTok ended the account's access
 * (docs/tiktok.md#disconnected-accounts): its refusal offers the way back,
 * and what was written is still there after reconnecting.
 */
import assert from "node:assert/strict";
import {
  authorizeOnConsentPage,
  signInWithPlan,
  uploadVideoFromCard,
  waitUntilListed,
  withBrowser,
} from "../_helpers/browser_flows.ts";
import { waitForAllIslands } from "../_helpers/page_quality.ts";

const REFUSED_LOGGED = /status of 401/;

Deno.test("a post refused because TikTok access ended offers Reconnect with TikTok right there, and the caption is back after reconnecting", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithPlan(run, "reconnect_from_composer", {
      cards: ["post-card"],
      islands: ["UploadCard", "PostCard"],
      privacyOptions: true,
    });
    const url = await uploadVideoFromCard(page);
    await waitUntilListed(page, url);
    await page.fill("[data-testid=post-title]", "written before TikTok left");
    await page.selectOption("[data-testid=post-privacy]", "SELF_ONLY");
    // The creator removed PM3K's access in TikTok meanwhile.
    const revoked = await fetch(
      `${server.url}/_sandbox/tiktok/_admin/users/${
        encodeURIComponent(openId)
      }/revoke`,
      { method: "POST" },
    );
    assert.equal(revoked.status, 200, await revoked.text());

    await page.click("[data-testid=post-submit]");
    const error = page.locator(
      "[data-testid=post-error][data-code=tiktok_reauth_required]",
    );
    await error.waitFor();
    const reconnect = error.getByRole("link", {
      name: "Reconnect with TikTok",
    });
    await reconnect.click();
    await authorizeOnConsentPage(page, server, "reconnect_from_composer");
    await waitForAllIslands(page);
    assert.equal(
      await page.inputValue("[data-testid=post-title]"),
      "written before TikTok left",
    );
    assert.equal(await page.getByTestId("tiktok-disconnected").count(), 0);
    watched.watch.assertClean({ allowConsole: [REFUSED_LOGGED] });
  });
});
