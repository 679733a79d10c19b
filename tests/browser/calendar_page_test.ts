/**
 * The calendar page in a real Chromium, in Tokyo's time (UTC+9, no summer
 * time) while the server speaks UTC: a scheduled post on its local day and
 * time, moved to the next day by dragging (time of day kept), edited (time
 * and caption), a refused edit shown with the conflicting time in local
 * time, cancel asked first ("Keep it" keeps it), and the month view; a
 * published post (and a failed one) on its local day, marked as such; a
 * week with nothing in it says so, with a link to Compose; and posts and
 * jobs beyond the first page of their lists are read when their week is
 * shown.
 */
import assert from "node:assert/strict";
import type { Locator, Page } from "playwright-core";
import { ulid } from "ulid";
import {
  browserRunner,
  calendarPlaced,
  escapeRegExp,
  showCalendarEntry,
  shownOncePlaced,
  signInToSeededDashboard,
  signInWithPlan,
} from "../_helpers/browser_flows.ts";
import {
  apiInPage,
  postHoursOnePost,
  scheduleAlbum,
  uploadFixtureInPage,
} from "../_helpers/dashboard_seed.ts";
import { getTyped, keys } from "../../lib/kv_keys.ts";
import { ManualClock } from "../../lib/clock.ts";
import { runDueJobs } from "../../lib/jobs/due_jobs.ts";
import {
  describedByText,
  focusedTestId,
  waitForAllIslands,
  waitForFocusOn,
} from "../_helpers/page_quality.ts";
import { localWhen } from "../../components/compose_rules.ts";

const ZONE = "Asia/Tokyo";
const ZONE_OFFSET_MS = 9 * 3600_000;
const HOUR = 3600_000;
const DAY = 24 * HOUR;

const LOCALE = "en-GB";
const withBrowser = browserRunner({ timezoneId: ZONE, locale: LOCALE });

/** `YYYY-MM-DD` and `HH:MM` of `t` in Tokyo. */
function tokyo(t: number): { day: string; time: string; input: string } {
  const iso = new Date(t + ZONE_OFFSET_MS).toISOString();
  return {
    day: iso.slice(0, 10),
    time: iso.slice(11, 16),
    input: iso.slice(0, 16),
  };
}

const MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");

/**
 * The day of `t` in Tokyo as a record's time writes it, with the year
 * (docs/dashboard.md#times): `29 Nov 2026` in en-GB, `Nov 29, 2026` in
 * en-US.
 */
function tokyoRecordDay(t: number, us = false): string {
  const d = new Date(t + ZONE_OFFSET_MS);
  const [day, month] = [d.getUTCDate(), MONTHS[d.getUTCMonth()]];
  return us
    ? `${month} ${day}, ${d.getUTCFullYear()}`
    : `${day} ${month} ${d.getUTCFullYear()}`;
}

async function job(page: Page, id: string) {
  return (await apiInPage(page, "GET", `/api/jobs/${id}`)).body;
}

async function schedule(page: Page, runAt: number, title: string) {
  const video = await uploadFixtureInPage(page, "portrait.mp4", {
    as: `${title}.mp4`,
  });
  const r = await apiInPage(page, "POST", "/api/jobs", {
    kind: "tiktok",
    run_at: new Date(runAt).toISOString(),
    source_url: video.url,
    title,
    privacy: "SELF_ONLY",
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return String(r.body.job_id);
}

Deno.test("calendar: the week named in words, drag to another day, edit, a refused edit in local time, cancel asked first", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "calendar_user");
    const d = midWeekDay(server.clock.now());
    const at = (day: number, hours: number) =>
      day - ZONE_OFFSET_MS + hours * HOUR; // Tokyo wall clock → instant
    const runAt = at(d, 10);
    const otherAt = at(d, 18);
    const id = await schedule(page, runAt, "first");
    const other = await schedule(page, otherAt, "second");
    await page.goto(`${server.url}/dashboard/calendar`);
    await waitForAllIslands(page);
    if (!(await shownOncePlaced(page.locator(`[data-entry="${id}"]`)))) {
      await page.getByRole("button", { name: "Next" }).click();
    }

    const entry = page.locator(`[data-entry="${id}"]`);
    const dayOf = async () =>
      await entry.evaluate((e) =>
        e.closest("[data-day]")!.getAttribute("data-day")
      );
    assert.equal(await dayOf(), tokyo(runAt).day, "on its day in Tokyo");
    // The week is named in words, as the dashboard writes days: its
    // Monday in Tokyo, "Mon 30 Nov" (the year only when not this one).
    const monday = d - ((new Date(d).getUTCDay() + 6) % 7) * DAY;
    const thisYear = new Date(server.clock.now() + ZONE_OFFSET_MS)
      .getUTCFullYear();
    assert.equal(
      (await page.getByTestId("calendar-label").textContent())?.trim(),
      `Week of ${
        new Date(monday).toLocaleDateString(LOCALE, {
          weekday: "short",
          day: "numeric",
          month: "short",
          year: new Date(monday).getUTCFullYear() === thisYear
            ? undefined
            : "numeric",
          timeZone: "UTC",
        })
      }`,
    );
    assert.match(
      await page.getByTestId("calendar-label").textContent() ?? "",
      // With a year, en-GB puts a comma after the weekday: "Mon, 4 Jan
      // 2027" (a week of next year, seen on 31 December).
      /^Week of Mon( \d{1,2} [A-Z][a-z]{2}|, \d{1,2} [A-Z][a-z]{2} \d{4})$/,
    );
    assert.equal(
      (await entry.locator("time").textContent())?.trim(),
      tokyo(runAt).time,
      "at its time in Tokyo",
    );

    // Drag to the next day: the same time of day, a day later.
    const target = page.locator(`[data-day="${tokyo(runAt + DAY).day}"]`);
    await entry.dragTo(target);
    const status = page.getByTestId("calendar-status");
    await status.filter({ hasText: "Rescheduled" }).waitFor();
    // The new time in the dashboard's one format, in Tokyo's time: a day
    // ahead, so with the day ("Thu 4 Dec, 10:00").
    const moved = new Date(runAt + DAY).toISOString();
    assert.equal(
      (await status.textContent())?.trim(),
      `Rescheduled “first” to ${
        localWhen(moved, new Date(), { locale: LOCALE, timeZone: ZONE })
      }.`,
    );
    assert.match(
      await status.textContent() ?? "",
      new RegExp(`, ${tokyo(runAt + DAY).time}\\.$`),
      "the day and Tokyo's time of day",
    );
    assert.equal(
      (await job(page, id)).run_at,
      new Date(runAt + DAY).toISOString(),
    );
    assert.equal(await dayOf(), tokyo(runAt + DAY).day);

    // Edit: a new time and caption.
    const edited = runAt + DAY + 2 * HOUR;
    await entry.getByTestId("entry-edit").click();
    const form = entry.getByTestId("entry-form");
    await form.getByLabel(`Date and time in ${ZONE}`).fill(
      tokyo(edited).input,
    );
    await form.getByLabel("Caption").fill("first, edited");
    await form.getByRole("button", { name: "Save" }).click();
    await form.waitFor({ state: "detached" });
    const after = await job(page, id);
    assert.equal(after.run_at, new Date(edited).toISOString());
    assert.equal(after.title, "first, edited");

    // Within an hour of the other job: refused, its time in Tokyo's.
    const otherEntry = page.locator(`[data-entry="${other}"]`);
    await entry.getByTestId("entry-edit").click();
    await form.getByLabel(`Date and time in ${ZONE}`).fill(
      tokyo(otherAt + 30 * 60_000).input,
    );
    await form.getByRole("button", { name: "Save" }).click();
    const error = form.getByTestId("entry-form-refused");
    await error.filter({ hasText: "1 per hour" }).waitFor();
    const message = await error.textContent() ?? "";
    // The conflicting time and the next free one (an hour after it), in
    // the dashboard's one format for instants.
    const when = (t: number) =>
      localWhen(new Date(t).toISOString(), new Date(), {
        locale: LOCALE,
        timeZone: ZONE,
      });
    assert.equal(
      message,
      `Another post of this account is made or scheduled at ${
        when(otherAt)
      }, less than an hour from the time asked for: TikTok posts are limited to 1 per hour. Next free: ${
        when(otherAt + HOUR)
      }.`,
    );
    assert.ok(message.includes(tokyo(otherAt).time), "Tokyo's time of day");
    assert.equal((await job(page, id)).run_at, new Date(edited).toISOString());
    await entry.getByTestId("entry-edit").click(); // closes the form

    // Cancel: asked first; "Keep it" keeps it.
    await otherEntry.waitFor();
    await otherEntry.getByTestId("entry-cancel").click();
    const confirm = otherEntry.getByTestId("entry-cancel-confirm");
    await confirm.waitFor();
    assert.equal(
      await confirm.getAttribute("aria-label"),
      "Cancel this scheduled post?",
    );
    await otherEntry.getByTestId("entry-cancel-no").click();
    await confirm.waitFor({ state: "detached" });
    assert.equal((await job(page, other)).state, "scheduled");
    await otherEntry.getByTestId("entry-cancel").click();
    await otherEntry.getByTestId("entry-cancel-yes").click();
    await otherEntry.waitFor({ state: "detached" });
    assert.equal((await job(page, other)).state, "cancelled");
    assert.match(
      await page.getByTestId("calendar-status").textContent() ?? "",
      /Cancelled “second”/,
    );

    // The month view shows the moved post too.
    await page.getByRole("button", { name: "Month" }).click();
    await page.locator("[data-testid=calendar][data-view=month]").waitFor();
    // The month shown is the week's; D + 1 may be in the one before or after.
    for (const step of ["Next", "Previous", "Previous"]) {
      if (await entry.isVisible()) break;
      await page.getByRole("button", { name: step }).click();
    }
    assert.equal(await dayOf(), tokyo(edited).day);
    // A day of the month opens its week.
    await page.locator(`[data-day="${tokyo(edited).day}"] h3 button`).click();
    await page.locator("[data-testid=calendar][data-view=week]").waitFor();
    assert.equal(await dayOf(), tokyo(edited).day);
    // The one answer Chromium logs: the refused edit's 429 (interval_limit).
    watched.watch.assertClean({
      allowConsole: [
        /status of 429 \(Too Many Requests\) \(at [^)]*\/api\/jobs\//,
      ],
    });
  });
});

