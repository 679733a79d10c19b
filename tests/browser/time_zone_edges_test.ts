/**
 * The dashboard where a time zone is unusual, in a real Chromium: weeks
 * and days across a change of summer time, in zones where it changes on a
 * weekday (Asia/Jerusalem, Friday), a local time that does not exist
 * (the hour the clocks skip) or happens twice (the hour they go back) in
 * America/Los_Angeles, the zone named as people know it today
 * (Asia/Kolkata, not Asia/Calcutta), and records' times as the server
 * renders them, before the browser knows its zone.
 *
 * The dates are fixed, so the server's ManualClock and the browser's
 * clock (Playwright's) are both set to a pinned instant (inZoneAt): a few
 * days before a change of summer time or a new year, as a plan keeps
 * media at most 30 days and a job must run after now, or an afternoon
 * with no change near (AFTERNOON).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  browserRunner,
  chooseVideo,
  localInputIn,
  nextApiResponse,
  showCalendarEntry,
  signInWithPlan,
  uploadVideoFromCard,
} from "../_helpers/browser_flows.ts";
import type {
  BrowserBody,
  BrowserRun,
  SignInWithPlanOptions,
} from "../_helpers/browser_flows.ts";
import {
  apiInPage,
  postHoursOnePost,
  uploadFixtureInPage,
} from "../_helpers/dashboard_seed.ts";
import { waitForAllIslands } from "../_helpers/page_quality.ts";
import { ManualClock } from "../../lib/clock.ts";
import { localWhen } from "../../components/compose_rules.ts";

/**
 * Runs `body` in `timezoneId` and `locale` with the server's clock and the
 * browser's both at `now`, signed in first as {@link signInWithPlan} does
 * with `signIn`'s username and options.
 *
 * Chromium judges a cookie's expiry by the machine's clock, not by the
 * page's: signed in at a `now` more than the session's 14 days before the
 * real time, the session cookie would be dropped at once and the test
 * would fail from then on. So the sign-in is at `now` or at the real
 * time, whichever is later, and only then is the server's clock set to
 * `now` (its session lasts 14 days from the sign-in).
 */
function inZoneAt(
  timezoneId: string,
  locale: string,
  now: string,
  signIn: [string, SignInWithPlanOptions?],
  body: BrowserBody,
  viewport?: { width: number; height: number },
): Promise<void> {
  const at = Date.parse(now);
  return browserRunner({ timezoneId, locale, viewport }, {
    clock: new ManualClock(Math.max(at, Date.now())),
  })(async (run) => {
    await run.page.clock.install({ time: at });
    await signInWithPlan(run, ...signIn);
    run.server.clock.set(at);
    await body(run);
  });
}

