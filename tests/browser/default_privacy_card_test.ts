/**
 * Settings' "Privacy of posts from automations" card in real Chromium
 * (docs/dashboard.md#settings): while the TikTok app is unaudited it says
 * plainly, with no error, that automations' posts are refused unless they
 * name SELF_ONLY or the default is Only me, and offers only Only me; once
 * audited it offers the creator's own privacy options (creator_info).
 * Server-rendered, no island.
 */
import assert from "node:assert/strict";
import { browserRunner, signInWithPlan } from "../_helpers/browser_flows.ts";
import type { BrowserRun } from "../_helpers/browser_flows.ts";
import { sandboxAdmin } from "../_helpers/dashboard_seed.ts";

const withUnauditedBrowser = browserRunner({}, {
  env: { TIKTOK_APP_AUDITED: "false" },
});
const withAuditedBrowser = browserRunner({}, {
  env: { TIKTOK_APP_AUDITED: "true" },
});

/** The card's select: its options' values, as the browser shows them. */
function offered(run: BrowserRun): Promise<string[]> {
  return run.page.locator("#default-privacy-select option").evaluateAll(
    (os) => (os as HTMLOptionElement[]).map((o) => o.value),
  );
}

Deno.test("unaudited: the default privacy card says plainly that posts are refused unless SELF_ONLY or Only me, shows no error, and offers only Only me", async () => {
  await withUnauditedBrowser(async (run) => {
    const { page, watched } = run;
    await signInWithPlan(run, "dp_card_unaudited", {
      path: "/dashboard/settings",
      beforePlan: (openId) =>
        sandboxAdmin(run.server, openId, { private_account: true }),
    });
    const card = page.getByTestId("default-privacy-card");
    assert.equal(await card.locator(".error-message").count(), 0);
    const notice = page.getByTestId("default-privacy-until-audit");
    assert.ok(await notice.isVisible());
    assert.equal(
      (await notice.textContent())?.replace(/\s+/g, " ").trim(),
      'Until this app passes TikTok\'s audit, a post from an automation is refused unless it names "privacy": "SELF_ONLY" or this default is Only me. Save Only me below to let them through.',
    );
    assert.deepEqual(await offered(run), ["SELF_ONLY"]);
    assert.equal(
      await page.getByTestId("default-privacy-now").textContent(),
      "Everyone",
    );
    // A private-looking account is not told it looks public.
    const account = page.getByTestId("default-privacy-unaudited-account");
    assert.equal(await account.getAttribute("data-looks-public"), null);
    assert.match(
      String(await account.textContent()),
      /Your TikTok account itself must be private too/,
    );

    await card.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/saved=default_privacy/);
    await page.getByTestId("default-privacy-saved").waitFor();
    assert.equal(
      await page.getByTestId("default-privacy-now").textContent(),
      "Only me",
    );
    assert.equal(
      await page.getByTestId("default-privacy-until-audit").count(),
      0,
    );
    assert.equal(await card.locator(".error-message").count(), 0);
    watched.watch.assertClean();
  });
});

Deno.test("unaudited: the default privacy card says, in the composer's words, that an account leaving Duet and Stitch open looks public", async () => {
  await withUnauditedBrowser(async (run) => {
    const { page, watched } = run;
    // The sandbox's accounts are public unless made private: creator_info
    // leaves Duet and Stitch open, as TikTok's does for a public account.
    await signInWithPlan(run, "dp_card_looks_public", {
      path: "/dashboard/settings",
    });
    const account = page.getByTestId("default-privacy-unaudited-account");
    assert.equal(await account.getAttribute("data-looks-public"), "");
    assert.equal(
      (await account.textContent())?.replace(/\s+/g, " ").trim(),
      "This account looks public: an unaudited app's posts must be private (SELF_ONLY), and TikTok refuses them from a public account. It leaves Duet and Stitch open, which TikTok turns off for a private account: make it private (TikTok app: Settings and privacy → Privacy → Private account), then reload this page.",
    );
    // Why only Only me is offered is still said beside it.
    assert.ok(await page.getByTestId("default-privacy-unaudited").isVisible());
    watched.watch.assertClean();
  });
});

Deno.test("audited: the default privacy card offers the creator's own privacy options from creator_info", async () => {
  await withAuditedBrowser(async (run) => {
    const { page, watched } = run;
    await signInWithPlan(run, "dp_card_audited", {
      path: "/dashboard/settings",
      beforePlan: (openId) =>
        sandboxAdmin(run.server, openId, { private_account: true }),
    });
    // A private account offers no PUBLIC_TO_EVERYONE, the default saved.
    assert.deepEqual(await offered(run), [
      "MUTUAL_FOLLOW_FRIENDS",
      "FOLLOWER_OF_CREATOR",
      "SELF_ONLY",
    ]);
    assert.ok(await page.getByTestId("default-privacy-refused").isVisible());
    assert.equal(
      await page.getByTestId("default-privacy-until-audit").count(),
      0,
    );

    await page.selectOption("#default-privacy-select", "FOLLOWER_OF_CREATOR");
    await page.getByTestId("default-privacy-card").getByRole("button", {
      name: "Save",
    }).click();
    await page.getByTestId("default-privacy-saved").waitFor();
    assert.equal(
      await page.getByTestId("default-privacy-now").textContent(),
      "Followers",
    );
    assert.equal(await page.getByTestId("default-privacy-refused").count(), 0);
    watched.watch.assertClean();
  });
});