/** Opens the calendar and shows the entry of post or job `id`. */
/**
 * Day D, as Tokyo's midnight in UTC terms: the first Monday to Thursday in
 * Tokyo after today, so D and D + 1 are in one week (weeks start on
 * Monday) whatever day and hour the test runs.
 */
function midWeekDay(now: number): number {
  let d = Math.floor((now + ZONE_OFFSET_MS) / DAY) * DAY + DAY;
  while (![1, 2, 3, 4].includes(new Date(d).getUTCDay())) d += DAY;
  return d;
}

async function calendarEntry(page: Page, origin: string, id: string) {
  await page.goto(`${origin}/dashboard/calendar`);
  await waitForAllIslands(page);
  const entry = page.locator(`[data-entry="${id}"]`);
  await showCalendarEntry(page, entry);
  return entry;
}

/** The account's posts as `GET /api/tiktok/posts` lists them. */
async function listedPosts(page: Page) {
  return (await apiInPage(page, "GET", "/api/tiktok/posts")).body.posts as {
    post_id: string;
    publish_id: string;
    state: string;
    created_at: string;
  }[];
}

/** A box's edges, to judge where a thing lies in the page. */
async function boxOf(locator: ReturnType<Page["locator"]>) {
  const box = await locator.boundingBox();
  assert.ok(box, "shown");
  return { ...box, right: box.x + box.width, bottom: box.y + box.height };
}

Deno.test("calendar: each post shows its picture, small, beside its time within its day at 375 and 1280 px, and a post with no caption reads No caption, its buttons named by its kind", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "calendar_pictures");
    const at = server.clock.now() + 3 * HOUR;
    const videoId = await schedule(page, at, "Harbour at dusk");
    const video = (await job(page, videoId)).source_url as string;
    const album = await scheduleAlbum(page, at + 2 * HOUR);
    const videoEntry = await calendarEntry(page, server.url, videoId);
    const frame = videoEntry.locator("video.thumb");
    assert.equal((await frame.getAttribute("src"))?.split("#")[0], video);
    await page.waitForFunction(
      (el) => (el as HTMLVideoElement).readyState >= 1,
      await frame.elementHandle(),
    );
    const photoEntry = page.locator(`[data-entry="${album.id}"]`);
    await showCalendarEntry(page, photoEntry);
    const picture = photoEntry.locator("img.thumb");
    assert.equal(await picture.getAttribute("src"), album.photo);
    assert.equal(await picture.getAttribute("alt"), "");
    await page.waitForFunction(
      (el) => (el as HTMLImageElement).naturalWidth > 0,
      await picture.elementHandle(),
    );
    // Not a time alone: "No caption", and buttons named by its kind.
    assert.equal(
      (await photoEntry.locator(".caption").innerText()).trim(),
      "No caption",
    );
    await photoEntry.getByRole("button", {
      name: new RegExp(`^Edit photo post, .+, ${tokyo(at + 2 * HOUR).time}$`),
    }).waitFor();
    await photoEntry.getByRole("button", {
      name: new RegExp(`^Cancel post photo post, `),
    }).waitFor();

    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      for (const entry of [videoEntry, photoEntry]) {
        await showCalendarEntry(page, entry);
        const thumb = await boxOf(entry.locator(".thumb"));
        const box = await boxOf(entry);
        const day = await boxOf(entry.locator("xpath=ancestor::li[1]"));
        const time = await boxOf(entry.locator("time"));
        const cancel = await boxOf(entry.getByTestId("entry-cancel"));
        const where = `at ${width} px`;
        // Small, inside its entry, its time beside it, its actions below.
        assert.ok(thumb.width <= 40 && thumb.height <= 70, where);
        assert.ok(
          thumb.x >= box.x && thumb.right <= box.right &&
            thumb.y >= box.y && thumb.bottom <= box.bottom,
          `the picture inside its entry ${where}`,
        );
        assert.ok(
          box.x >= day.x && box.right <= day.right,
          `the entry inside its day ${where}`,
        );
        assert.ok(time.x >= thumb.right, `the time beside it ${where}`);
        assert.ok(cancel.y >= thumb.bottom, `Cancel post below it ${where}`);
      }
      assert.ok(
        await page.evaluate(() =>
          document.documentElement.scrollWidth <=
            document.documentElement.clientWidth
        ),
        `no sideways scroll at ${width} px`,
      );
    }
    // A phone's month shows times only: no pictures there.
    await page.setViewportSize({ width: 375, height: 900 });
    await page.getByRole("button", { name: "Month" }).click();
    await page.locator("[data-testid=calendar][data-view=month]").waitFor();
    assert.equal(await videoEntry.locator(".thumb").isVisible(), false);
    watched.watch.assertClean();
  });
});

Deno.test("calendar: cancelling a post with no caption says which went by its kind, day and time, as its Cancel post names it, not just the post", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "calendar_cancel_kind");
    const album = await scheduleAlbum(page, server.clock.now() + 3 * HOUR);
    const entry = await calendarEntry(page, server.url, album.id);
    const name = (await entry.getByTestId("entry-edit").textContent() ?? "")
      .replace(/^Edit /, "");
    assert.match(name, /^photo post, /);
    await entry.getByTestId("entry-cancel").click();
    await entry.getByTestId("entry-cancel-yes").click();
    await entry.waitFor({ state: "detached" });
    assert.equal(
      await page.getByTestId("calendar-status").textContent(),
      `Cancelled the ${name}.`,
    );
    watched.watch.assertClean();
  });
});

Deno.test("calendar: a post with no caption given a new time is said Rescheduled as the photo post, not the post", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "calendar_reschedule_kind");
    const first = server.clock.now() + 3 * HOUR;
    const album = await scheduleAlbum(page, first);
    const entry = await calendarEntry(page, server.url, album.id);
    await entry.getByTestId("entry-edit").click();
    const form = entry.getByTestId("entry-form");
    const later = first + HOUR;
    const field = form.getByLabel(`Date and time in ${ZONE}`);
    await field.fill(tokyo(later).input);
    await field.press("Enter");
    const status = page.getByTestId("calendar-status");
    await status.filter({ hasText: "Rescheduled" }).waitFor();
    const moved = new Date(Math.floor(later / 60_000) * 60_000).toISOString();
    assert.equal(
      (await status.textContent())?.trim(),
      `Rescheduled the photo post to ${
        localWhen(moved, new Date(), { locale: LOCALE, timeZone: ZONE })
      }.`,
    );
    watched.watch.assertClean();
  });
});

Deno.test("calendar: Save says what changed, the caption, the time or both, naming the post by its new caption", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "calendar_saved_words");
    // 10:00 in Tokyo on day D: the two saves below move it an hour each,
    // never out of the week shown (from now + 3 h it crossed into the next
    // week on Sunday afternoons, UTC).
    const first = midWeekDay(server.clock.now()) - ZONE_OFFSET_MS + 10 * HOUR;
    const id = await schedule(page, first, "old caption");
    const entry = await calendarEntry(page, server.url, id);
    const form = entry.getByTestId("entry-form");
    const status = page.getByTestId("calendar-status");
    const save = async (change: { at?: number; caption?: string }) => {
      await entry.getByTestId("entry-edit").click();
      if (change.at !== undefined) {
        await form.getByLabel(`Date and time in ${ZONE}`).fill(
          tokyo(change.at).input,
        );
      }
      if (change.caption !== undefined) {
        await form.getByLabel("Caption").fill(change.caption);
      }
      await form.getByRole("button", { name: "Save" }).click();
      await form.waitFor({ state: "detached" });
      await status.filter({ hasText: /\S/ }).waitFor();
      return (await status.textContent())?.trim();
    };
    const when = (t: number) =>
      localWhen(
        new Date(Math.floor(t / 60_000) * 60_000).toISOString(),
        new Date(),
        { locale: LOCALE, timeZone: ZONE },
      );

    // The caption alone: nothing was rescheduled.
    assert.equal(
      await save({ caption: "new caption" }),
      "Changed the caption of “new caption”.",
    );
    // The time alone.
    const later = first + HOUR;
    assert.equal(
      await save({ at: later }),
      `Rescheduled “new caption” to ${when(later)}.`,
    );
    // Both: the post named as it now is, not by its old caption.
    const latest = later + HOUR;
    assert.equal(
      await save({ at: latest, caption: "newest caption" }),
      `Rescheduled “newest caption” to ${
        when(latest)
      } and changed its caption.`,
    );
    const after = await job(page, id);
    assert.equal(after.title, "newest caption");
    assert.equal(
      Date.parse(String(after.run_at)),
      Math.floor(latest / 60_000) * 60_000,
    );
    watched.watch.assertClean();
  });
});

