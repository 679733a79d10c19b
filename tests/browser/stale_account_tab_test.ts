/**
 * Two tabs of one browser in a real Chromium: a settings page left open for
 * one account, after another tab switched the browser to another account,
 * acts for neither (docs/accounts.md#several-tiktok-accounts): its island
 * names its account in the call, the server answers account_switched, the
 * card says to reload, and no key is issued. Reloaded, the page acts for
 * the account it then shows. A list refreshing itself when the switch
 * happens stops, and says so, with no error.
 */
import assert from "node:assert/strict";
import type { Page, Route } from "playwright-core";
import {
  addAccountInBrowser,
  choosePlan,
  sandboxOpenId,
  signInInBrowser,
  waitForIslands,
  withBrowser,
} from "../_helpers/browser_flows.ts";
import type { BrowserRun } from "../_helpers/browser_flows.ts";
import { postHoursOnePost } from "../_helpers/dashboard_seed.ts";
import { fetchAnsweredLine } from "../_helpers/browser.ts";
import { getTyped, keys } from "../../lib/kv_keys.ts";

async function switchAccount(page: Page, label: string) {
  await page.locator("#account-switch").selectOption({ label });
  await page.click("[data-testid=account-switcher] button");
  await page.waitForURL(/\/dashboard$/);
}

/**
 * Signs `first` then `second` in to one browser, each on the free plan,
 * and switches back to `first` ("tab_first" shows as "Tab First").
 */
async function twoAccountsOnFirst(
  run: BrowserRun,
  first: string,
  second: string,
): Promise<void> {
  await signInInBrowser(run.page, run.server, first);
  await choosePlan(run.page, "free");
  await addAccountInBrowser(run, second);
  await choosePlan(run.page, "free");
  await switchAccount(run.page, shownName(first));
}

const shownName = (username: string) =>
  username.split("_").map((w) => w[0].toUpperCase() + w.slice(1)).join(" ");

Deno.test("a settings tab left open for one account issues no key after another tab switched accounts", async () => {
  await withBrowser(async (run) => {
    const { server, watched, page } = run;
    await twoAccountsOnFirst(run, "tab_first", "tab_second");
    const first = await sandboxOpenId(server, "tab_first");
    const second = await sandboxOpenId(server, "tab_second");
    await page.goto(`${server.url}/dashboard/settings`);
    await waitForIslands(page, watched, ["ApiKeyCard"]);

    const other = await watched.newPage();
    await other.goto(`${server.url}/dashboard`);
    await switchAccount(other, "Tab Second");

    await page.click("[data-testid=issue-key]");
    const alert = page.locator("[data-testid=api-key-card] [role=alert]");
    await alert.waitFor();
    assert.match(String(await alert.textContent()), /reload the page/);
    for (const openId of [first, second]) {
      const account = (await getTyped(server.kv, keys.account(openId))).value;
      assert.equal(account?.apiKeyHash, null, `no key for ${openId}`);
    }

    await page.reload();
    await waitForIslands(page, watched, ["ApiKeyCard"]);
    await page.click("[data-testid=issue-key]");
    await page.locator("[data-testid=api-key-value]").waitFor();
    const keyed = (await getTyped(server.kv, keys.account(second))).value;
    assert.ok(keyed?.apiKeyHash, "the reloaded page keys the active account");
    assert.equal(
      (await getTyped(server.kv, keys.account(first))).value?.apiKeyHash,
      null,
    );
    await other.close();
    watched.watch.assertClean({ allowConsole: [/status of 409/] });
  });
});

Deno.test("a posts list refreshing when another tab switches accounts stops refreshing and says to reload, with no console error", async () => {
  await withBrowser(async (run) => {
    const { server, watched, page } = run;
    await twoAccountsOnFirst(run, "live_first", "live_second");
    // A post the simulator leaves processing: the list refreshes itself.
    await postHoursOnePost(page, "Still processing");

    // Holds the posts page's first refresh until the other tab switched.
    let refreshes = 0;
    let release = () => {};
    const released = new Promise<void>((resolve) => release = resolve);
    let held: () => void = () => {};
    const holding = new Promise<void>((resolve) => held = resolve);
    await page.route("**/api/tiktok/posts", async (route: Route) => {
      refreshes++;
      if (refreshes === 1) {
        held();
        await released;
      }
      await route.continue();
    });
    await page.goto(`${server.url}/dashboard/posts`);
    await waitForIslands(page, watched, ["PostsTable"]);
    await holding;

    const other = await watched.newPage();
    await other.goto(`${server.url}/dashboard`);
    await switchAccount(other, "Live Second");
    release();

    const notice = page.locator("[data-testid=list-outdated]");
    await notice.waitFor();
    assert.match(
      String(await notice.textContent()),
      /^This list stopped refreshing: this browser now acts for another TikTok account .*Reload the page/,
    );
    // No more refreshes: each would be refused the same way.
    const after = refreshes;
    await page.waitForTimeout(4 * 500);
    assert.equal(refreshes, after, "the list stopped refreshing");
    assert.equal(after, 1);
    await other.close();
    watched.watch.assertClean({
      allowConsole: [fetchAnsweredLine(409, "/api/tiktok/posts")],
    });
  });
});
