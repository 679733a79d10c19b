/**
 * Settings' Refused API requests card in the browser
 * (docs/dashboard.md#settings): its times are the viewer's local time, in
 * the dashboard's one format for records (docs/dashboard.md#times), though
 * the card itself is rendered by the server, which writes UTC.
 */
import assert from "node:assert/strict";
import { browserRunner, signInWithPlan } from "../_helpers/browser_flows.ts";
import { waitForAllIslands } from "../_helpers/page_quality.ts";

const withTokyoBrowser = browserRunner({
  timezoneId: "Asia/Tokyo",
  locale: "en-GB",
});

/** `YYYY-MM-DD HH:MM` of an instant in Tokyo (UTC+9, no summer time). */
function tokyoRecordTime(iso: string): string {
  const tokyo = new Date(Date.parse(iso) + 9 * 3600_000).toISOString();
  return `${tokyo.slice(0, 10)} ${tokyo.slice(11, 16)}`;
}

Deno.test("the Refused API requests card shows each refusal's time in the viewer's zone, not UTC", async () => {
  await withTokyoBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "refused_local", {
      path: "/dashboard/settings",
      islands: ["ApiKeyCard"],
    });
    await page.getByTestId("issue-key").click();
    const key = await page.getByTestId("api-key-value").inputValue();
    const refused = await fetch(`${server.url}/api/jobs/no-such-job`, {
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(refused.status, 404);
    await refused.body?.cancel();

    const answer = await page.goto(`${server.url}/dashboard/settings`);
    // The server does not know the browser's zone: it writes UTC, saying so.
    assert.match(await answer!.text(), /\d\d:\d\d UTC<\/time>/);
    await waitForAllIslands(page);
    const time = page.getByTestId("refused-row").locator("time");
    const at = await time.getAttribute("datetime");
    assert.ok(at);
    await page.waitForFunction(
      (el) => !el?.textContent?.includes("UTC"),
      await time.elementHandle(),
    );
    assert.equal(await time.textContent(), tokyoRecordTime(at));
    watched.watch.assertClean();
  });
});