Deno.test("calendar by keyboard: Enter in the edit form's time field saves a time on the same day, and focus goes to what was done, not to the page's start", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "calendar_enter_saves");
    const first = server.clock.now() + 3 * HOUR;
    const id = await schedule(page, first, "first");
    const entry = await calendarEntry(page, server.url, id);
    await entry.getByTestId("entry-edit").focus();
    await page.keyboard.press("Enter");
    const form = entry.getByTestId("entry-form");
    // A minute on, on the same day: the post stays where it is, only its
    // form closes.
    const sameDay = tokyo(first + 60_000).day === tokyo(first).day
      ? first + 60_000
      : first - 60_000;
    const field = form.getByLabel(`Date and time in ${ZONE}`);
    await field.fill(tokyo(sameDay).input);
    await field.focus();
    await page.keyboard.press("Enter");
    await form.waitFor({ state: "detached" });
    assert.equal(
      await entry.evaluate((e) =>
        e.closest("[data-day]")!.getAttribute("data-day")
      ),
      tokyo(sameDay).day,
    );
    await waitForFocusOn(page, "calendar-status", "after Enter saved");
    assert.match(
      await page.getByTestId("calendar-status").textContent() ?? "",
      /^Rescheduled “first”/,
    );
    watched.watch.assertClean();
  });
});

Deno.test("calendar by keyboard: after Save or Cancel focus goes to what was done, after a refused Save back to Save, and a month's day opens its week with focus on the week's name", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "calendar_keys");
    const first = server.clock.now() + 3 * HOUR;
    const second = server.clock.now() + 8 * HOUR;
    const id = await schedule(page, first, "first");
    const other = await schedule(page, second, "second");
    const entry = await calendarEntry(page, server.url, id);
    const enterOn = async (locator: ReturnType<Page["locator"]>) => {
      await locator.focus();
      await page.keyboard.press("Enter");
    };

    // Refused (within an hour of the other post): the form stays, and
    // focus is back on Save once it is enabled again.
    await enterOn(entry.getByTestId("entry-edit"));
    const form = entry.getByTestId("entry-form");
    const field = form.getByLabel(`Date and time in ${ZONE}`);
    await field.fill(tokyo(second + 30 * 60_000).input);
    const save = form.getByRole("button", { name: "Save" });
    await enterOn(save);
    await form.getByTestId("entry-form-refused").filter({
      hasText: "1 per hour",
    }).waitFor();
    await page.waitForFunction(() =>
      document.activeElement?.textContent === "Save"
    ).catch(async () =>
      assert.fail(`focus is on ${await focusedTestId(page)}, not Save`)
    );

    // Saved, the form goes: focus goes to the announcement.
    await field.fill(tokyo(first + HOUR).input);
    await enterOn(save);
    await form.waitFor({ state: "detached" });
    await waitForFocusOn(page, "calendar-status", "after Save");
    assert.match(
      await page.getByTestId("calendar-status").textContent() ?? "",
      /^Rescheduled “first”/,
    );

    // Cancelled, the post leaves the calendar with its buttons.
    const otherEntry = page.locator(`[data-entry="${other}"]`);
    await showCalendarEntry(page, otherEntry);
    await enterOn(otherEntry.getByTestId("entry-cancel"));
    await waitForFocusOn(page, "entry-cancel-no", "the question");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Enter");
    await otherEntry.waitFor({ state: "detached" });
    await waitForFocusOn(page, "calendar-status", "after Cancel");

    // A day of the month opens its week; the month's buttons are gone.
    await enterOn(page.getByRole("button", { name: "Month" }));
    await page.locator("[data-testid=calendar][data-view=month]").waitFor();
    const day = page.locator(`[data-day="${tokyo(first).day}"] h3 button`);
    await showCalendarEntry(page, day);
    await enterOn(day);
    await page.locator("[data-testid=calendar][data-view=week]").waitFor();
    await waitForFocusOn(page, "calendar-label", "after opening a week");
    // The refused edit's 429 (interval_limit), which Chromium logs.
    watched.watch.assertClean({
      allowConsole: [
        /status of 429 \(Too Many Requests\) \(at [^)]*\/api\/jobs\//,
      ],
    });
  });
});

/** Whether `locator` is wholly inside the window, as shown now. */
function inView(locator: ReturnType<Page["locator"]>) {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight;
  });
}

Deno.test("calendar: a time the limits refuse is said in the open edit form beside Save, in view, the time field marked invalid and described by it, focus kept on Save", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "calendar_refused_here");
    const first = server.clock.now() + 3 * HOUR;
    const second = server.clock.now() + 8 * HOUR;
    const id = await schedule(page, first, "first");
    await schedule(page, second, "second");
    // A phone's window: the days stack, the card's top far above a post.
    await page.setViewportSize({ width: 375, height: 700 });
    const entry = await calendarEntry(page, server.url, id);
    await entry.getByTestId("entry-edit").focus();
    await page.keyboard.press("Enter");
    const form = entry.getByTestId("entry-form");
    // The form's place is there, empty, before Save: its refusal is an
    // alert, heard once (in no polite region, docs/dashboard.md).
    const region = form.locator("[id$=-refused]:not([aria-live])");
    assert.equal(await region.count(), 1);
    assert.equal(await region.textContent(), "");

    const field = form.getByLabel(`Date and time in ${ZONE}`);
    await field.fill(tokyo(second + 30 * 60_000).input);
    const save = form.getByRole("button", { name: "Save" });
    await save.focus();
    await page.keyboard.press("Enter");
    const refusal = form.locator(
      "[id$=-refused] [role=alert][data-testid=entry-form-refused]",
    );
    await refusal.filter({ hasText: "1 per hour" }).waitFor();
    const message = await refusal.textContent() ?? "";
    assert.match(message, /^Another post of this account is made or sched/);
    assert.ok(await inView(refusal), "the refusal is in view, by the form");
    assert.equal(
      await page.getByTestId("calendar-error").textContent(),
      "",
      "not atop the calendar",
    );
    // The time is what was refused: marked, and described by why.
    assert.equal(await field.getAttribute("aria-invalid"), "true");
    assert.ok(
      (await describedByText(field)).includes(message),
      "the field is described by the refusal",
    );
    assert.ok((await describedByText(save)).includes(message));
    await page.waitForFunction(() =>
      document.activeElement?.textContent === "Save"
    ).catch(async () =>
      assert.fail(`focus is on ${await focusedTestId(page)}, not Save`)
    );
    // A new time is no longer marked as refused.
    await field.fill(tokyo(first + HOUR).input);
    assert.equal(await field.getAttribute("aria-invalid"), "false");
    watched.watch.assertClean({
      allowConsole: [
        /status of 429 \(Too Many Requests\) \(at [^)]*\/api\/jobs\//,
      ],
    });
  });
});

