/**
 * Reconnecting an account TikTok disconnected (docs/dashboard.md#compose):
 * the page the creator lands on says it worked, once, where the page's
 * other account notices are; a sign-in that reconnects nothing says
 * nothing.
 */
import assert from "node:assert/strict";
import {
  authorizeOnConsentPage,
  signInWithPlan,
  withBrowser,
} from "../_helpers/browser_flows.ts";
import { disconnectedByTikTok } from "../_helpers/tiktok_events.ts";
import { waitForAllIslands } from "../_helpers/page_quality.ts";

const REFUSED_LOGGED = /status of 401/;

Deno.test("reconnecting a disconnected account says on the next page that it is reconnected, and only then", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithPlan(run, "reconnected_notice", {
      cards: ["post-card"],
    });
    const notice = page.getByTestId("account-notice");
    assert.equal((await notice.textContent())?.trim(), "", "a first sign-in");

    await disconnectedByTikTok(server, openId);
    await page.goto(`${server.url}/dashboard/calendar`);
    const disconnected = page.getByTestId("tiktok-disconnected");
    await disconnected.getByRole("link", { name: "Reconnect with TikTok" })
      .click();
    await authorizeOnConsentPage(page, server, "reconnected_notice");
    await waitForAllIslands(page);
    assert.equal(await disconnected.count(), 0);
    // The boot script empties the region and puts the words back, so they
    // are announced: wait for them rather than read them once.
    await page.waitForFunction(() =>
      /Reconnected/.test(
        document.querySelector("[data-testid=account-notice]")?.textContent ??
          "",
      )
    );
    assert.equal(
      (await notice.textContent())?.trim(),
      "Reconnected Reconnected Notice with TikTok: posting works again, and scheduled posts still waiting go out at their times.",
    );

    // Said once: the next page has nothing to say.
    await page.goto(`${server.url}/dashboard/calendar`);
    assert.equal((await notice.textContent())?.trim(), "");

    // Signing in again while connected reconnects nothing.
    await page.goto(`${server.url}/auth/login`);
    await authorizeOnConsentPage(page, server, "reconnected_notice");
    await waitForAllIslands(page);
    assert.equal((await notice.textContent())?.trim(), "");
    watched.watch.assertClean({ allowConsole: [REFUSED_LOGGED] });
  });
});
