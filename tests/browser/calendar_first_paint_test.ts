/**
 * The calendar's first paint in a real Chromium whose zone is hours from
 * the server's UTC and just past its midnight, where UTC's day is another
 * day: the page as the server sent it, before its scripts run, places no
 * post on a day (the server does not know the browser's zone) and says it
 * is placing them, and its "Next scheduled" line writes no time (in UTC it
 * named UTC's day); once the island runs, the post is on its local day and
 * the line says its local time, naming the zone (docs/dashboard.md#times).
 */
import assert from "node:assert/strict";
import {
  browserRunner,
  showCalendarEntry,
  signInWithPlan,
} from "../_helpers/browser_flows.ts";
import { apiInPage, uploadFixtureInPage } from "../_helpers/dashboard_seed.ts";
import { waitForAllIslands } from "../_helpers/page_quality.ts";

const HOUR = 3600_000;

/** When the test's post runs: soon, so the browser's day is near it. */
const RUN_AT = Date.now() + 20 * 60_000;

/**
 * A fixed-offset zone whose clock reads 00:xx at `at` (the next day of
 * UTC's), or 23:xx (the day before UTC's) where that needs less than 12
 * hours: either way its day is not UTC's. `Etc/GMT-7` is UTC+7 (the sign
 * is POSIX's).
 */
function zoneNearMidnight(at: number): { zone: string; offset: number } {
  const h = new Date(at).getUTCHours();
  const k = h >= 12 ? 24 - h : -(h + 1);
  return { zone: k > 0 ? `Etc/GMT-${k}` : `Etc/GMT+${-k}`, offset: k * HOUR };
}

const { zone, offset } = zoneNearMidnight(RUN_AT);
const withBrowser = browserRunner({ timezoneId: zone, locale: "en-GB" });

Deno.test(`calendar: near midnight in ${zone} the first paint places no post on UTC's day; the island places it on its local day`, async () => {
  await withBrowser(async (run) => {
    const { server, page } = run;
    await signInWithPlan(run, "first_paint_user");
    const runAt = RUN_AT;
    const localDay = new Date(runAt + offset).toISOString().slice(0, 10);
    const utcDay = new Date(runAt).toISOString().slice(0, 10);
    assert.notEqual(localDay, utcDay, "the zone's day is not UTC's");
    const video = await uploadFixtureInPage(page, "portrait.mp4");
    const r = await apiInPage(page, "POST", "/api/jobs", {
      kind: "tiktok",
      run_at: new Date(runAt).toISOString(),
      source_url: video.url,
      title: "near midnight",
      privacy: "SELF_ONLY",
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const entry = page.locator(`[data-entry="${r.body.job_id}"]`);

    // The page as served, its scripts held back: what paints first.
    let release = () => {};
    const held = new Promise<void>((r) => release = r);
    await page.route("**/_islands/**", async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${server.url}/dashboard/calendar`, {
      waitUntil: "commit",
    });
    const label = page.getByTestId("calendar-label");
    await label.waitFor();
    assert.equal(await page.locator("[data-day]").count(), 0, "no day");
    assert.equal(await entry.count(), 0, "no post placed on UTC's day");
    assert.equal(
      (await label.textContent())?.trim(),
      "Placing posts in your time zone…",
    );
    const next = page.getByTestId("calendar-next").locator("time");
    assert.equal((await next.textContent())?.trim(), "…", "no UTC time");

    release();
    await waitForAllIslands(page);
    // Its week, unless the post's local midnight started another.
    await showCalendarEntry(page, entry);
    assert.equal(
      await entry.evaluate((e) =>
        e.closest("[data-day]")!.getAttribute("data-day")
      ),
      localDay,
      "on its local day",
    );
    assert.match((await label.textContent()) ?? "", /^Week of /);
    // Its local day and clock, and the zone's name as Intl gives it.
    const local = (o: Intl.DateTimeFormatOptions) =>
      new Intl.DateTimeFormat("en-GB", { timeZone: zone, ...o }).format(runAt);
    assert.equal(
      (await next.textContent())?.replace(/\s/g, " "),
      `${local({ day: "numeric", month: "short", year: "numeric" })}, ${
        local({ hour: "2-digit", minute: "2-digit", timeZoneName: "short" })
      }`,
    );
    assert.equal(
      await page.evaluate(() =>
        Intl.DateTimeFormat().resolvedOptions().timeZone
      ),
      zone,
    );
    await page.unroute("**/_islands/**");
  });
});