Deno.test("calendar: a post cancelled in another tab is refused in a creator's words on Save and on Cancel post, beside it, and the calendar then shows it cancelled", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "calendar_other_tab");
    const edited = await schedule(page, server.clock.now() + 3 * HOUR, "one");
    const cancelled = await schedule(
      page,
      server.clock.now() + 6 * HOUR,
      "two",
    );
    await page.goto(`${server.url}/dashboard/calendar`);
    await waitForAllIslands(page);
    const CANCELLED_ELSEWHERE =
      "This scheduled post was already cancelled, in another tab or by an automation: it will not be posted, and can no longer be changed.";

    // Save on a post cancelled meanwhile: the form goes with the post's
    // scheduled state, the refusal is said beside the post, now Cancelled.
    const one = page.locator(`[data-entry="${edited}"]`);
    await showCalendarEntry(page, one);
    await one.getByTestId("entry-edit").focus();
    await page.keyboard.press("Enter");
    const form = one.getByTestId("entry-form");
    await form.getByLabel("Caption").fill("one, edited");
    const gone = await apiInPage(page, "DELETE", `/api/jobs/${edited}`);
    assert.equal(gone.status, 200, "cancelled, as in another tab");
    await form.getByRole("button", { name: "Save" }).focus();
    await page.keyboard.press("Enter");
    const saidOne = one.locator("[role=alert][data-testid=entry-refused]");
    await saidOne.waitFor();
    assert.equal(await saidOne.textContent(), CANCELLED_ELSEWHERE);
    await form.waitFor({ state: "detached" });
    assert.equal(await one.getAttribute("data-state"), "cancelled");
    assert.equal(
      (await one.locator(".state").textContent())?.trim(),
      "Cancelled",
    );
    assert.equal(
      await one.getByRole("button").count(),
      0,
      "no Edit, no Cancel",
    );
    assert.ok(await inView(saidOne));
    await waitForFocusOn(page, "entry-refused", "after the refused Save");

    // Cancel post on a post cancelled meanwhile: the same.
    const two = page.locator(`[data-entry="${cancelled}"]`);
    await showCalendarEntry(page, two);
    await two.getByTestId("entry-cancel").focus();
    await page.keyboard.press("Enter");
    await apiInPage(page, "DELETE", `/api/jobs/${cancelled}`);
    await two.getByTestId("entry-cancel-yes").click();
    const saidTwo = two.getByTestId("entry-refused");
    await saidTwo.waitFor();
    assert.equal(await saidTwo.textContent(), CANCELLED_ELSEWHERE);
    assert.equal(await two.getAttribute("data-state"), "cancelled");
    assert.equal(await two.getByRole("button").count(), 0);
    // The first refusal is done with: its cancelled post leaves.
    await one.waitFor({ state: "detached" });
    assert.equal(await page.getByTestId("calendar-error").textContent(), "");
    watched.watch.assertClean({
      allowConsole: [/status of 409 \(Conflict\)/],
    });
  });
});

Deno.test("calendar: a post that ran while its edit form was open is refused beside the post it made, shown once", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "calendar_ran_meanwhile");
    const runAt = Math.ceil((server.clock.now() + 3 * HOUR) / 60_000) *
      60_000;
    const id = await schedule(page, runAt, "ran meanwhile");
    const entry = await calendarEntry(page, server.url, id);
    await entry.getByTestId("entry-edit").click();
    const form = entry.getByTestId("entry-form");
    await form.getByLabel("Caption").fill("too late to edit");

    // Its time comes while the form is open: the job runs and posts.
    server.clock.set(runAt);
    assert.deepEqual(
      await runDueJobs(server.deps, { horizonMs: 0 }),
      { posted: 1, failed: 0 },
    );
    await form.getByRole("button", { name: "Save" }).click();
    const said = page.getByTestId("entry-refused");
    await said.waitFor();
    assert.equal(
      await said.textContent(),
      "This post was already sent to TikTok: it can no longer be changed or cancelled.",
    );
    // Beside the post the job made, and the post is on the calendar once.
    const post = page.locator("li.entry", { has: said });
    assert.notEqual(await post.getAttribute("data-entry"), id);
    assert.equal(await page.locator(`[data-entry="${id}"]`).count(), 0);
    assert.equal(
      await page.locator("li.entry", { hasText: "ran meanwhile" }).count(),
      1,
    );
    assert.equal(await page.getByTestId("calendar-error").textContent(), "");
    watched.watch.assertClean({
      allowConsole: [/status of 409 \(Conflict\)/],
    });
  });
});

Deno.test("calendar: back from another tab, a post that ran meanwhile shows as posted, with no Edit or Cancel post, without a reload", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "calendar_back_from_tab");
    const runAt = Math.ceil((server.clock.now() + 3 * HOUR) / 60_000) *
      60_000;
    const id = await schedule(page, runAt, "ran while away");
    const entry = await calendarEntry(page, server.url, id);
    assert.equal(await entry.getAttribute("data-state"), "scheduled");

    // The creator looks at TikTok in another tab; the post's time comes.
    const other = await page.context().newPage();
    await other.goto(`${server.url}/dashboard/posts`);
    server.clock.set(runAt);
    assert.deepEqual(
      await runDueJobs(server.deps, { horizonMs: 0 }),
      { posted: 1, failed: 0 },
    );
    // Back on the calendar's tab: the window gets focus again.
    await other.close();
    await page.bringToFront();
    await page.evaluate(() => dispatchEvent(new Event("focus")));
    const made = page.locator("li.entry", { hasText: "ran while away" });
    await page.locator(`[data-entry="${id}"]`).waitFor({ state: "detached" });
    assert.equal(await made.count(), 1, "the post made is shown once");
    assert.notEqual(await made.getAttribute("data-state"), "scheduled");
    assert.equal(await made.getByTestId("entry-edit").count(), 0);
    assert.equal(await made.getByTestId("entry-cancel").count(), 0);
    assert.equal(await page.getByTestId("calendar-error").textContent(), "");
    watched.watch.assertClean();
  });
});

Deno.test("calendar: Tab from Edit goes into its form; Close closes it unsaved with focus back on its Edit, and the post's own cancel is named Cancel post", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "calendar_close");
    const id = await schedule(page, server.clock.now() + 3 * HOUR, "kept");
    const entry = await calendarEntry(page, server.url, id);
    await entry.getByTestId("entry-edit").focus();
    await page.keyboard.press("Enter");
    const form = entry.getByTestId("entry-form");
    await form.waitFor();
    await page.keyboard.press("Tab");
    assert.equal(
      await form.evaluate((f) => f.contains(document.activeElement)),
      true,
      "the form's first field, not Cancel post",
    );
    await form.getByLabel("Caption").fill("not saved");
    assert.deepEqual(
      await form.getByRole("button").allTextContents(),
      ["Save", "Close"],
    );
    // The post's cancel says what it cancels: not the form.
    assert.match(
      await entry.getByTestId("entry-cancel").textContent() ?? "",
      /^Cancel post “kept”/,
    );
    await form.getByRole("button", { name: "Close" }).focus();
    await page.keyboard.press("Enter");
    await form.waitFor({ state: "detached" });
    await waitForFocusOn(page, "entry-edit", "after Close");
    assert.equal(
      await entry.getByTestId("entry-edit").getAttribute("aria-expanded"),
      "false",
    );
    const job = (await apiInPage(page, "GET", `/api/jobs/${id}`)).body;
    assert.equal(job.title, "kept", "closed unsaved");
    assert.equal(job.state, "scheduled");
    watched.watch.assertClean();
  });
});

Deno.test("calendar: each day is named with its month, and each scheduled post's Edit and Cancel post with its caption, day and time, so a screen reader tells them apart", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "calendar_names");
    const first = server.clock.now() + 3 * HOUR;
    const second = server.clock.now() + 30 * HOUR;
    await schedule(page, first, "first");
    await schedule(page, second, "second");
    await page.goto(`${server.url}/dashboard/calendar`);
    await waitForAllIslands(page);
    const part = (t: number, o: Intl.DateTimeFormatOptions) =>
      new Date(t).toLocaleDateString(LOCALE, { ...o, timeZone: ZONE });
    /** "Thu 4 Dec": the day heading, weekday and date shown, month heard. */
    const dayName = (t: number) =>
      `${part(t, { weekday: "short" })} ${part(t, { day: "numeric" })} ${
        part(t, { month: "short" })
      }`;
    /** The day as every date of the dashboard is written (en-GB). */
    const written = (t: number) =>
      part(t, {
        weekday: "short",
        day: "numeric",
        month: "short",
        year: part(t, { year: "numeric" }) ===
            part(Date.now(), { year: "numeric" })
          ? undefined
          : "numeric",
      });
    for (const [t, title] of [[first, "first"], [second, "second"]] as const) {
      const day = page.locator(`[data-day="${tokyo(t).day}"]`);
      await showCalendarEntry(page, day.locator("li.entry"));
      // Shown "Thu 4", heard "Thu 4 Dec": a week may cross months.
      await day.getByRole("heading", { name: dayName(t), exact: true })
        .waitFor();
      const name = `“${title}”, ${written(t)}, ${tokyo(t).time}`;
      await day.getByRole("button", { name: `Edit ${name}`, exact: true })
        .waitFor();
      await day.getByRole("button", {
        name: `Cancel post ${name}`,
        exact: true,
      }).waitFor();
    }
    await page.getByRole("button", { name: "Month" }).click();
    // The month shown is the second's week's, which need not hold the
    // first's day (a month's last Sunday, the second's week in the next).
    await showCalendarEntry(
      page,
      page.locator(`[data-day="${tokyo(first).day}"] li.entry`),
    );
    await page.getByRole("button", {
      name: `${dayName(first)}: show its week`,
      exact: true,
    }).waitFor();
    watched.watch.assertClean();
  });
});

