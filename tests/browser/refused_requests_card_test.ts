/**
 * Settings' Refused API requests card in the browser
 * (docs/dashboard.md#settings): its times are the viewer's local time, in
 * the dashboard's one format for records (docs/dashboard.md#times), though
 * the card itself is rendered by the server, which writes UTC; on a phone
 * each refusal's parts stand on lines of their own, its count in words.
 */
import assert from "node:assert/strict";
import {
  browserRunner,
  signInWithPlan,
  withBrowser,
} from "../_helpers/browser_flows.ts";
import type { BrowserRun } from "../_helpers/browser_flows.ts";
import { waitForAllIslands } from "../_helpers/page_quality.ts";

const withTokyoBrowser = browserRunner({
  timezoneId: "Asia/Tokyo",
  locale: "en-GB",
});

const MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");

/**
 * `6 Dec 2026, 16:18`: a record's time in en-GB in Tokyo (UTC+9, no
 * summer time), as docs/dashboard.md#times says.
 */
function tokyoRecordTime(iso: string): string {
  const tokyo = new Date(Date.parse(iso) + 9 * 3600_000);
  return `${tokyo.getUTCDate()} ${
    MONTHS[tokyo.getUTCMonth()]
  } ${tokyo.getUTCFullYear()}, ${tokyo.toISOString().slice(11, 16)}`;
}

/** Signs in on Settings, issues a key and has the API refuse it once. */
async function refuseOnce(run: BrowserRun, username: string) {
  const { server, page } = run;
  await signInWithPlan(run, username, {
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
}

Deno.test("Settings' Refused API requests card and Left now show their times in the viewer's zone, named, not UTC", async () => {
  await withTokyoBrowser(async (run) => {
    const { server, page, watched } = run;
    await refuseOnce(run, "refused_local");

    const answer = await page.goto(`${server.url}/dashboard/settings`);
    // The server does not know the browser's zone: it writes UTC, saying so.
    assert.match(
      await answer!.text(),
      />[A-Z][a-z]{2}\s\d{1,2}, \d{4}, \d\d:\d\d\sUTC<\/time>/,
    );
    await waitForAllIslands(page);
    const time = page.getByTestId("refused-row").locator("time");
    const at = await time.getAttribute("datetime");
    assert.ok(at);
    await page.waitForFunction(
      (el) => !el?.textContent?.includes("UTC"),
      await time.elementHandle(),
    );
    // Local, and saying whose: the zone's name as Intl writes it.
    assert.equal(
      (await time.textContent())?.replace(/\s/g, " "),
      `${tokyoRecordTime(at)} GMT+9`,
    );
    const intro = await page.getByTestId("refused-requests").locator("p")
      .first().textContent();
    assert.doesNotMatch(intro ?? "", /UTC/);
    assert.match(intro ?? "", /in your time zone/);
    // Left now's "All 10 again from …", a time in a sentence: named too.
    const again = page.getByTestId("uploads-left").locator("time");
    assert.match(
      (await again.textContent())?.replace(/\s/g, " ") ?? "",
      /^\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d GMT\+9$/,
    );
    watched.watch.assertClean();
  });
});

Deno.test("at 1280 px the whole count of a long refused request shows, nothing cut at the card's edge", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInWithPlan(run, "refused_wide", {
      path: "/dashboard/settings",
      islands: ["ApiKeyCard"],
    });
    await page.getByTestId("issue-key").click();
    const key = await page.getByTestId("api-key-value").inputValue();
    // A long route, and a message echoing a long field name, four times.
    const field = "a_field_name_no_client_would_ever_send_".repeat(3);
    for (let i = 0; i < 4; i++) {
      const refused = await fetch(
        `${server.url}/api/tiktok/direct_post`,
        {
          method: "POST",
          headers: {
            authorization: `Bearer ${key}`,
            "content-type": "application/json",
          },
          body: JSON.stringify({ [field]: true }),
        },
      );
      assert.ok(refused.status >= 400);
      await refused.body?.cancel();
    }
    await page.goto(`${server.url}/dashboard/settings`);
    await waitForAllIslands(page);
    const count = page.getByTestId("refused-count").first();
    assert.equal((await count.textContent())?.trim(), "Refused 4 times");
    const cut = await page.locator("table.refused").evaluate((table) => {
      const card = table.closest("section")!.getBoundingClientRect();
      const cell = table.querySelector("[data-testid=refused-count]")!
        .getBoundingClientRect();
      return {
        scrolls: table.scrollWidth > table.clientWidth,
        cellRight: cell.right,
        cardRight: card.right,
      };
    });
    assert.equal(cut.scrolls, false, JSON.stringify(cut));
    assert.ok(cut.cellRight <= cut.cardRight, JSON.stringify(cut));
    watched.watch.assertClean();
  });
});

Deno.test("on a 375 px phone a refused request's time, request, reason and count each start a line, the count saying what it counts", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await refuseOnce(run, "refused_phone");
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${server.url}/dashboard/settings`);
    const row = page.getByTestId("refused-row");
    const tops = await row.locator("td").evaluateAll((cells) =>
      cells.map((c) => {
        const box = c.getBoundingClientRect();
        return { top: Math.round(box.top), bottom: Math.round(box.bottom) };
      })
    );
    assert.equal(tops.length, 4);
    for (let i = 1; i < tops.length; i++) {
      assert.ok(
        tops[i].top >= tops[i - 1].bottom - 1,
        `cell ${i + 1} starts below cell ${i}: ${JSON.stringify(tops)}`,
      );
    }
    assert.equal(
      (await page.getByTestId("refused-count").textContent())?.trim(),
      "Refused once",
    );
    watched.watch.assertClean();
  });
});
