/**
 * The dashboard where a time zone is unusual, in a real Chromium: weeks
 * and days across a change of summer time, in zones where it changes on a
 * weekday (Asia/Jerusalem, Friday) or on a Sunday (America/Los_Angeles),
 * a local time that does not exist (the hour the clocks skip), and the
 * zone named as people know it today (Asia/Kolkata, not Asia/Calcutta).
 *
 * The dates are months ahead, so the server's ManualClock and the
 * browser's clock (Playwright's) are both set to a few days before them:
 * a plan keeps media at most 30 days, and a job must run after now.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { browserRunner, signInWithPlan } from "../_helpers/browser_flows.ts";
import type { BrowserBody } from "../_helpers/browser_flows.ts";
import { apiInPage, uploadFixtureInPage } from "../_helpers/dashboard_seed.ts";
import { waitForAllIslands } from "../_helpers/page_quality.ts";
import { ManualClock } from "../../lib/clock.ts";

/**
 * Runs `body` in `timezoneId` and `locale` with the server's clock and the
 * browser's both at `now`.
 */
function inZoneAt(
  timezoneId: string,
  locale: string,
  now: string,
  body: BrowserBody,
): Promise<void> {
  const at = Date.parse(now);
  return browserRunner({ timezoneId, locale }, {
    clock: new ManualClock(at),
  })(async (run) => {
    await run.page.clock.install({ time: at });
    await body(run);
  });
}

/** Schedules a post through the API; its job id. */
async function scheduleJob(page: Page, runAt: string, title: string) {
  const video = await uploadFixtureInPage(page, "portrait.mp4", {
    as: `${title}.mp4`,
  });
  const r = await apiInPage(page, "POST", "/api/jobs", {
    kind: "tiktok",
    run_at: runAt,
    source_url: video.url,
    title,
    privacy: "SELF_ONLY",
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return String(r.body.job_id);
}

/** The calendar's days as shown: `data-day` and the heading's text. */
function calendarDays(page: Page): Promise<string[]> {
  return page.locator("[data-day]").evaluateAll((days) =>
    days.map((d) =>
      `${d.getAttribute("data-day")} ${
        d.querySelector("h3 .weekday")?.textContent
      }`
    )
  );
}

Deno.test("calendar: a week is Monday to Sunday when summer time starts on a Friday (Asia/Jerusalem)", async () => {
  // Israel's clocks go forward on Friday 26 March 2027; seen on Saturday
  // 27th, the week is Monday 22 to Sunday 28.
  await inZoneAt(
    "Asia/Jerusalem",
    "en-GB",
    "2027-03-27T09:00:00Z",
    async (run) => {
      const { page, server, watched } = run;
      await signInWithPlan(run, "jerusalem_week", { plan: "annual" });
      // Sunday 28 March, 10:00 in Jerusalem (UTC+3).
      const id = await scheduleJob(page, "2027-03-28T07:00:00Z", "Sunday");
      await page.goto(`${server.url}/dashboard/calendar`);
      await waitForAllIslands(page);
      assert.equal(
        (await page.getByTestId("calendar-label").textContent())?.trim(),
        "Week of Mon 22 Mar",
      );
      assert.deepEqual(await calendarDays(page), [
        "2027-03-22 Mon",
        "2027-03-23 Tue",
        "2027-03-24 Wed",
        "2027-03-25 Thu",
        "2027-03-26 Fri",
        "2027-03-27 Sat",
        "2027-03-28 Sun",
      ]);
      assert.equal(
        await page.locator(`[data-entry="${id}"]`).evaluate((e) =>
          e.closest("[data-day]")!.getAttribute("data-day")
        ),
        "2027-03-28",
        "the Sunday post is on its Sunday",
      );
      // The month: every day of March once, from Monday 1st.
      await page.getByRole("button", { name: "Month", exact: true }).click();
      await page.locator("[data-testid=calendar][data-view=month]").waitFor();
      const month = (await calendarDays(page)).map((d) => d.slice(0, 10));
      assert.equal(new Set(month).size, month.length, "no day twice");
      for (let day = 1; day <= 31; day++) {
        assert.ok(
          month.includes(`2027-03-${String(day).padStart(2, "0")}`),
          `March ${day} is shown`,
        );
      }
      assert.equal(month[0], "2027-03-01");
      watched.watch.assertClean();
    },
  );
});