Deno.test("calendar in German: the week's title, the day headings and each post's button names write days in the browser's language alike", async () => {
  await browserRunner({ timezoneId: "Europe/Berlin", locale: "de-DE" })(
    async (run) => {
      const { server, page, watched } = run;
      await signInWithPlan(run, "calendar_deutsch");
      const at = Math.ceil((server.clock.now() + 30 * HOUR) / 60_000) *
        60_000;
      const id = await schedule(page, at, "abends");
      const entry = await calendarEntry(page, server.url, id);
      // What the browser itself writes for that day, in its language: with
      // the year when it is not this one (30 hours on from 30 December).
      const day = await page.evaluate(
        (t) => ({
          written: new Date(t).toLocaleDateString(undefined, {
            weekday: "short",
            day: "numeric",
            month: "short",
            year: new Date(t).getFullYear() === new Date().getFullYear()
              ? undefined
              : "numeric",
          }),
          weekday: new Date(t).toLocaleDateString(undefined, {
            weekday: "short",
          }),
        }),
        at,
      );
      assert.match(
        String(
          await entry.getByTestId("entry-edit").getAttribute("aria-label") ??
            await entry.getByTestId("entry-edit").textContent(),
        ),
        new RegExp(`“abends”, ${escapeRegExp(day.written)}, `),
      );
      const heading = page.locator("li.day", { has: entry }).locator("h3");
      assert.match(
        String(await heading.textContent()),
        new RegExp(`^${escapeRegExp(day.weekday)} `),
      );
      const title = String(await page.locator("h2").first().textContent());
      assert.match(title, /^Week of /);
      // No English day or month name beside the German ones.
      for (const text of [title, String(await heading.textContent())]) {
        assert.doesNotMatch(text, /\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b/);
      }
      watched.watch.assertClean();
    },
  );
});

Deno.test("calendar: a published post is on its local day and time, marked published, and cannot be moved", async () => {
  // The server's day starts at 15:00 UTC (00:00 in Tokyo): the posts made
  // an hour or two later are on the next day in Tokyo, not on UTC's.
  const start = new Date();
  start.setUTCHours(15, 0, 0, 0);
  if (start.getTime() < Date.now()) start.setTime(start.getTime() + DAY);
  await browserRunner({ timezoneId: ZONE, locale: LOCALE }, {
    clock: new ManualClock(start),
  })(async (run) => {
    const { server, page, watched } = run;
    const seeded = await signInToSeededDashboard(run, "calendar_published");
    const posts = await listedPosts(page);
    const published = posts.find((p) =>
      p.publish_id === seeded.publishedPublishId
    );
    assert.ok(published, "the published post is listed");
    assert.equal(published.state, "done", "TikTok published it");
    const failed = posts.find((p) => p.publish_id === seeded.failedPublishId);
    assert.equal(failed?.state, "failed");
    const at = Date.parse(published.created_at);
    assert.notEqual(
      tokyo(at).day,
      published.created_at.slice(0, 10),
      "Tokyo's day is not UTC's: the test tells them apart",
    );

    const entry = await calendarEntry(page, server.url, published.post_id);
    assert.equal(
      await entry.evaluate((e) =>
        e.closest("[data-day]")!.getAttribute("data-day")
      ),
      tokyo(at).day,
      "on its day in Tokyo",
    );
    assert.equal(
      (await entry.locator("time").textContent())?.trim(),
      tokyo(at).time,
      "at its time in Tokyo",
    );
    assert.equal(await entry.getAttribute("data-state"), "published");
    assert.equal(
      (await entry.locator(".state").textContent())?.trim(),
      "Published",
    );
    assert.match(
      await entry.textContent() ?? "",
      /A morning walk through the old town/,
    );
    // A post made is history: no drag, no edit, no cancel.
    assert.equal(await entry.getAttribute("draggable"), "false");
    assert.equal(await entry.getByTestId("entry-edit").count(), 0);
    assert.equal(await entry.getByTestId("entry-cancel").count(), 0);

    // The failed post is there too, as failed; the scheduled ones as such.
    const failedEntry = page.locator(`[data-entry="${failed!.post_id}"]`);
    await showCalendarEntry(page, failedEntry);
    assert.equal(await failedEntry.getAttribute("data-state"), "failed");
    const scheduled = page.locator(`[data-entry="${seeded.jobIds[0]}"]`);
    await showCalendarEntry(page, scheduled);
    assert.equal(await scheduled.getAttribute("data-state"), "scheduled");

    // The month view marks it published on the same day.
    await page.getByRole("button", { name: "Month" }).click();
    await page.locator("[data-testid=calendar][data-view=month]").waitFor();
    await showCalendarEntry(page, entry);
    assert.equal(
      await entry.evaluate((e) =>
        e.closest("[data-day]")!.getAttribute("data-day")
      ),
      tokyo(at).day,
    );
    assert.equal(await entry.getAttribute("data-state"), "published");
    watched.watch.assertClean();
  });
});

Deno.test("calendar: on a phone's month each post's state shows as a mark beside its time, not by colour alone, explained under the month, and is heard in words", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const seeded = await signInToSeededDashboard(run, "calendar_phone_marks");
    const posts = await listedPosts(page);
    const idOf = (publishId: string | null) =>
      posts.find((p) => p.publish_id === publishId)!.post_id;
    await page.setViewportSize({ width: 375, height: 700 });
    await page.goto(`${server.url}/dashboard/calendar`);
    await waitForAllIslands(page);
    await page.getByRole("button", { name: "Month" }).click();
    await page.locator("[data-testid=calendar][data-view=month]").waitFor();
    const shown: Record<string, { mark: string; heard: string }> = {};
    for (
      const [id, state, words] of [
        [idOf(seeded.publishedPublishId), "published", "Published"],
        [idOf(seeded.failedPublishId), "failed", "Failed"],
        [seeded.jobIds[0], "scheduled", "Scheduled"],
      ] as const
    ) {
      const entry = page.locator(`[data-entry="${id}"]`);
      await showCalendarEntry(page, entry);
      assert.equal(await entry.getAttribute("data-state"), state);
      const mark = await entry.evaluate((e) =>
        getComputedStyle(e, "::before").content
      );
      assert.ok(
        mark !== "none" && mark !== "normal" && mark !== '""',
        `a ${state} entry shows a mark, not its colour alone: ${mark}`,
      );
      // Only the times show, yet the state is in the page for a screen
      // reader, not removed with display: none.
      const heard = await entry.ariaSnapshot();
      assert.match(heard, new RegExp(words), `${state} is heard: ${heard}`);
      shown[state] = { mark, heard };
    }
    assert.equal(
      new Set(Object.values(shown).map((s) => s.mark)).size,
      3,
      `each state its own mark: ${JSON.stringify(shown)}`,
    );
    // What the marks mean is said under the month, to the eye only (a
    // screen reader hears the states); not under a week, nor a desk's month.
    const legend = page.locator(".calendar-legend");
    assert.ok(await legend.isVisible(), "the marks are explained");
    for (const [state, { mark }] of Object.entries(shown)) {
      // The computed content: `"✓ " / ""`, the mark then its alt text.
      const glyph = mark.match(/^"(\S+)/)![1];
      assert.match(
        await legend.innerText(),
        new RegExp(`${escapeRegExp(glyph)} ${state}`),
      );
    }
    assert.equal(await legend.getAttribute("aria-hidden"), "true");
    await page.getByRole("button", { name: "Week", exact: true }).click();
    assert.ok(!(await legend.isVisible()), "no legend under a week");
    await page.getByRole("button", { name: "Month", exact: true }).click();
    await page.setViewportSize({ width: 1100, height: 700 });
    assert.ok(!(await legend.isVisible()), "no legend where states are words");
    watched.watch.assertClean();
  });
});

Deno.test("calendar: on a 390 px phone's month every post's mark and time fit inside its day, 12- and 24-hour, and no day's heading wraps", async () => {
  for (const locale of ["en-US", "en-GB"]) {
    await browserRunner({ viewport: { width: 390, height: 844 }, locale })(
      async (run) => {
        const { server, page, watched } = run;
        const seeded = await signInToSeededDashboard(
          run,
          `calendar_fit_${locale.slice(3).toLowerCase()}`,
        );
        const posts = await listedPosts(page);
        const failed = posts.find((p) =>
          p.publish_id === seeded.failedPublishId
        )!;
        await page.goto(`${server.url}/dashboard/calendar`);
        await waitForAllIslands(page);
        await page.getByRole("button", { name: "Month" }).click();
        await page.locator("[data-testid=calendar][data-view=month]").waitFor();
        await showCalendarEntry(
          page,
          page.locator(`[data-entry="${failed.post_id}"]`),
        );
        const misfits = await page.locator("ol.calendar.month").evaluate(
          (month) => {
            const out: string[] = [];
            for (const entry of month.querySelectorAll("li.entry")) {
              const day = entry.closest("ol > li")!;
              const inner = day.getBoundingClientRect();
              const box = entry.getBoundingClientRect();
              const text = (entry as HTMLElement).innerText.trim();
              if (entry.scrollWidth > entry.clientWidth) {
                out.push(
                  `${text}: ${entry.scrollWidth} > ${entry.clientWidth}`,
                );
              }
              if (box.right > inner.right - 1 || box.left < inner.left + 1) {
                out.push(`${text}: past its day's border`);
              }
            }
            for (const h of month.querySelectorAll("h3")) {
              // One line each: the weekday above the date is by design.
              for (const part of h.querySelectorAll(".weekday, button")) {
                const el = part as HTMLElement;
                const line = parseFloat(getComputedStyle(el).lineHeight) ||
                  1.2 * parseFloat(getComputedStyle(el).fontSize);
                const lines = part.classList.contains("weekday") ? 1 : 2;
                if (el.getBoundingClientRect().height > lines * line + 2) {
                  out.push(`heading ${el.innerText} wraps`);
                }
              }
            }
            return out;
          },
        );
        assert.equal(
          await page.locator("ol.calendar.month li.entry").count() > 0,
          true,
        );
        assert.deepEqual(misfits, [], locale);
        watched.watch.assertClean();
      },
    );
  }
});

