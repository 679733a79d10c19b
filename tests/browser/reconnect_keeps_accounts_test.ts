/**
 * Reconnecting one of several TikTok accounts signed in on one browser
 * (docs/accounts.md#several-tiktok-accounts): signing that account in
 * again keeps the browser's other accounts signed in, from the
 * "TikTok disconnected" notice as from the composer, whose refusal says
 * so in the dashboard's words (docs/dashboard.md#compose).
 */
import assert from "node:assert/strict";
import type { Locator } from "playwright-core";
import {
  addAccountInBrowser,
  authorizeOnConsentPage,
  type BrowserRun,
  choosePlan,
  sandboxOpenId,
  signInWithPlan,
  withBrowser,
} from "../_helpers/browser_flows.ts";
import { disconnectedByTikTok } from "../_helpers/tiktok_events.ts";
import { waitForAllIslands } from "../_helpers/page_quality.ts";

const REFUSED_LOGGED = /status of 401/;
const BOTH = ["Reconnecting Second", "Kept While Reconnecting"];

/**
 * Signs two accounts in, the second active, has TikTok end the second's
 * access, opens Compose and reconnects it through the link `where` finds;
 * the switcher's accounts after that.
 */
async function reconnectSecond(
  run: BrowserRun,
  where: (run: BrowserRun) => Promise<Locator>,
): Promise<string[]> {
  const { server, page } = run;
  await signInWithPlan(run, "kept_while_reconnecting");
  await addAccountInBrowser(run, "reconnecting_second");
  await choosePlan(page, "monthly");
  const switcher = page.locator("#account-switch option");
  assert.deepEqual(await switcher.allTextContents(), BOTH);
  await disconnectedByTikTok(
    server,
    await sandboxOpenId(server, "reconnecting_second"),
  );
  await page.goto(`${server.url}/dashboard`);
  const link = (await where(run))
    .getByRole("link", { name: "Reconnect with TikTok" });
  await link.click();
  await authorizeOnConsentPage(page, server, "reconnecting_second");
  await waitForAllIslands(page);
  assert.equal(await page.getByTestId("tiktok-disconnected").count(), 0);
  return await switcher.allTextContents();
}

Deno.test("reconnecting one of two accounts from the disconnected notice keeps the other signed in", async () => {
  await withBrowser(async (run) => {
    const accounts = await reconnectSecond(
      run,
      ({ page }) => Promise.resolve(page.getByTestId("tiktok-disconnected")),
    );
    assert.deepEqual(accounts, BOTH, "the other account stays signed in");
    run.watched.watch.assertClean({ allowConsole: [REFUSED_LOGGED] });
  });
});

Deno.test("the composer's refusal of a disconnected account says it in the dashboard's words, and its Reconnect keeps the other account signed in", async () => {
  await withBrowser(async (run) => {
    const accounts = await reconnectSecond(run, async ({ page }) => {
      const refused = page.getByTestId("post-cannot-post");
      // Not the API's "…sign in with TikTok again in the dashboard".
      await page.waitForFunction(() =>
        /Reconnect with TikTok$/.test(
          document.querySelector("[data-testid=post-cannot-post]")
            ?.textContent ?? "",
        )
      );
      assert.equal(
        (await refused.textContent())?.replace(/\s+/g, " ").trim(),
        "TikTok cannot take a post from this account now: TikTok access for this account ended, so nothing can be posted until you reconnect. Reconnect with TikTok",
      );
      return refused;
    });
    assert.deepEqual(accounts, BOTH, "the other account stays signed in");
    run.watched.watch.assertClean({ allowConsole: [REFUSED_LOGGED] });
  });
});
