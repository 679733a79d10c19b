/**
 * Two tabs of one browser in a real Chromium: a settings page left open for
 * one account, after another tab switched the browser to another account,
 * acts for neither (docs/accounts.md#several-tiktok-accounts): its island
 * names its account in the call, the server answers account_switched, the
 * card says to reload, and no key is issued. Reloaded, the page acts for
 * the account it then shows.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  addAccountInBrowser,
  choosePlan,
  sandboxOpenId,
  signInInBrowser,
  waitForIslands,
  withBrowser,
} from "../_helpers/browser_flows.ts";
import { getTyped, keys } from "../../lib/kv_keys.ts";

async function switchAccount(page: Page, label: string) {
  await page.locator("#account-switch").selectOption({ label });
  await page.click("[data-testid=account-switcher] button");
  await page.waitForURL(/\/dashboard$/);
}

Deno.test("a settings tab left open for one account issues no key after another tab switched accounts", async () => {
  await withBrowser(async (run) => {
    const { server, watched, page } = run;
    await signInInBrowser(page, server, "tab_first");
    await choosePlan(page, "free");
    await addAccountInBrowser(run, "tab_second");
    await choosePlan(page, "free");
    const first = await sandboxOpenId(server, "tab_first");
    const second = await sandboxOpenId(server, "tab_second");

    await switchAccount(page, "Tab First");
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