Deno.test("calendar: a post made links to its item on the posts page, where a failed one's reason and Post again are; a scheduled post has no link", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const seeded = await signInToSeededDashboard(run, "calendar_post_links");
    const posts = await listedPosts(page);
    const failedId = posts.find((p) =>
      p.publish_id === seeded.failedPublishId
    )!.post_id;
    const failed = await calendarEntry(page, server.url, failedId);
    const link = failed.getByRole("link", { name: "Sunset over the bay" });
    assert.equal(
      await link.getAttribute("href"),
      `/dashboard/posts?post=${failedId}#post-${failedId}`,
    );
    const scheduled = page.locator(`[data-entry="${seeded.jobIds[0]}"]`);
    await showCalendarEntry(page, scheduled);
    assert.equal(await scheduled.getByRole("link").count(), 0);

    await showCalendarEntry(page, failed);
    await link.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(
      `${server.url}/dashboard/posts?post=${failedId}#post-${failedId}`,
    );
    await waitForAllIslands(page);
    const item = page.locator("li.post-item:target");
    assert.equal(await item.getAttribute("data-post-id"), failedId);
    assert.equal(await item.getAttribute("data-state"), "failed");
    assert.ok(await item.getByTestId("fail-reason").isVisible());
    assert.ok(await item.getByTestId("post-again").isVisible());
    watched.watch.assertClean();
  });
});

Deno.test("calendar: a caption being edited is counted in TikTok's units and judged while typing, as in the composer; Save waits for a fix and says why", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "calendar_caption_user");
    const id = await schedule(page, server.clock.now() + 3 * HOUR, "tonight");
    const entry = await calendarEntry(page, server.url, id);
    await entry.getByTestId("entry-edit").click();
    const form = entry.getByTestId("entry-form");
    const caption = form.getByLabel("Caption");
    const save = form.getByRole("button", { name: "Save" });

    await caption.fill("Hi 👋");
    assert.equal(
      (await form.getByTestId("entry-title-count").textContent())?.trim(),
      "5 / 2,200",
      "an emoji is two UTF-16 units",
    );
    await caption.fill("Big C A S I N O night");
    const problem = form.locator(
      "[aria-live=polite] [data-testid=entry-title-problem][data-code=forbidden_word]",
    );
    await problem.waitFor();
    assert.equal(
      await problem.textContent(),
      'Caption contains forbidden content: "casino".',
    );
    assert.equal(await caption.getAttribute("aria-invalid"), "true");
    assert.ok(await save.isDisabled(), "a caption posting would refuse");
    assert.equal(
      await describedByText(save),
      'Caption contains forbidden content: "casino".',
      "disabled, Save says why",
    );

    // Look-alike letters are judged by the server, as in the composer.
    await caption.fill("Big night");
    await problem.waitFor({ state: "detached" });
    assert.ok(await save.isEnabled());
    await caption.fill("Big саsinо night");
    await problem.waitFor();
    assert.ok(await save.isDisabled());

    await caption.fill("Tonight, at last");
    await problem.waitFor({ state: "detached" });

    // A time that has passed is said beside the field; Save waits.
    const when = form.getByLabel(`Date and time in ${ZONE}`);
    const planned = await when.inputValue();
    await when.fill(tokyo(Date.now() - DAY).input);
    const passed = form.locator(
      "[aria-live=polite] [data-testid=entry-when-passed]",
    );
    assert.equal(
      await passed.textContent(),
      "That time has passed: pick a date and time in the future.",
    );
    assert.equal(await when.getAttribute("aria-invalid"), "true");
    assert.ok(await save.isDisabled(), "a past time cannot be saved");
    assert.equal(
      await describedByText(save),
      "That time has passed: pick a date and time in the future.",
    );
    await when.fill(planned);
    assert.equal(await passed.count(), 0);

    await save.click();
    await form.waitFor({ state: "detached" });
    assert.equal((await job(page, id)).title, "Tonight, at last");
    watched.watch.assertClean();
  });
});

Deno.test("calendar: a week or month with nothing in it says so, with a link to Compose", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "calendar_empty");
    await page.goto(`${server.url}/dashboard/calendar`);
    await waitForAllIslands(page);
    await calendarPlaced(page);
    const hint = page.getByTestId("calendar-empty");
    assert.equal(
      (await hint.textContent())?.trim(),
      "Nothing scheduled or posted this week. Compose a post",
    );
    assert.equal(
      await hint.getByRole("link", { name: "Compose a post" }).getAttribute(
        "href",
      ),
      "/dashboard",
    );
    await page.getByRole("button", { name: "Month" }).click();
    await hint.filter({ hasText: "this month." }).waitFor();

    // A scheduled post in view: no hint.
    const id = await schedule(page, server.clock.now() + 3 * HOUR, "soon");
    await page.reload();
    await waitForAllIslands(page);
    await showCalendarEntry(page, page.locator(`[data-entry="${id}"]`));
    assert.equal(await hint.count(), 0);
    watched.watch.assertClean();
  });
});

/** Mondays (Tokyo) from the week of `from` to the week of `to`. */
function weeksBetween(from: number, to: number): number {
  const monday = (t: number) => {
    const day = Math.floor((t + ZONE_OFFSET_MS) / DAY) * DAY;
    return day - ((new Date(day).getUTCDay() + 6) % 7) * DAY;
  };
  return Math.round((monday(to) - monday(from)) / (7 * DAY));
}

Deno.test("calendar: a post and a scheduled post older than the first 100 of their lists show when navigating to their weeks", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    // The annual plan keeps files 30 days: long enough for the job's video.
    const openId = await signInWithPlan(run, "calendar_history", {
      plan: "annual",
    });
    const now = server.clock.now();
    // Made first, so last in the list of jobs: a post to run in two weeks.
    const runAt = Math.ceil((now + 15 * DAY) / 60_000) * 60_000;
    const farJob = await schedule(page, runAt, "Two weeks ahead");
    await postHoursOnePost(page, "Today's post");
    const listed = (await apiInPage(page, "GET", "/api/tiktok/posts")).body
      .posts as { post_id: string }[];
    const post = (await getTyped(server.kv, keys.post(listed[0].post_id)))
      .value!;
    const job = (await getTyped(server.kv, keys.job(farJob))).value!;

    // A post made two weeks ago, then 100 made after it (13 days ago),
    // and 100 jobs made after the one to run in two weeks, cancelled: the
    // first page of each list (100) holds neither.
    const oldAt = now - 15 * DAY;
    const oldPost = ulid(oldAt);
    const write = server.kv.atomic()
      .set(keys.post(oldPost), {
        ...post,
        id: oldPost,
        title: "Two weeks ago",
        createdAt: oldAt,
        updatedAt: oldAt,
      })
      .set(keys.postByAccount(openId, oldPost), oldPost);
    await write.commit();
    for (let i = 0; i < 100; i += 20) {
      const batch = server.kv.atomic();
      for (let k = i; k < i + 20; k++) {
        const at = now - 13 * DAY + k * 60_000;
        const postId = ulid(at);
        batch.set(keys.post(postId), {
          ...post,
          id: postId,
          title: `Post ${k}`,
          createdAt: at,
          updatedAt: at,
        }).set(keys.postByAccount(openId, postId), postId);
        const jobId = ulid(now + 1 + k);
        batch.set(keys.job(jobId), {
          ...job,
          id: jobId,
          state: "cancelled",
          createdAt: now + 1 + k,
        }).set(keys.jobByAccount(openId, jobId), jobId);
      }
      assert.ok((await batch.commit()).ok);
    }
    const firstJobs = (await apiInPage(page, "GET", "/api/jobs?limit=100"))
      .body.jobs as { job_id: string }[];
    assert.ok(!firstJobs.some((j) => j.job_id === farJob), "not in the 100");
    const firstPosts =
      (await apiInPage(page, "GET", "/api/tiktok/posts?limit=100")).body
        .posts as { post_id: string }[];
    assert.ok(!firstPosts.some((p) => p.post_id === oldPost), "nor it");

    await page.goto(`${server.url}/dashboard/calendar`);
    await waitForAllIslands(page);
    const move = async (step: "Next" | "Previous", times: number) => {
      for (let i = 0; i < times; i++) {
        await page.getByRole("button", { name: step }).click();
      }
    };
    // Two weeks on: the job is read and shown.
    const ahead = weeksBetween(now, runAt);
    assert.ok(ahead >= 2);
    await move("Next", ahead);
    const jobEntry = page.locator(`[data-entry="${farJob}"]`);
    await jobEntry.waitFor();
    assert.equal(await jobEntry.getAttribute("data-state"), "scheduled");
    assert.equal(
      await jobEntry.evaluate((e) =>
        e.closest("[data-day]")!.getAttribute("data-day")
      ),
      tokyo(runAt).day,
    );
    // Two weeks back: the post is read and shown, on its day.
    const back = weeksBetween(oldAt, runAt);
    await move("Previous", back);
    const postEntry = page.locator(`[data-entry="${oldPost}"]`);
    await postEntry.waitFor();
    assert.equal(
      await postEntry.evaluate((e) =>
        e.closest("[data-day]")!.getAttribute("data-day")
      ),
      tokyo(oldAt).day,
    );
    assert.match(await postEntry.textContent() ?? "", /Two weeks ago/);
    assert.equal(await page.getByTestId("calendar-error").textContent(), "");
    // Its link reaches it on the posts page, older than the 50 listed
    // first (docs/dashboard.md#calendar-posts-and-media).
    await postEntry.getByRole("link", { name: "Two weeks ago" }).click();
    await page.waitForURL(/\/dashboard\/posts/);
    await waitForAllIslands(page);
    assert.equal(
      await page.locator("li.post-item:target").getAttribute("data-post-id"),
      oldPost,
    );
    watched.watch.assertClean();
  });
});