/** Schedules a post through the API; its job id. */
async function scheduleJob(page: Page, runAt: string, title: string) {
  const video = await uploadFixtureInPage(page, "portrait.mp4", {
    as: `${title.slice(0, 40)}.mp4`,
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
    ["jerusalem_week", { plan: "annual" }],
    async (run) => {
      const { page, server, watched } = run;
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

/** The text of the `time` of `id`'s calendar entry, spaces plain. */
async function entryTime(page: Page, id: string): Promise<string> {
  const time = page.locator(`[data-entry="${id}"] time`).first();
  return String(await time.textContent()).replace(/\s+/g, " ").trim();
}

Deno.test("calendar: a week starts on the locale's first day and times are on its clock, Sunday and 12 hours in en-US, Monday and 24 hours in de-DE; a phone's month names its columns' weekdays", async () => {
  // Friday 4 December 2026; a post on Saturday 5th at 15:40 (Los Angeles)
  // or 15:40 (Berlin).
  const cases = [
    {
      zone: "America/Los_Angeles",
      locale: "en-US",
      runAt: "2026-12-05T23:40:00Z",
      label: "Week of Sun, Nov 29",
      first: "2026-11-29 Sun",
      last: "2026-12-05 Sat",
      time: "3:40 PM",
      named: /, Sat, Dec 5, 3:40 PM$/,
      monthFirst: "2026-11-29",
    },
    {
      zone: "Europe/Berlin",
      locale: "de-DE",
      runAt: "2026-12-05T14:40:00Z",
      label: "Week of Mo., 30. Nov.",
      first: "2026-11-30 Mo",
      last: "2026-12-06 So",
      time: "15:40",
      named: /, Sa., 5. Dez., 15:40$/,
      monthFirst: "2026-11-30",
    },
  ];
  for (const c of cases) {
    await inZoneAt(c.zone, c.locale, "2026-12-04T12:00:00Z", [
      `week_${c.locale.slice(0, 2)}`,
    ], async (run) => {
      const { page, server, watched } = run;
      const id = await scheduleJob(page, c.runAt, "Saturday");
      await page.goto(`${server.url}/dashboard/calendar`);
      await waitForAllIslands(page);
      const label = page.getByTestId("calendar-label");
      await page.waitForFunction(() =>
        !document.querySelector("[data-testid=calendar-label]")?.textContent
          ?.includes("UTC")
      );
      assert.equal(
        (await label.textContent())?.replace(/\s+/g, " ").trim(),
        c.label,
      );
      const days = await calendarDays(page);
      assert.equal(days.length, 7);
      assert.equal(days[0], c.first, c.locale);
      assert.equal(days[6], c.last, c.locale);
      assert.equal(await entryTime(page, id), c.time);
      assert.match(
        String(
          await page.locator(`[data-entry="${id}"]`).getByTestId("entry-edit")
            .textContent(),
        ).replace(/\s+/g, " ").trim(),
        c.named,
      );
      await page.getByRole("button", { name: "Month", exact: true }).click();
      await page.locator("[data-testid=calendar][data-view=month]").waitFor();
      assert.equal((await calendarDays(page))[0].slice(0, 10), c.monthFirst);
      // On a phone the month's first row names its weekdays, so the
      // columns read from the locale's first day; later rows do not.
      await page.setViewportSize({ width: 375, height: 800 });
      const shown = await page.locator("[data-day] h3 .weekday").evaluateAll(
        (names) =>
          names.map((n) =>
            (n as HTMLElement).offsetParent ? n.textContent : null
          ),
      );
      assert.deepEqual(
        shown.slice(0, 7),
        ((await calendarDays(page)).slice(0, 7)).map((d) => d.slice(11)),
        c.locale,
      );
      assert.ok(shown.slice(7).every((n) => n === null), String(shown));
      watched.watch.assertClean();
    });
  }
});

/** Signed in with the composer, for {@link composeAfterHoursPost}. */
const WITH_COMPOSER: SignInWithPlanOptions = {
  cards: ["post-card"],
  islands: ["UploadCard", "PostCard", "JobsList"],
  privacyOptions: true,
};

/**
 * An instant the refusals below are typed at: no change of summer time
 * near (in the hour the clocks go back, a time 20 minutes on could be one
 * the field reads as 40 minutes ago), nor midnight in Los Angeles or New
 * York (12:07 and 15:07).
 */
const AFTERNOON = "2026-12-04T20:07:00Z";

/**
 * Signed in with the composer ({@link WITH_COMPOSER}), makes the hour's one
 * post now through the API, and reloads with a new video chosen in the
 * composer.
 */
async function composeAfterHoursPost(run: BrowserRun) {
  const { page } = run;
  await postHoursOnePost(page, "Now");
  await page.reload();
  await waitForAllIslands(page);
  await chooseVideo(page, await uploadVideoFromCard(page));
}

/**
 * Schedules the chosen video 20 minutes on, within the hour of the post
 * just made: asserts the API refuses it with `interval_limit` and returns
 * the composer's refusal, once it names the next free time.
 */
async function scheduleTooSoon(page: Page): Promise<string> {
  await page.fill("[data-testid=post-title]", "Too soon");
  await page.selectOption("[data-testid=post-privacy]", "SELF_ONLY");
  await page.check("[data-testid=when-schedule]");
  await page.getByTestId("post-run-at").fill(await localInputIn(page, 1 / 3));
  const sent = nextApiResponse(page, { method: "POST", path: "/api/jobs" });
  await page.click("[data-testid=post-submit]");
  assert.equal((await (await sent).json()).error, "interval_limit");
  const error = page.getByTestId("post-error");
  await error.filter({ hasText: "Next free" }).waitFor();
  return String(await error.textContent());
}

Deno.test("en-US on a phone: a time and its AM or PM are joined by a no-break space, so a refusal never wraps a lone PM onto the next line", async () => {
  await inZoneAt("America/Los_Angeles", "en-US", AFTERNOON, [
    "us_phone_clock",
    WITH_COMPOSER,
  ], async (run) => {
    const { page, watched } = run;
    // The hour's post, made now: a time 20 minutes on is refused.
    await composeAfterHoursPost(run);
    const text = await scheduleTooSoon(page);
    // Each time in it: "2:27\u00a0AM", never "2:27 AM" (a break allowed).
    const times = text.match(/\d:\d\d\s[AP]M/g) ?? [];
    assert.equal(times.length, 2, text);
    for (const t of times) assert.match(t, /\d\u00a0[AP]M$/, text);
    watched.watch.assertClean({ allowConsole: [/status of 429/] });
  }, { width: 375, height: 800 });
});

Deno.test("compose names the zone of each time it shows, as Settings and Media do: Next free and an interval limit's refusal read '… PM EST' in America/New_York", async () => {
  const timeZone = "America/New_York";
  await inZoneAt(
    timeZone,
    "en-US",
    AFTERNOON,
    ["composer_zone_named", WITH_COMPOSER],
    async (run) => {
      const { page, watched } = run;
      // The hour's post, made now: the next is free an hour on.
      await composeAfterHoursPost(run);
      const nextFree = page.locator("[data-testid=post-next-free] time");
      await nextFree.waitFor();
      const freeAt = String(await nextFree.getAttribute("datetime"));
      // Now by the browser's clock, which started at AFTERNOON.
      const named = localWhen(freeAt, new Date(AFTERNOON), {
        timeZone,
        locale: "en-US",
        named: true,
      });
      assert.match(named, /\d\u00a0[AP]M\u00a0E[SD]T$/, named);
      assert.equal((await nextFree.textContent())?.trim(), named);
      // Scheduled 20 minutes on: refused, its times named too.
      const text = await scheduleTooSoon(page);
      const times = text.match(/\d:\d\d\s[AP]M(\s[A-Z]+)?/g) ?? [];
      assert.equal(times.length, 2, text);
      for (const t of times) assert.match(t, /\sE[SD]T$/, text);
      watched.watch.assertClean({ allowConsole: [/status of 429/] });
    },
  );
});

Deno.test("calendar in Asia/Kathmandu (+05:45): a post dragged across midnight and the new year keeps its time of day, and the status names it by its caption cut short, not all of it", async () => {
  // 17:45 on Wednesday 30 December 2026 in Kathmandu.
  const now = "2026-12-30T12:00:00Z";
  await inZoneAt("Asia/Kathmandu", "en-GB", now, ["kathmandu_new_year", {
    plan: "annual",
  }], async (run) => {
    const { page, server, watched } = run;
    // 23:50 on Thursday 31 December there (18:05 UTC), a long caption.
    const caption = "Midnight over the valley, fireworks and all. ".repeat(40)
      .trim();
    const id = await scheduleJob(page, "2026-12-31T18:05:00Z", caption);
    await page.goto(`${server.url}/dashboard/calendar`);
    await waitForAllIslands(page);
    const entry = page.locator(`[data-entry="${id}"]`);
    const dayOf = () =>
      entry.evaluate((e) => e.closest("[data-day]")!.getAttribute("data-day"));
    assert.equal(await dayOf(), "2026-12-31");
    const moved = nextApiResponse(page, {
      method: "PATCH",
      path: `/api/jobs/${id}`,
    });
    await entry.dragTo(page.locator('[data-day="2027-01-01"]'));
    const runAt = (await (await moved).json()).run_at;
    assert.equal(runAt, "2027-01-01T18:05:00.000Z", "23:50 on 1 January");
    assert.equal(await dayOf(), "2027-01-01");
    const status = page.getByTestId("calendar-status");
    await status.filter({ hasText: "Rescheduled" }).waitFor();
    assert.equal(
      (await status.textContent())?.trim(),
      `Rescheduled “Midnight over the valley, fireworks and…” to ${
        localWhen(runAt, new Date(now), {
          locale: "en-GB",
          timeZone: "Asia/Kathmandu",
        })
      }.`,
    );
    watched.watch.assertClean();
  });
});

Deno.test("scheduling: a time the clocks skip is named before sending, with the time it means on the locale's clock, in the composer and the calendar's edit form (America/Los_Angeles, en-US)", async () => {
  // Los Angeles goes from 02:00 to 03:00 on Sunday 14 March 2027: 02:30
  // does not exist there, and a browser reads it as 03:30.
  await inZoneAt(
    "America/Los_Angeles",
    "en-US",
    "2027-03-12T20:00:00Z",
    ["skipped_hour", { ...WITH_COMPOSER, plan: "annual" }],
    async (run) => {
      const { page, server, watched } = run;
      await chooseVideo(page, await uploadVideoFromCard(page));
      await page.fill("[data-testid=post-title]", "Spring forward");
      await page.selectOption("[data-testid=post-privacy]", "SELF_ONLY");
      await page.check("[data-testid=when-schedule]");
      const field = page.getByLabel("Date and time in America/Los_Angeles");
      const skipped = page.getByTestId("post-run-at-note");
      // 01:30 exists: nothing to say.
      await field.fill("2027-03-14T01:30");
      assert.equal(await skipped.count(), 0);
      await field.fill("2027-03-14T02:30");
      assert.equal(
        (await skipped.textContent())?.replace(/\s+/g, " ").trim(),
        "2:30 AM is skipped on Sun, Mar 14 in America/Los_Angeles, as the " +
          "clocks go forward: this is 3:30 AM.",
      );
      // Said with the field (its description, announced), not as an error:
      // the post can go at 03:30.
      assert.match(
        await page.locator("#post-run-at-problem").textContent() ?? "",
        /2:30\sAM is skipped/,
      );
      assert.notEqual(await field.getAttribute("aria-invalid"), "true");
      const sent = nextApiResponse(page, { method: "POST", path: "/api/jobs" });
      await page.click("[data-testid=post-submit]");
      const api = await (await sent).json();
      assert.equal(api.run_at, "2027-03-14T10:30:00.000Z", "03:30 PDT");
      const shown = page.getByTestId("post-scheduled");
      await shown.waitFor();
      assert.match(
        (await shown.textContent()) ?? "",
        /^Scheduled for Sun, Mar 14, 3:30\sAM\sPDT\./,
      );

      // The calendar's edit form says the same of a time typed there.
      await page.goto(`${server.url}/dashboard/calendar`);
      await waitForAllIslands(page);
      // Sunday the 14th starts the next week in en-US.
      await page.getByRole("button", { name: "Next" }).click();
      await page.locator(`[data-entry="${api.job_id}"]`).getByTestId(
        "entry-edit",
      ).click();
      const form = page.getByTestId("entry-form");
      const when = form.getByLabel("Date and time in America/Los_Angeles");
      assert.equal(await when.inputValue(), "2027-03-14T03:30");
      assert.equal(await form.getByTestId("entry-when-note").count(), 0);
      await when.fill("2027-03-14T02:15");
      assert.equal(
        (await form.getByTestId("entry-when-note").textContent())
          ?.replace(/\s+/g, " ").trim(),
        "2:15 AM is skipped on Sun, Mar 14 in America/Los_Angeles, as the " +
          "clocks go forward: this is 3:15 AM.",
      );
      assert.match(
        await when.evaluate((el) =>
          el.getAttribute("aria-describedby")!.split(" ").map((id) =>
            document.getElementById(id)?.textContent ?? ""
          ).join(" ")
        ),
        /2:15\sAM is skipped/,
        "the field is described by it",
      );
      watched.watch.assertClean();
    },
  );
});

Deno.test("the browser's zone is named as people know it today: Asia/Kolkata, not Chromium's Asia/Calcutta, in the composer, Scheduled posts and the calendar", async () => {
  await browserRunner({ timezoneId: "Asia/Kolkata", locale: "en-IN" })(
    async (run) => {
      const { page, server, watched } = run;
      await signInWithPlan(run, "kolkata_zone", {
        cards: ["post-card"],
        islands: ["PostCard", "JobsList"],
        privacyOptions: true,
      });
      await page.check("[data-testid=when-schedule]");
      await page.getByLabel("Date and time in Asia/Kolkata").waitFor();
      const id = await scheduleJob(
        page,
        new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 3 * 3600_000)
          .toISOString(),
        "Kolkata",
      );
      await page.reload();
      await waitForAllIslands(page);
      await page.getByRole("columnheader", {
        name: "Runs at (Asia/Kolkata)",
      }).waitFor();
      await page.goto(`${server.url}/dashboard/calendar`);
      await waitForAllIslands(page);
      const entry = page.locator(`[data-entry="${id}"]`);
      await showCalendarEntry(page, entry);
      await entry.getByTestId("entry-edit").click();
      await page.getByTestId("entry-form").getByLabel(
        "Date and time in Asia/Kolkata",
      ).waitFor();
      assert.doesNotMatch(
        await page.locator("main").textContent() ?? "",
        /Calcutta/,
      );
      watched.watch.assertClean();
    },
  );
});

Deno.test("scheduling: a time the clocks show twice says which one, typed and in the limits' refusal, so the next free time is not the refused time (America/Los_Angeles)", async () => {
  // Los Angeles goes back from 02:00 PDT to 01:00 PST on Sunday 7
  // November 2027: 01:00 to 01:59 happen twice. A post is scheduled at
  // the first 01:10 (PDT, 08:10 UTC); the next free time is the second
  // 01:10 (PST, 09:10 UTC).
  await inZoneAt(
    "America/Los_Angeles",
    "en-US",
    "2027-11-05T20:00:00Z",
    ["repeated_hour", { ...WITH_COMPOSER, plan: "annual" }],
    async (run) => {
      const { page, watched } = run;
      const first = await scheduleJob(
        page,
        "2027-11-07T08:10:00Z",
        "First 01:10",
      );
      await chooseVideo(page, await uploadVideoFromCard(page));
      await page.fill("[data-testid=post-title]", "Fall back");
      await page.selectOption("[data-testid=post-privacy]", "SELF_ONLY");
      await page.check("[data-testid=when-schedule]");
      const field = page.getByLabel("Date and time in America/Los_Angeles");
      await field.fill("2027-11-07T01:50");
      assert.equal(
        (await page.getByTestId("post-run-at-note").textContent())
          ?.replace(/\s+/g, " ").trim(),
        "1:50 AM happens twice on Sun, Nov 7 in America/Los_Angeles, as the " +
          "clocks go back: this is the first, 1:50 AM PDT.",
      );
      const sent = nextApiResponse(page, { method: "POST", path: "/api/jobs" });
      await page.click("[data-testid=post-submit]");
      const api = await (await sent).json();
      assert.equal(api.error, "interval_limit");
      assert.equal(api.next_free_at, "2027-11-07T09:10:00.000Z");
      const error = page.locator("[data-testid=post-error]");
      await error.filter({ hasText: "Next free" }).waitFor();
      assert.equal(
        (await error.textContent())?.replace(/\s+/g, " ").trim(),
        "Another post of this account is made or scheduled at Sun, Nov 7, " +
          "1:10 AM PDT, less than an hour from the time asked for: TikTok " +
          "posts are limited to 1 per hour. Next free: Sun, Nov 7, 1:10 AM PST.",
      );
      // A time that happens once says no zone.
      await field.fill("2027-11-07T02:10");
      assert.equal(await page.getByTestId("post-run-at-note").count(), 0);
      await page.reload();
      await waitForAllIslands(page);
      const row = page.locator("[data-testid=jobs-list] tbody tr").first();
      assert.match(
        (await row.textContent()) ?? "",
        /^Sun, Nov 7, 1:10\sAM\sPDT/,
        "Scheduled posts say which 01:10",
      );

      // A post at the second 01:10 (made by an automation): its edit form
      // holds 01:10, which the field reads as the first, so nothing is said
      // of it until the time is changed, and Save keeps its instant.
      const second = await scheduleJob(
        page,
        "2027-11-07T09:10:00Z",
        "Second 01:10",
      );
      await page.goto(`${run.server.url}/dashboard/calendar`);
      await waitForAllIslands(page);
      // Sunday the 7th starts the next week in en-US.
      await page.getByRole("button", { name: "Next" }).click();
      // Each entry says which 01:10 it is, as every other time does.
      for (
        const [id, shown] of [[first, "1:10 AM PDT"], [second, "1:10 AM PST"]]
      ) {
        assert.equal(
          (await page.locator(`[data-entry="${id}"] time`).first()
            .textContent())?.replace(/\s+/g, " ").trim(),
          shown,
        );
      }
      await page.locator(`[data-entry="${second}"]`).getByTestId("entry-edit")
        .click();
      const form = page.getByTestId("entry-form");
      const when = form.getByLabel("Date and time in America/Los_Angeles");
      assert.equal(await when.inputValue(), "2027-11-07T01:10");
      assert.equal(await form.getByTestId("entry-when-note").count(), 0);
      await when.fill("2027-11-07T01:40");
      assert.equal(
        (await form.getByTestId("entry-when-note").textContent())
          ?.replace(/\s+/g, " ").trim(),
        "1:40 AM happens twice on Sun, Nov 7 in America/Los_Angeles, as the " +
          "clocks go back: this is the first, 1:40 AM PDT.",
      );
      await when.fill("2027-11-07T01:10");
      await form.getByLabel("Caption").fill("Second 01:10, still");
      const saved = nextApiResponse(page, {
        method: "PATCH",
        path: `/api/jobs/${second}`,
      });
      await form.getByRole("button", { name: "Save" }).click();
      assert.equal(
        (await (await saved).json()).run_at,
        "2027-11-07T09:10:00.000Z",
        "the caption changed, the post still at the second 01:10",
      );
      watched.watch.assertClean({ allowConsole: [/status of 429/] });
    },
  );
});

Deno.test("records' times the server renders say UTC, as it does not know the browser's zone, until the browser writes its own, on its locale's clock (posts and media pages)", async () => {
  await browserRunner({ timezoneId: "Asia/Kolkata", locale: "en-IN" })(
    async (run) => {
      const { page, server, watched } = run;
      await signInWithPlan(run, "server_render_zone");
      const video = await uploadFixtureInPage(page, "portrait.mp4");
      const posted = await apiInPage(page, "POST", "/api/tiktok/direct_post", {
        source_url: video.url,
        title: "Posted from Kolkata",
        privacy: "SELF_ONLY",
      });
      assert.equal(posted.status, 200, JSON.stringify(posted.body));
      // A record's time (docs/dashboard.md#times): the month in words,
      // the year, the clock; no weekday.
      const MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec"
        .split(" ");
      // The server's: its runtime's en-US, in UTC on a 24-hour clock,
      // "Dec 4, 2026, 10:17 UTC".
      const utc = (iso: string) => {
        const d = new Date(iso);
        return `${
          MONTHS[d.getUTCMonth()]
        } ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${iso.slice(11, 16)}`;
      };
      // In Kolkata, on en-IN's 12-hour clock: "4 Dec 2026, 3:47 pm".
      const kolkata = (iso: string) => {
        const local = new Date(Date.parse(iso) + 5.5 * 3600_000);
        const h = local.getUTCHours();
        return `${local.getUTCDate()} ${
          MONTHS[local.getUTCMonth()]
        } ${local.getUTCFullYear()}, ${h % 12 || 12}:${
          local.toISOString().slice(14, 16)
        } ${h < 12 ? "am" : "pm"}`;
      };
      const madeAt = String(
        ((await apiInPage(page, "GET", "/api/tiktok/posts")).body
          .posts as { created_at: string }[])[0].created_at,
      );
      const keptUntil = String(video.expires_at);
      for (
        const [path, iso] of [
          ["/dashboard/posts", madeAt],
          ["/dashboard/media", keptUntil],
        ]
      ) {
        // As the server sends it (before any script): UTC, said so.
        // (Its no-break spaces read as spaces.)
        const html = (await (await page.request.get(`${server.url}${path}`))
          .text()).replace(/\xa0/g, " ");
        assert.ok(
          html.includes(`${utc(iso)} UTC<`),
          `${path} renders ${utc(iso)} UTC: ${
            html.match(/[^>]*\d\d:\d\d UTC/g)
          }`,
        );
        // Hydrated: the browser's zone, as every record's time is shown.
        await page.goto(`${server.url}${path}`);
        await waitForAllIslands(page);
        const text = (await page.locator("main").textContent() ?? "")
          .replace(/\s+/g, " ");
        assert.ok(text.includes(kolkata(iso)), `${path} shows ${kolkata(iso)}`);
        assert.doesNotMatch(text, /\d\d:\d\d UTC|\d{4}-\d\d-\d\d/);
      }
      watched.watch.assertClean();
    },
  );
});

Deno.test("calendar: left open over local midnight, the new day is marked today", async () => {
  // 23:58 on Thursday 3 December in Tokyo (UTC+9), already Thursday in UTC.
  await inZoneAt(
    "Asia/Tokyo",
    "en-GB",
    "2026-12-03T14:58:00Z",
    ["tokyo_midnight", { plan: "monthly" }],
    async (run) => {
      const { page, server, watched } = run;
      await page.goto(`${server.url}/dashboard/calendar`);
      await waitForAllIslands(page);
      const today = () =>
        page.locator("[data-day][aria-current=date]").evaluateAll((days) =>
          days.map((d) => d.getAttribute("data-day"))
        );
      assert.deepEqual(await today(), ["2026-12-03"]);
      // Three minutes on: 00:01 on Friday the 4th in Tokyo.
      await page.clock.runFor(3 * 60_000);
      await page.waitForFunction(() =>
        document.querySelector("[data-day][aria-current=date]")
          ?.getAttribute("data-day") === "2026-12-04"
      );
      assert.deepEqual(await today(), ["2026-12-04"]);
      watched.watch.assertClean();
    },
  );
});
