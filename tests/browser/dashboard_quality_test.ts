/**
 * Every dashboard page, signed in with data (uploads, an album, a published
 * and a failed post, scheduled posts): axe-core finds no serious or
 * critical violation, and at 375 px nothing overflows sideways. The pages
 * come from the route manifest, so a new dashboard page is checked too.
 */
import assert from "node:assert/strict";
import { browserRunner, signInWithPlan } from "../_helpers/browser_flows.ts";
import { seedDashboard } from "../_helpers/dashboard_seed.ts";
import {
  dashboardPagePaths,
  horizontalOverflow,
  seriousAxeViolations,
  waitForAllIslands,
} from "../_helpers/page_quality.ts";
import { followAMinuteLater } from "../_helpers/follow_while.ts";
import type { TestServer } from "../_helpers/test_server.ts";

const withBrowser = browserRunner({
  timezoneId: "America/New_York",
  locale: "en-US",
});

/** An hour and a minute on, with the publishes followed meanwhile. */
async function anHourLater(server: TestServer) {
  server.clock.advance(3600_000);
  for (let i = 0; i < 3; i++) await followAMinuteLater(server);
}

Deno.test("the dashboard pages list includes the calendar, posts and media pages", () => {
  const paths = dashboardPagePaths();
  for (
    const p of [
      "/dashboard",
      "/dashboard/calendar",
      "/dashboard/posts",
      "/dashboard/media",
    ]
  ) assert.ok(paths.includes(p), `${p} in ${paths}`);
});

Deno.test("every dashboard page, with data, has no serious or critical axe violation and no overflow at 375 px", async () => {
  await withBrowser(async (run) => {
    const { server, page } = run;
    const openId = await signInWithPlan(run, "quality_user");
    await seedDashboard(page, {
      serverUrl: server.url,
      openId,
      now: server.clock.now(),
      later: () => anHourLater(server),
    });
    const problems: string[] = [];
    const check = async (what: string, width: number) => {
      for (const v of await seriousAxeViolations(page)) {
        problems.push(
          `${what} at ${width}px: ${v.impact} ${v.id} (${v.help}) at ${
            v.targets.slice(0, 3).join(", ")
          }`,
        );
      }
      if (width === 375) {
        const over = await horizontalOverflow(page);
        if (over > 0) problems.push(`${what} overflows 375 px by ${over}px`);
      }
    };
    for (const path of dashboardPagePaths()) {
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        const res = await page.goto(`${server.url}${path}`);
        assert.equal(res?.status(), 200, path);
        await waitForAllIslands(page);
        await check(path, width);
        if (path === "/dashboard/calendar") {
          await page.getByRole("button", { name: "Month" }).click();
          await page.locator("[data-testid=calendar][data-view=month]")
            .waitFor();
          await check(`${path} (month)`, width);
        }
      }
    }
    assert.deepEqual(problems, []);
  });
});