Deno.test("calendar: at desktop widths a post's edit form opens within its day, widened to hold its date and time, inside the page", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "calendar_narrow_days");
    // The next Sunday 10:00 or 22:00 in Tokyo still ahead, the last
    // column, whose form must open leftwards to stay in the page, and a
    // day before it, a middle column when the week allows: both within
    // the plan's 7 days of files (less the hour media is kept past a
    // run). Counted from today, not tomorrow, and 22:00 too: on a Sunday
    // in Tokyo from 09:50 to 11:00, next Sunday's 10:00 is too far.
    const today = Math.floor((server.clock.now() + ZONE_OFFSET_MS) / DAY) *
      DAY;
    const tomorrow = today + DAY;
    const at = (day: number, hours: number) =>
      day - ZONE_OFFSET_MS + hours * HOUR;
    const ahead = (t: number) => t >= server.clock.now() + 10 * 60_000;
    let sunday = today;
    while (
      new Date(sunday).getUTCDay() !== 0 ||
      !ahead(at(sunday, 10)) && !ahead(at(sunday, 22))
    ) sunday += DAY;
    const sundayAt = ahead(at(sunday, 10)) ? at(sunday, 10) : at(sunday, 22);
    const earlier = Math.max(tomorrow, sunday - 4 * DAY);
    const ids = [await schedule(page, sundayAt, "sunday")];
    if (earlier < sunday) {
      ids.unshift(await schedule(page, at(earlier, 10), "earlier"));
    }
    // Seven days side by side at 800 px: each about 100 px wide.
    await page.setViewportSize({ width: 800, height: 900 });
    await page.goto(`${server.url}/dashboard/calendar`);
    await waitForAllIslands(page);
    for (const id of ids) {
      const entry = page.locator(`[data-entry="${id}"]`);
      if (!(await shownOncePlaced(entry))) {
        await page.getByRole("button", { name: "Next" }).click();
      }
      await entry.getByTestId("entry-edit").click();
      const form = entry.getByTestId("entry-form");
      await form.waitFor();
      const layout = await form.evaluate((f) => {
        const box = (e: Element) => e.getBoundingClientRect();
        const day = box(f.closest("[data-day]")!);
        const own = box(f);
        const field = f.querySelector("input[type=datetime-local]")!;
        const save = f.querySelector("button[type=submit]")!;
        const s = box(save);
        const hit = document.elementFromPoint(
          s.left + s.width / 2,
          s.top + s.height / 2,
        );
        const rgba = getComputedStyle(f).backgroundColor.match(/[\d.]+/g)!
          .map(Number);
        return {
          beyondDay: own.left < day.left - 0.5 || own.right > day.right + 0.5,
          opaque: rgba.length === 3 || rgba[3] === 1,
          fieldWidth: box(field).width,
          left: own.left,
          right: own.right,
          innerWidth,
          scrollWidth: document.documentElement.scrollWidth,
          saveOnTop: hit === save || save.contains(hit),
        };
      });
      // Its day widens to hold it: nothing drawn across the days beside.
      assert.ok(
        !layout.beyondDay && layout.opaque,
        `the form of ${id} spills over the next days: ${
          JSON.stringify(layout)
        }`,
      );
      assert.ok(layout.saveOnTop, "Save is on top, reachable");
      assert.ok(
        layout.fieldWidth >= 200,
        `the date and time field is wide enough to read: ${layout.fieldWidth}`,
      );
      assert.ok(
        layout.left >= 0 && layout.right <= layout.innerWidth &&
          layout.scrollWidth <= layout.innerWidth,
        `the form stays inside the page: ${JSON.stringify(layout)}`,
      );
      await entry.getByTestId("entry-edit").click(); // closes the form
      await form.waitFor({ state: "detached" });
    }
    watched.watch.assertClean();
  });
});

Deno.test("calendar: at desktop widths an open edit form hides none of its day's later posts: their Edit and Cancel post stay in view where Tab reaches them", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "calendar_same_day");
    const tomorrow =
      Math.floor((server.clock.now() + ZONE_OFFSET_MS) / DAY) * DAY + DAY;
    // The day's column decides the side the form opens to: a Saturday's
    // and a Sunday's leftwards, any other's rightwards; both are tried.
    const days = [tomorrow, tomorrow + DAY];
    const ids: string[][] = [];
    for (const day of days) {
      const of = [];
      for (const hours of [8, 10, 12]) {
        of.push(
          await schedule(
            page,
            day - ZONE_OFFSET_MS + hours * HOUR,
            `${tokyo(day).day} ${hours}h`,
          ),
        );
      }
      ids.push(of);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${server.url}/dashboard/calendar`);
    await waitForAllIslands(page);
    for (const [first, ...later] of ids) {
      const entry = page.locator(`[data-entry="${first}"]`);
      if (!(await shownOncePlaced(entry))) {
        await page.getByRole("button", { name: "Next" }).click();
      }
      await entry.getByTestId("entry-edit").click();
      await entry.getByTestId("entry-form").waitFor();
      for (const id of later) {
        for (const button of ["entry-edit", "entry-cancel"]) {
          const target = page.locator(`[data-entry="${id}"]`).getByTestId(
            button,
          );
          await target.focus();
          const onTop = await target.evaluate((b) => {
            const r = b.getBoundingClientRect();
            const hit = document.elementFromPoint(
              r.left + r.width / 2,
              r.top + r.height / 2,
            );
            return hit === b || b.contains(hit);
          });
          assert.ok(onTop, `${button} of ${id} is hidden by the open form`);
        }
      }
      await entry.getByTestId("entry-edit").click();
    }
    watched.watch.assertClean();
  });
});

Deno.test("calendar: at desktop widths an open edit form covers no neighbouring day: their posts stay in view and reachable", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "calendar_neighbours");
    // Three days in a row in one week (weeks start on Monday in en-GB):
    // the middle one's form has a day on each side.
    const tomorrow =
      Math.floor((server.clock.now() + ZONE_OFFSET_MS) / DAY) * DAY + DAY;
    let first = tomorrow;
    while (![1, 2, 3, 4, 5].includes(new Date(first).getUTCDay())) {
      first += DAY;
    }
    const ids: string[] = [];
    for (const day of [first, first + DAY, first + 2 * DAY]) {
      ids.push(
        await schedule(
          page,
          day - ZONE_OFFSET_MS + 10 * HOUR,
          `${tokyo(day).day} post`,
        ),
      );
    }
    for (const width of [1280, 800]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${server.url}/dashboard/calendar`);
      await waitForAllIslands(page);
      const middle = page.locator(`[data-entry="${ids[1]}"]`);
      if (!(await middle.isVisible())) {
        await page.getByRole("button", { name: "Next" }).click();
      }
      await middle.getByTestId("entry-edit").click();
      const form = middle.getByTestId("entry-form");
      await form.waitFor();
      for (const id of [ids[0], ids[2]]) {
        const neighbour = page.locator(`[data-entry="${id}"]`);
        const found = await neighbour.evaluate((entry, formId) => {
          const f = document.querySelector(`[data-entry="${formId}"] form`)!
            .getBoundingClientRect();
          const day = entry.closest("[data-day]")!.getBoundingClientRect();
          const overlaps = f.left < day.right - 0.5 &&
            f.right > day.left + 0.5 && f.top < day.bottom &&
            f.bottom > day.top;
          const edit = entry.querySelector("[data-testid=entry-edit]")!;
          const r = edit.getBoundingClientRect();
          const hit = document.elementFromPoint(
            r.left + r.width / 2,
            r.top + r.height / 2,
          );
          return { overlaps, editOnTop: hit === edit || edit.contains(hit) };
        }, ids[1]);
        assert.ok(
          !found.overlaps,
          `at ${width} px the form covers ${id}'s day`,
        );
        assert.ok(found.editOnTop, `at ${width} px ${id}'s Edit is hidden`);
      }
      await middle.getByTestId("entry-edit").click();
      await form.waitFor({ state: "detached" });
    }
    watched.watch.assertClean();
  });
});

