/**
 * "Delete this account from PM3K" on Settings, in Chromium
 * (docs/accounts.md#deleting-an-account): behind a disclosure, the button
 * names the account; after it the browser shows its other account saying
 * what was deleted, then the start page once none is left.
 */
import assert from "node:assert/strict";
import {
  addAccountInBrowser,
  browserRunner,
  choosePlan,
  sandboxOpenId,
  signInWithPlan,
} from "../_helpers/browser_flows.ts";
import { getTyped, keys } from "../../lib/kv_keys.ts";

const withBrowser = browserRunner({ locale: "en-GB" });

Deno.test("deleting an account from Settings shows the browser's other account saying so, then the start page after the last", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    const first = await signInWithPlan(run, "delete_first");
    await addAccountInBrowser(run, "delete_second");
    await choosePlan(page, "free");
    const second = await sandboxOpenId(server, "delete_second");
    await page.goto(`${server.url}/dashboard/settings`);
    const card = page.locator("[data-testid=delete-account-card]");
    const yes = card.locator("[data-testid=delete-account-yes]");
    assert.equal(await yes.isVisible(), false, "closed until asked");
    await card.locator("summary").click();
    const name = (await page.locator("main h1").textContent())!
      .replace("Settings of ", "");
    assert.equal((await yes.textContent())?.trim(), `Delete ${name} from PM3K`);
    await yes.click();
    await page.waitForURL(`${server.url}/dashboard`);
    const notice = page.locator("[data-testid=account-notice]");
    // Put into the status region once the page has loaded, so it is heard.
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=account-notice]")?.textContent
    );
    assert.match(
      (await notice.textContent()) ?? "",
      /^PM3K deleted .+ and everything it kept for it\. Now showing .+: its posts, plan and settings\.$/,
    );
    assert.equal((await getTyped(server.kv, keys.account(second))).value, null);
    assert.ok((await getTyped(server.kv, keys.account(first))).value);

    await page.goto(`${server.url}/dashboard/settings`);
    await card.locator("summary").click();
    await yes.click();
    await page.waitForURL(`${server.url}/`);
    assert.match(
      (await page.locator("[data-testid=account-notice]").textContent()) ?? "",
      /^PM3K deleted .+ and everything it kept for it\.$/,
    );
    await page.locator("[data-testid=sign-in]").waitFor();
    assert.equal((await getTyped(server.kv, keys.account(first))).value, null);
    watched.watch.assertClean();
  });
});