Deno.test("calendar: a post's Cancelled line is cleared when Week or Month changes the view, and when a month's day opens its week", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "calendar_view_status");
    const first = server.clock.now() + 3 * HOUR;
    const firstId = await schedule(page, first, "first");
    const secondId = await schedule(page, first + 2 * HOUR, "second");
    const status = page.getByTestId("calendar-status");
    const cancel = async (id: string) => {
      const entry = page.locator(`[data-entry="${id}"]`);
      await showCalendarEntry(page, entry);
      await entry.getByTestId("entry-cancel").click();
      await entry.getByTestId("entry-cancel-yes").click();
      await entry.waitFor({ state: "detached" });
    };

    await calendarEntry(page, server.url, firstId);
    await cancel(firstId);
    assert.equal(await status.textContent(), "Cancelled “first”.");
    // The month shown: the week's line is not said of it.
    await page.getByRole("button", { name: "Month" }).click();
    await page.locator("[data-testid=calendar][data-view=month]").waitFor();
    assert.equal(await status.textContent(), "");

    await cancel(secondId);
    assert.equal(await status.textContent(), "Cancelled “second”.");
    // A month's day opens its week: a new view, the line goes too.
    await page.locator(`[data-day="${tokyo(first).day}"] h3 button`).click();
    await page.locator("[data-testid=calendar][data-view=week]").waitFor();
    assert.equal(await status.textContent(), "");
    watched.watch.assertClean();
  });
});

Deno.test("calendar: on a Saturday where weeks start on Sunday, the next scheduled post (Sunday) is named above the calendar in local time, and its link opens its week; none ahead, no line", async () => {
  // Saturday noon in Tokyo, where en-US weeks start on Sunday: a post on
  // Sunday is in next week, not in the week shown first.
  const start = new Date();
  start.setUTCHours(3, 0, 0, 0); // 12:00 in Tokyo
  while (start.getTime() < Date.now() || start.getUTCDay() !== 6) {
    start.setTime(start.getTime() + DAY);
  }
  await browserRunner({ timezoneId: ZONE, locale: "en-US" }, {
    clock: new ManualClock(start),
  })(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "calendar_next");
    await page.goto(`${server.url}/dashboard/calendar`);
    await waitForAllIslands(page);
    const line = page.getByTestId("calendar-next");
    assert.equal(await line.count(), 0, "nothing scheduled ahead: no line");

    const runAt = server.clock.now() + 22 * HOUR; // Sunday 10:00 in Tokyo
    const album = await scheduleAlbum(page, runAt);
    await page.reload();
    await waitForAllIslands(page);
    const entry = page.locator(`[data-entry="${album.id}"]`);
    assert.equal(await entry.count(), 0, "not in the week shown first");
    const when = line.locator("time");
    assert.equal(Date.parse(await when.getAttribute("datetime") ?? ""), runAt);
    assert.equal(
      (await line.textContent())?.replace(/\s+/g, " ").trim(),
      `Next scheduled: ${
        tokyoRecordDay(runAt, true)
      }, 10:00 AM GMT+9 — show that week`,
      "in the browser's zone and clock, its name said, not UTC",
    );
    const link = line.getByRole("link", { name: "show that week" });
    // A link, for a new tab or no script.
    assert.equal(
      await link.getAttribute("href"),
      `/dashboard/calendar?job=${album.id}`,
    );
    await showsWeekInPlace(page, link);
    await entry.waitFor();
    assert.equal(
      await entry.evaluate((e) =>
        e.closest("[data-day]")!.getAttribute("data-day")
      ),
      tokyo(runAt).day,
    );
    watched.watch.assertClean();
  });
});

/**
 * Clicks the next scheduled line's `link` and checks its week is shown in
 * place: no page load (a mark left in the page stays), the URL as it was,
 * and focus on the week's name, the link gone with the week it left
 * (docs/dashboard.md#calendar-posts-and-media).
 */
async function showsWeekInPlace(page: Page, link: Locator) {
  const url = page.url();
  await page.evaluate(() => {
    (globalThis as { __samePage?: boolean }).__samePage = true;
  });
  await link.focus();
  await page.keyboard.press("Enter");
  await waitForFocusOn(page, "calendar-label", "after show that week");
  assert.ok(
    await page.evaluate(() =>
      (globalThis as { __samePage?: boolean }).__samePage === true
    ),
    "the week is shown without loading the page again",
  );
  assert.equal(page.url(), url);
  assert.match(
    (await page.getByTestId("calendar-label").textContent()) ?? "",
    /^Week of /,
  );
}

Deno.test("calendar: the next scheduled line links to its week only while another week is shown", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "calendar_next_shown");
    const runAt = server.clock.now() + 3 * HOUR;
    const id = await schedule(page, runAt, "next up");
    const line = page.getByTestId("calendar-next");
    const link = line.getByRole("link", { name: "show that week" });
    const said = async () =>
      (await line.textContent())?.replace(/\s+/g, " ").trim();
    const alone = `Next scheduled: ${tokyoRecordDay(runAt)}, ${
      tokyo(runAt).time
    } GMT+9`;

    // Its week shown: the line names it, with no link back to the same.
    await calendarEntry(page, server.url, id);
    await calendarPlaced(page);
    assert.equal(await link.count(), 0, "no link to the week shown");
    assert.equal(await said(), alone);

    // Another week: the link is there, and opens the post's week.
    await page.getByRole("button", { name: "Next", exact: true }).click();
    await calendarPlaced(page);
    await link.waitFor();
    assert.equal(await said(), `${alone} — show that week`);
    await showsWeekInPlace(page, link);
    await page.locator(`[data-entry="${id}"]`).waitFor();
    assert.equal(await link.count(), 0, "its week shown again");
    watched.watch.assertClean();
  });
});

Deno.test("calendar: the next scheduled line follows an Edit that moves the post and a Cancel post, without a reload; none left, no line", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "calendar_next_follows");
    const first = server.clock.now() + 3 * HOUR;
    const second = first + 2 * HOUR;
    const firstId = await schedule(page, first, "first");
    const secondId = await schedule(page, second, "second");
    const line = page.getByTestId("calendar-next");
    /** The line's instant and the job its link opens, or null for none. */
    const named = async () => {
      if (await line.count() === 0) return null;
      return {
        at: Date.parse(
          await line.locator("time").getAttribute("datetime") ??
            "",
        ),
        // No link while the post's week is the one shown.
        href: await link.count() ? await link.getAttribute("href") : null,
        text: (await line.textContent())?.replace(/\s+/g, " ").trim(),
      };
    };
    const link = line.getByRole("link", { name: "show that week" });
    const expected = async (at: number, id: string) => {
      const away =
        await page.locator(`[data-day="${tokyo(at).day}"]`).count() === 0;
      return {
        at,
        href: away ? `/dashboard/calendar?job=${id}` : null,
        text: `Next scheduled: ${tokyoRecordDay(at)}, ${tokyo(at).time} GMT+9${
          away ? " — show that week" : ""
        }`,
      };
    };
    const entry = await calendarEntry(page, server.url, firstId);
    assert.deepEqual(await named(), await expected(first, firstId));

    // Edit moves the first post after the second: the second is next.
    const moved = second + 2 * HOUR;
    await entry.getByTestId("entry-edit").click();
    const form = entry.getByTestId("entry-form");
    await form.getByLabel(`Date and time in ${ZONE}`).fill(tokyo(moved).input);
    await form.getByRole("button", { name: "Save" }).click();
    await form.waitFor({ state: "detached" });
    const movedAt = Math.floor(moved / 60_000) * 60_000;
    assert.deepEqual(await named(), await expected(second, secondId));

    // The second cancelled: the first, at its new time, is next.
    const secondEntry = page.locator(`[data-entry="${secondId}"]`);
    await showCalendarEntry(page, secondEntry);
    await secondEntry.getByTestId("entry-cancel").click();
    await secondEntry.getByTestId("entry-cancel-yes").click();
    await secondEntry.waitFor({ state: "detached" });
    assert.deepEqual(await named(), await expected(movedAt, firstId));

    // Both gone: no line, as on a page loaded with nothing ahead.
    await showCalendarEntry(page, entry);
    await entry.getByTestId("entry-cancel").click();
    await entry.getByTestId("entry-cancel-yes").click();
    await entry.waitFor({ state: "detached" });
    assert.equal(await named(), null);
    watched.watch.assertClean();
  });
});
