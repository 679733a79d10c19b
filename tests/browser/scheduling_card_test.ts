/**
 * The dashboard's Now / Schedule card and its scheduled posts list in a
 * real headless Chromium against the real app on a loopback port: a job
 * scheduled in the browser's own time zone (stored in UTC, listed in local
 * time, posted at its time), a job cancelled from the list that never runs,
 * the API's hourly-limit message shown by the card, and the list in run
 * order (the next to run first) whatever order the jobs were made in.
 *
 * The browser keeps its real clock; the server's notion of now is its
 * ManualClock, started at the real time. Nothing runs jobs on its own in
 * tests: the tests move the server's clock and run the due jobs themselves.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import type { TestServer } from "../_helpers/test_server.ts";
import {
  browserRunner,
  cellTexts,
  chooseVideo,
  nextApiResponse,
  signInWithPlan,
  uploadVideoFromCard,
  waitForIslands,
  waitForListRowState,
} from "../_helpers/browser_flows.ts";
import type { BrowserRun } from "../_helpers/browser_flows.ts";
import {
  apiInPage,
  postHoursOnePost,
  scheduleAlbum,
  uploadFixtureInPage,
} from "../_helpers/dashboard_seed.ts";
import { runDueJobs } from "../../lib/jobs/due_jobs.ts";
import { localWhen } from "../../components/compose_rules.ts";
import { localMinute } from "../_helpers/zoned_time.ts";
import {
  describedByText,
  liveRegionOf,
  markLiveRegions,
} from "../_helpers/page_quality.ts";

/** Chromium logs every 4xx answer a page's fetch gets (429: interval_limit). */
const STATUS_429_LOGGED = /status of 429/;
const ISO_UTC_IN_TEXT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z/;
/** The browser's zone and locale: not the server's (UTC), DST-observing. */
const ZONE = "Europe/Berlin";
const LOCALE = "en-GB";
/** The islands these tests use, all waited for after sign-in. */
const ISLANDS = ["UploadCard", "PostCard", "JobsList", "PostsList"];
/** JobsList refreshes while a job is scheduled (500 ms here); a bound. */
const LIST_REFRESH_WAIT_MS = 12_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Runs `body` with a fresh server, browser, context (in {@link ZONE}) and
 * page; closes all.
 */
const withBrowser = browserRunner({ timezoneId: ZONE, locale: LOCALE });

/**
 * Signs in as sandbox user `username` through the consent page, chooses the
 * monthly plan, waits for the islands and the card's creator_info; returns
 * the open_id.
 */
function signInWithMonthlyPlan(
  run: BrowserRun,
  username: string,
): Promise<string> {
  return signInWithPlan(run, username, {
    cards: ["post-card"],
    islands: ISLANDS,
    privacyOptions: true,
  });
}

/**
 * A whole minute at least `aheadMs` after the real now (the browser's),
 * whose local time in {@link ZONE} names one instant only: in the hour that
 * repeats when summer time ends, a browser reads a local time as its first
 * occurrence, so a minute in the second one moves an hour on.
 */
function wholeMinuteAhead(aheadMs: number): number {
  const target = Math.ceil((Date.now() + aheadMs) / MINUTE) * MINUTE;
  const repeated =
    localMinute(target - HOUR, ZONE) === localMinute(target, ZONE);
  return repeated ? target + HOUR : target;
}

/** The first whole minute at or after `instant`. */
const ceilMinute = (instant: number) => Math.ceil(instant / MINUTE) * MINUTE;

/**
 * What the dashboard shows for `instant` in the browser (its zone and
 * locale), by the islands' own formatter: "15:40" today, else with the day.
 */
const browserWhen = (instant: number) =>
  localWhen(new Date(instant).toISOString(), new Date(), {
    locale: LOCALE,
    timeZone: ZONE,
  });

/** The same in the composer, which names the zone ("15:40 CET"). */
const composerWhen = (instant: number) =>
  localWhen(new Date(instant).toISOString(), new Date(), {
    locale: LOCALE,
    timeZone: ZONE,
    named: true,
  });

type ScheduleAnswer =
  | { ok: true; jobId: string; runAt: string }
  | { ok: false; status: number; code: string; message: string };

/**
 * Chooses "Schedule" on the card, fills caption, privacy and the local run
 * time, submits; returns what the card shows (checked against the API's
 * answer).
 */
async function scheduleFromCard(
  page: Page,
  caption: string,
  localRunAt: string,
): Promise<ScheduleAnswer> {
  await page.fill("[data-testid=post-title]", caption);
  await page.selectOption("[data-testid=post-privacy]", "SELF_ONLY");
  await page.check("[data-testid=when-schedule]");
  // The field names the browser's time zone.
  const runAtInput = page.getByLabel(`Date and time in ${ZONE}`);
  assert.equal(await runAtInput.getAttribute("type"), "datetime-local");
  await runAtInput.fill(localRunAt);
  assert.equal(await runAtInput.inputValue(), localRunAt);
  const submit = page.locator("[data-testid=post-submit]");
  assert.equal((await submit.textContent())?.trim(), "Schedule");
  assert.ok(await submit.isEnabled(), "the card can be submitted");
  const responded = nextApiResponse(page, {
    method: "POST",
    path: "/api/jobs",
  });
  await submit.click();
  const response = await responded;
  const api = await response.json();
  if (api.ok === true) {
    const shown = page.locator(
      `[data-testid=post-scheduled][data-job-id="${api.job_id}"]`,
    );
    await shown.waitFor();
    // In words: when, and where it is listed; no job id.
    assert.equal(
      (await shown.textContent())?.replace(/\s+/g, " ").trim(),
      `Scheduled for ${
        composerWhen(Date.parse(api.run_at)).replace(/\s/g, " ")
      }. It is listed under Scheduled posts.`,
    );
    assert.equal(
      await shown.locator("time").getAttribute("datetime"),
      api.run_at,
      "the card shows the API's run_at",
    );
    assert.equal(
      (await shown.locator("time").textContent())?.trim(),
      composerWhen(Date.parse(api.run_at)),
      "the card shows the run time in the browser's time",
    );
    return { ok: true, jobId: api.job_id, runAt: api.run_at };
  }
  const error = page.locator(
    `[data-testid=post-error][data-code="${api.error}"]`,
  );
  await error.waitFor();
  // Untrimmed: the API's message as it is, but every UTC time in it in the
  // browser's time zone, then the next free time when the API gives one
  // (docs/dashboard.md#scheduling).
  const message = await error.textContent() ?? "";
  const free = api.next_free_at ?? api.retry_after;
  assert.equal(
    message,
    String(api.message).replace(
      new RegExp(ISO_UTC_IN_TEXT, "g"),
      (iso) => composerWhen(Date.parse(iso)),
    ) +
      // The first whole minute it frees, as the time field can hold it.
      (free
        ? ` Next free: ${composerWhen(ceilMinute(Date.parse(free)))}.`
        : ""),
  );
  assert.doesNotMatch(message, ISO_UTC_IN_TEXT, "no UTC time is shown");
  assert.equal(await page.locator("[data-testid=post-scheduled]").count(), 0);
  return {
    ok: false,
    status: response.status(),
    code: api.error,
    message,
  };
}

/** Schedules from the card and expects it to be accepted. */
async function scheduleOk(
  page: Page,
  caption: string,
  localRunAt: string,
): Promise<{ jobId: string; runAt: string }> {
  const answer = await scheduleFromCard(page, caption, localRunAt);
  assert.ok(answer.ok, `the job was scheduled: ${JSON.stringify(answer)}`);
  return { jobId: answer.jobId, runAt: answer.runAt };
}

/** A same-origin GET of the JSON API from the page (the session cookie). */
async function apiGet(
  page: Page,
  path: string,
  // deno-lint-ignore no-explicit-any
): Promise<{ status: number; body: any }> {
  return await page.evaluate(async (p) => {
    const res = await fetch(p, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    return { status: res.status, body: await res.json() };
  }, path);
}

/** Runs the jobs due now by the server's clock. */
function runDue(server: TestServer) {
  return runDueJobs(server.deps, { horizonMs: 0 });
}

/** The jobs list's row for a job. */
const jobRowSelector = (jobId: string) =>
  `[data-testid=jobs-list] tr[data-job-id="${jobId}"]`;
const jobRow = (page: Page, jobId: string) =>
  page.locator(jobRowSelector(jobId));

/** Waits until the row's state is `state` (the list refreshes itself). */
function waitForJobState(
  page: Page,
  jobId: string,
  state: string,
  timeout = LIST_REFRESH_WAIT_MS,
) {
  return waitForListRowState(
    page,
    jobRowSelector(jobId),
    state,
    `job ${jobId}`,
    timeout,
  );
}

/** The cells' text of a job's row, trimmed. */
function cellsOf(page: Page, jobId: string): Promise<string[]> {
  return cellTexts(jobRow(page, jobId));
}

Deno.test("scheduling two minutes ahead in the browser's time zone stores UTC, lists the job in local time, and posts it at its time", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithMonthlyPlan(run, "schedule_in_berlin");
    const list = page.locator("[data-testid=jobs-list]");
    assert.match(await list.textContent() ?? "", /Nothing scheduled\./);
    const url = await uploadVideoFromCard(page, "portrait.mp4");
    await chooseVideo(page, url);

    // Before a run time is typed, "Schedule" cannot be submitted.
    await page.fill("[data-testid=post-title]", "Scheduled from Berlin #pm3k");
    await page.selectOption("[data-testid=post-privacy]", "SELF_ONLY");
    const submit = page.locator("[data-testid=post-submit]");
    assert.equal((await submit.textContent())?.trim(), "Post now");
    await page.check("[data-testid=when-schedule]");
    assert.equal((await submit.textContent())?.trim(), "Schedule");
    assert.ok(await submit.isDisabled(), "no schedule without a run time");

    const target = wholeMinuteAhead(2 * MINUTE);
    const expectedRunAt = new Date(target).toISOString();
    const local = localMinute(target, ZONE);
    assert.notEqual(
      local,
      localMinute(target, "UTC"),
      "the browser's local time is not UTC",
    );
    const caption = "Scheduled from Berlin #pm3k";
    const { jobId, runAt } = await scheduleOk(page, caption, local);
    assert.equal(runAt, expectedRunAt, "the API stored the UTC instant");

    const api = await apiGet(page, "/api/jobs");
    assert.equal(api.status, 200);
    assert.equal(api.body.jobs.length, 1);
    const [job] = api.body.jobs;
    assert.equal(job.job_id, jobId);
    assert.equal(job.state, "scheduled");
    assert.equal(job.run_at, expectedRunAt);
    assert.equal(job.title, caption);
    assert.equal(job.source_url, url);
    assert.equal(job.publish_id, null);

    // The list shows it at once, in the browser's time.
    const row = jobRow(page, jobId);
    await row.waitFor();
    assert.equal(await row.getAttribute("data-state"), "scheduled");
    assert.equal(
      await row.locator("time").getAttribute("datetime"),
      expectedRunAt,
    );
    const cells = await cellsOf(page, jobId);
    assert.equal(cells[0], browserWhen(target));
    assert.equal(
      (await list.locator("th").first().textContent())?.trim(),
      `Runs at (${ZONE})`,
      "the column names the zone its times are in",
    );
    assert.ok(
      cells[0].includes(local.slice(11)),
      `the local time ${local.slice(11)} is shown: ${cells[0]}`,
    );
    assert.equal(cells[1], caption);
    assert.equal(cells[2], "Scheduled");
    assert.equal(cells[3], "");
    assert.equal(await row.locator("[data-testid=job-cancel]").count(), 1);

    // Rendered by the server (in its zone) and hydrated: the browser's time.
    await page.reload();
    await waitForIslands(page, watched, ISLANDS);
    // The switch to local time is the render after hydration's effect.
    await jobRow(page, jobId).locator("time", { hasText: /^\d{2}:\d{2}$|, / })
      .waitFor();
    assert.equal(
      (await jobRow(page, jobId).locator("time").textContent())?.trim(),
      browserWhen(target),
      "after a reload the list shows the run time in the browser's time",
    );

    server.clock.set(Date.parse(job.run_at));
    assert.deepEqual(await runDue(server), { posted: 1, failed: 0 });
    await waitForJobState(page, jobId, "posted");
    const posted = await cellsOf(page, jobId);
    // In words: the job's state, and TikTok's processing of the post.
    assert.equal(posted[2], "Sent to TikTok");
    assert.equal(posted[3], "Processing");
    assert.equal(
      await jobRow(page, jobId).locator("[data-testid=job-cancel]").count(),
      0,
      "a posted job cannot be cancelled",
    );

    const after = (await apiGet(page, "/api/jobs")).body.jobs[0];
    assert.equal(after.state, "posted");
    assert.match(after.publish_id, /^v_pub_url~v2\.\d+$/);
    assert.equal(after.publish_status.status, "PROCESSING_DOWNLOAD");
    const posts = (await apiGet(page, "/api/tiktok/posts")).body.posts;
    assert.deepEqual(
      posts.map((p: { publish_id: string }) => p.publish_id),
      [after.publish_id],
    );
    // Your posts, on the same page, lists the post the job made, with no
    // reload, as it lists one posted from the composer, then follows it.
    const madePost = page.locator(
      `[data-testid=posts-list] tr[data-publish-id="${after.publish_id}"]`,
    );
    await madePost.waitFor({ timeout: LIST_REFRESH_WAIT_MS });
    assert.equal(await madePost.getAttribute("data-state"), "pending");

    watched.watch.assertClean();
  });
});

Deno.test("a scheduled job can be cancelled from the list, asked first and the cancel announced, and then never runs", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithMonthlyPlan(run, "schedule_then_cancel");
    const url = await uploadVideoFromCard(page, "portrait.mp4");
    await chooseVideo(page, url);
    const target = wholeMinuteAhead(2 * MINUTE);
    const { jobId, runAt } = await scheduleOk(
      page,
      "This one will be cancelled",
      localMinute(target, ZONE),
    );
    assert.equal(runAt, new Date(target).toISOString());
    const row = jobRow(page, jobId);
    await row.waitFor();
    assert.equal(await row.getAttribute("data-state"), "scheduled");

    const cancelled = page.waitForResponse(
      (r) =>
        new URL(r.url()).pathname === `/api/jobs/${jobId}` &&
        r.request().method() === "DELETE",
    );
    cancelled.catch(() => {});
    // Cancelling asks first, with focus on "Keep it": Enter keeps the job
    // scheduled and focus returns to Cancel.
    const focused = (testId: string) =>
      page.waitForFunction(
        (id) => document.activeElement?.getAttribute("data-testid") === id,
        testId,
        { timeout: 2_000 },
      );
    await row.locator("[data-testid=job-cancel]").click();
    await focused("job-cancel-no");
    // The calendar's question, word for word.
    assert.equal(
      await row.locator("[data-testid=job-cancel-confirm]").getAttribute(
        "aria-label",
      ),
      "Cancel this scheduled post?",
    );
    await page.keyboard.press("Enter");
    assert.equal(await row.getAttribute("data-state"), "scheduled");
    await focused("job-cancel");
    await markLiveRegions(page);
    await row.locator("[data-testid=job-cancel]").click();
    await row.locator("[data-testid=job-cancel-yes]").click();
    const answer = await (await cancelled).json();
    assert.equal(answer.ok, true);
    assert.equal(answer.state, "cancelled");
    await waitForJobState(page, jobId, "cancelled", 5_000);
    // Said, not only shown: in a region the screen reader already knew.
    const said = page.locator("[data-testid=jobs-status]");
    assert.equal(
      (await said.textContent())?.trim(),
      "Cancelled “This one will be cancelled”.",
    );
    assert.deepEqual(await liveRegionOf(said), {
      live: "polite",
      before: true,
    });
    assert.equal((await cellsOf(page, jobId))[2], "Cancelled");
    assert.equal(
      await row.locator("[data-testid=job-cancel]").count(),
      0,
      "a cancelled job has no Cancel button",
    );
    assert.equal(
      await page.locator("[data-testid=jobs-list] [role=alert]").count(),
      0,
    );

    server.clock.set(Date.parse(runAt) + MINUTE);
    assert.deepEqual(await runDue(server), { posted: 0, failed: 0 });
    const posts = await apiGet(page, "/api/tiktok/posts");
    assert.equal(posts.status, 200);
    assert.deepEqual(posts.body.posts, [], "nothing was posted");
    const job = await apiGet(page, `/api/jobs/${jobId}`);
    assert.equal(job.body.state, "cancelled");
    assert.equal(job.body.publish_id, null);
    assert.equal(await row.getAttribute("data-state"), "cancelled");

    watched.watch.assertClean();
  });
});

/** The same, with lists that never refresh on their own in the test. */
const withQuietLists = browserRunner(
  { timezoneId: ZONE, locale: LOCALE },
  { timing: { listRefreshMs: 10 * MINUTE } },
);

/**
 * Schedules `title` `aheadMs` on (a whole minute) through the API, then
 * reloads the dashboard: its job id, listed under Scheduled posts.
 */
async function scheduledThenReloaded(
  { page, server, watched }: BrowserRun,
  title: string,
  aheadMs: number,
): Promise<string> {
  const video = await uploadFixtureInPage(page, "portrait.mp4");
  const job = await apiInPage(page, "POST", "/api/jobs", {
    kind: "tiktok",
    run_at: new Date(ceilMinute(server.clock.now() + aheadMs)).toISOString(),
    source_url: video.url,
    title,
    privacy: "SELF_ONLY",
  });
  assert.equal(job.status, 200, JSON.stringify(job.body));
  await page.reload();
  await waitForIslands(page, watched, ISLANDS);
  return String(job.body.job_id);
}

Deno.test("a Cancel refused because the post was cancelled elsewhere says so in words, and the row then shows it cancelled", async () => {
  await withQuietLists(async (run) => {
    const { page, watched } = run;
    await signInWithMonthlyPlan(run, "cancelled_elsewhere");
    const jobId = await scheduledThenReloaded(
      run,
      "Cancelled in another tab",
      3 * HOUR,
    );
    const row = jobRow(page, jobId);
    assert.equal(await row.getAttribute("data-state"), "scheduled");

    // Another tab (or an automation) cancels it; this list does not know.
    const elsewhere = await apiInPage(page, "DELETE", `/api/jobs/${jobId}`);
    assert.equal(elsewhere.status, 200);
    await row.locator("[data-testid=job-cancel]").click();
    await row.locator("[data-testid=job-cancel-yes]").click();
    const alert = page.locator("[data-testid=jobs-list] [role=alert]");
    await alert.waitFor();
    assert.equal(
      (await alert.textContent())?.trim(),
      "This scheduled post was already cancelled, in another tab or by an automation: it will not be posted, and can no longer be changed.",
    );
    // Long before the list's own refresh (10 minutes here).
    await waitForJobState(page, jobId, "cancelled", 5_000);
    watched.watch.assertClean({ allowConsole: [/status of 409/] });
  });
});

Deno.test("cancelling the scheduled post that held the hour frees Post now in the composer at once", async () => {
  await withQuietLists(async (run) => {
    const { page, watched } = run;
    await signInWithMonthlyPlan(run, "cancel_frees_hour");
    const jobId = await scheduledThenReloaded(
      run,
      "Holding the hour",
      30 * MINUTE,
    );
    const limited = page.locator("[data-testid=post-now-limited]");
    await limited.waitFor();

    const row = jobRow(page, jobId);
    await row.locator("[data-testid=job-cancel]").click();
    await row.locator("[data-testid=job-cancel-yes]").click();
    await limited.waitFor({ state: "detached" });
    assert.equal(
      (await page.locator("[data-testid=post-next-free]").textContent())
        ?.trim(),
      "Next free: now",
    );
    watched.watch.assertClean();
  });
});

Deno.test("Schedule for the next free time, offered when the limits refuse Post now, fills the time and schedules there", async () => {
  await withQuietLists(async (run) => {
    const { page, watched } = run;
    await signInWithMonthlyPlan(run, "schedule_next_free");
    await scheduledThenReloaded(run, "Holding the hour", 30 * MINUTE);
    await page.locator("[data-testid=post-now-limited]").waitFor();
    const nextFree = await page.locator("[data-testid=post-next-free] time")
      .getAttribute("datetime");
    assert.ok(nextFree, "the composer shows the next free time");
    const video = await uploadVideoFromCard(page, "portrait.mp4");
    await chooseVideo(page, video);
    await page.fill("[data-testid=post-title]", "At the first free minute");
    await page.selectOption("[data-testid=post-privacy]", "SELF_ONLY");

    const offer = page.locator("[data-testid=post-schedule-next-free]");
    assert.equal(
      (await offer.textContent())?.trim(),
      `Schedule for ${composerWhen(Date.parse(nextFree))}`,
    );
    await offer.click();
    assert.ok(await page.locator("[data-testid=when-schedule]").isChecked());
    assert.equal(
      await page.locator("[data-testid=post-run-at]").inputValue(),
      localMinute(Date.parse(nextFree), ZONE),
    );
    // The time now goes: the offer and the warning are gone.
    assert.equal(await offer.count(), 0);
    assert.equal(
      await page.locator("[data-testid=post-before-next-free]").count(),
      0,
    );
    const responded = nextApiResponse(page, {
      method: "POST",
      path: "/api/jobs",
    });
    await page.locator("[data-testid=post-submit]").click();
    const api = await (await responded).json();
    assert.equal(api.ok, true, JSON.stringify(api));
    assert.equal(Date.parse(api.run_at), Date.parse(nextFree));
    watched.watch.assertClean();
  });
});

Deno.test("a schedule that breaks the hourly limit says so in plain words, with the conflicting and the next free time", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    await signInWithMonthlyPlan(run, "schedule_too_close");
    const first = await uploadVideoFromCard(page, "portrait.mp4");
    await chooseVideo(page, first);
    const target = wholeMinuteAhead(2 * MINUTE);
    const { jobId, runAt } = await scheduleOk(
      page,
      "The first scheduled post",
      localMinute(target, ZONE),
    );
    await jobRow(page, jobId).waitFor();

    // The video went with the job; another one, with another caption:
    // only the time is wrong (a scheduled video is taken for other jobs).
    assert.equal(
      await page.locator("[data-testid=post-source]").inputValue(),
      "",
    );
    await chooseVideo(page, await uploadVideoFromCard(page, "portrait.mp4"));
    const answer = await scheduleFromCard(
      page,
      "A second post half an hour later",
      localMinute(target + 30 * MINUTE, ZONE),
    );
    assert.ok(!answer.ok, `the second job was refused: ${answer.ok}`);
    assert.equal(answer.status, 429);
    assert.equal(answer.code, "interval_limit");
    // The API's times in local time, no field name, no nested brackets,
    // and the first time the job would fit: an hour after the first.
    assert.equal(
      answer.message,
      `Another post of this account is made or scheduled at ${
        composerWhen(Date.parse(runAt))
      }, less than an hour from the time asked for: TikTok posts are limited to 1 per hour. Next free: ${
        composerWhen(Date.parse(runAt) + HOUR)
      }.`,
    );
    assert.doesNotMatch(answer.message, /run_at|\(/);
    assert.ok(
      answer.message.includes(localMinute(Date.parse(runAt), ZONE).slice(11)),
      "the local hour and minute are named",
    );
    assert.equal(
      await page.locator("[data-testid=post-error]").getAttribute("role"),
      "alert",
    );

    const jobs = (await apiGet(page, "/api/jobs")).body.jobs;
    assert.deepEqual(
      jobs.map((j: { job_id: string }) => j.job_id),
      [jobId],
      "only the first job is scheduled",
    );
    assert.equal(
      await page.locator("[data-testid=jobs-list] tbody tr").count(),
      1,
    );

    watched.watch.assertClean({ allowConsole: [STATUS_429_LOGGED] });
  });
});

Deno.test("after a post made at 37 seconds past a minute, the next free time shown is the next whole minute, and scheduling at it is accepted", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    await signInWithMonthlyPlan(run, "next_free_picked");
    const postedAt = Math.floor(server.clock.now() / MINUTE) * MINUTE + 37_000;
    server.clock.set(postedAt);
    await postHoursOnePost(page, "Made at 37 seconds past");

    await page.goto(`${server.url}/dashboard`);
    await waitForIslands(page, watched, ISLANDS);
    // An hour on is hh:mm:37, refused at hh:mm: the minute after is shown.
    const free = ceilMinute(postedAt + HOUR);
    assert.equal(free, postedAt + HOUR + 23_000);
    const nextFree = page.locator("[data-testid=post-next-free] time");
    await nextFree.waitFor();
    assert.equal(
      await nextFree.getAttribute("datetime"),
      new Date(free).toISOString(),
    );
    assert.equal((await nextFree.textContent())?.trim(), composerWhen(free));

    const url = await uploadVideoFromCard(page, "portrait.mp4");
    await chooseVideo(page, url);
    const { runAt } = await scheduleOk(
      page,
      "At the time the composer gave",
      localMinute(free, ZONE),
    );
    assert.equal(runAt, new Date(free).toISOString());
    watched.watch.assertClean();
  });
});

Deno.test("the scheduled posts list shows the next to run first, whatever order they were scheduled in, then the settled ones", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithMonthlyPlan(run, "schedule_in_order");
    const schedule = async (hoursAhead: number) => {
      // A video of its own: a scheduled video is taken for other jobs.
      const video = await uploadFixtureInPage(page, "portrait.mp4");
      // A second apart: job ids (ULIDs) order by the server's time.
      server.clock.advance(1_000);
      const job = await apiInPage(page, "POST", "/api/jobs", {
        kind: "tiktok",
        source_url: video.url,
        title: `in ${hoursAhead} hours`,
        privacy: "SELF_ONLY",
        run_at: new Date(
          Math.ceil((server.clock.now() + hoursAhead * HOUR) / MINUTE) *
            MINUTE,
        ).toISOString(),
      });
      assert.equal(job.status, 200, JSON.stringify(job.body));
      return String(job.body.job_id);
    };
    // Created in another order than they run in; the first one cancelled.
    const cancelled = await schedule(3);
    const cancel = await apiInPage(page, "DELETE", `/api/jobs/${cancelled}`);
    assert.equal(cancel.status, 200, JSON.stringify(cancel.body));
    const inSix = await schedule(6);
    const inTwo = await schedule(2);
    const inTen = await schedule(10);
    const listed = (await apiGet(page, "/api/jobs")).body.jobs.map(
      (j: { job_id: string }) => j.job_id,
    );
    assert.deepEqual(
      listed,
      [inTen, inTwo, inSix, cancelled],
      "the API keeps its documented order, newest first",
    );

    const shownOrder = () =>
      page.locator("[data-testid=jobs-list] tbody tr").evaluateAll((rows) =>
        rows.map((r) => r.getAttribute("data-job-id"))
      );
    await page.reload();
    await waitForIslands(page, watched, ISLANDS);
    assert.deepEqual(await shownOrder(), [inTwo, inSix, inTen, cancelled]);
    // A post scheduled from the card joins at its place, not on top.
    const url = await uploadVideoFromCard(page, "portrait.mp4");
    await chooseVideo(page, url);
    const { jobId: inFour } = await scheduleOk(
      page,
      "in about 4 hours",
      localMinute(wholeMinuteAhead(4 * HOUR), ZONE),
    );
    await jobRow(page, inFour).waitFor();
    assert.deepEqual(await shownOrder(), [
      inTwo,
      inFour,
      inSix,
      inTen,
      cancelled,
    ]);
    watched.watch.assertClean();
  });
});

Deno.test("Scheduled posts show each post's picture, the video's first frame or the first photo, and a post with no caption is named by its kind", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithMonthlyPlan(run, "schedule_pictures");
    const at = (hoursAhead: number) =>
      new Date(ceilMinute(server.clock.now() + hoursAhead * HOUR))
        .toISOString();
    const video = await uploadFixtureInPage(page, "portrait.mp4");
    const withCaption = await apiInPage(page, "POST", "/api/jobs", {
      kind: "tiktok",
      source_url: video.url,
      title: "Harbour at dusk",
      privacy: "SELF_ONLY",
      run_at: at(3),
    });
    assert.equal(withCaption.status, 200, JSON.stringify(withCaption.body));
    // An album with no caption: a row of a time and a state alone.
    const noCaption = await scheduleAlbum(
      page,
      ceilMinute(server.clock.now() + 5 * HOUR),
    );
    await page.reload();
    await waitForIslands(page, watched, ISLANDS);

    const videoRow = jobRow(page, String(withCaption.body.job_id));
    const photoRow = jobRow(page, noCaption.id);
    // The pictures a creator knows a post by, as the posts page shows them.
    const frame = videoRow.locator("video.thumb");
    assert.equal(
      (await frame.getAttribute("src"))?.split("#")[0],
      String(video.url),
    );
    await page.waitForFunction(
      (el) => (el as HTMLVideoElement).readyState >= 1,
      await frame.elementHandle(),
    );
    const picture = photoRow.locator("img.thumb");
    assert.equal(await picture.getAttribute("src"), noCaption.photo);
    await page.waitForFunction(
      (el) => (el as HTMLImageElement).naturalWidth > 0,
      await picture.elementHandle(),
    );
    // Decorative beside words: a screen reader hears the caption or kind.
    assert.equal(await picture.getAttribute("alt"), "");
    assert.match(
      (await photoRow.locator("td").nth(1).innerText()).trim(),
      /^No caption$/,
    );
    await photoRow.getByRole("button", { name: /^Cancel photo post, / })
      .waitFor();
    await videoRow.getByRole("button", { name: /^Cancel “Harbour at dusk”, / })
      .waitFor();
    watched.watch.assertClean();
  });
});

Deno.test("cancelling a scheduled post with no caption says which went by its kind and time, as its Cancel names it, not just the post", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithMonthlyPlan(run, "cancel_no_caption");
    const noCaption = await scheduleAlbum(
      page,
      ceilMinute(server.clock.now() + 3 * HOUR),
    );
    await page.reload();
    await waitForIslands(page, watched, ISLANDS);

    const jobId = noCaption.id;
    const row = jobRow(page, jobId);
    const when = (await row.locator("time").innerText()).trim();
    await row.getByRole("button", { name: `Cancel photo post, ${when}` })
      .click();
    await row.locator("[data-testid=job-cancel-yes]").click();
    await waitForJobState(page, jobId, "cancelled", 5_000);
    assert.equal(
      (await page.locator("[data-testid=jobs-status]").textContent())?.trim(),
      `Cancelled the photo post, ${when}.`,
    );
    watched.watch.assertClean();
  });
});

Deno.test("a run time that has passed, or past what the plan keeps the file for, is named at the field while typing, the file and the latest time in local time, and cannot be sent", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    await signInWithMonthlyPlan(run, "schedule_out_of_range");
    const url = await uploadVideoFromCard(page, "portrait.mp4");
    await chooseVideo(page, url);
    await page.fill("[data-testid=post-title]", "When, exactly?");
    await page.selectOption("[data-testid=post-privacy]", "SELF_ONLY");
    await page.check("[data-testid=when-schedule]");
    const submit = page.locator("[data-testid=post-submit]");
    const passed = page.locator(
      "[aria-live=polite] [data-testid=post-run-at-passed]",
    );

    // Yesterday: said in words beside the field, not sent for the API's
    // "run_at is in the past" with a UTC example.
    await page.fill(
      "[data-testid=post-run-at]",
      localMinute(Date.now() - 24 * HOUR, ZONE),
    );
    assert.equal(
      await passed.textContent(),
      "That time has passed: pick a date and time in the future.",
    );
    assert.ok(await submit.isDisabled(), "a past time cannot be sent");
    assert.equal(
      await page.locator("[data-testid=post-before-next-free]").count(),
      0,
      "one reason, not two",
    );

    // Ten days on: the monthly plan keeps files 7 days (said so, as its
    // plan card says, not "168 hours"), and the media an
    // hour past the run. Said at the field, in the browser's time, before
    // sending (the API's own refusal: tests/media_keep_rule_test.ts).
    const field = page.locator("[data-testid=post-run-at]");
    await field.fill(localMinute(wholeMinuteAhead(10 * 24 * HOUR), ZONE));
    assert.equal(await passed.count(), 0);
    const pastKept = page.locator(
      "#post-run-at-problem [data-testid=post-past-kept]",
    );
    await pastKept.waitFor();
    const latest = Math.floor((Date.now() + 7 * 24 * HOUR - HOUR) / MINUTE) *
      MINUTE;
    const said = (await pastKept.textContent())?.replace(/\s+/g, " ").trim();
    // The file by its name, the latest time in the browser's time (the
    // minute read just now, or the one before if the page's is older).
    assert.ok(
      [latest, latest - MINUTE].some((t) =>
        said ===
          `Your plan keeps files 7 days, so portrait.mp4 can be posted by ${
            composerWhen(t).replace(/\s/g, " ")
          } at the latest: pick that time or sooner, or upload it closer to the date.`
      ),
      said,
    );
    assert.equal(await field.getAttribute("aria-invalid"), "true");
    assert.ok(await submit.isDisabled(), "a time the plan cannot keep");
    assert.match(await describedByText(submit), /plan keeps files 7 days,/);
    await field.fill(localMinute(wholeMinuteAhead(6 * 24 * HOUR), ZONE));
    await pastKept.waitFor({ state: "detached" });
    assert.ok(await submit.isEnabled());
    watched.watch.assertClean();
  });
});

Deno.test("a Schedule time's problem is tied to its field, and a disabled Schedule says what holds it back: no video yet, no time yet, a past time, the caption, a missing disclosure choice", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    await signInWithMonthlyPlan(run, "schedule_described");
    // No video yet: the button says to choose one.
    await page.selectOption("[data-testid=post-privacy]", "SELF_ONLY");
    assert.equal(
      await describedByText(page.locator("[data-testid=post-submit]")),
      "Choose a video first.",
    );
    const url = await uploadVideoFromCard(page, "portrait.mp4");
    await chooseVideo(page, url);
    await page.fill("[data-testid=post-title]", "Described");
    await page.selectOption("[data-testid=post-privacy]", "SELF_ONLY");
    await page.check("[data-testid=when-schedule]");
    const submit = page.locator("[data-testid=post-submit]");
    const field = page.locator("[data-testid=post-run-at]");

    // No time yet: the button says so, in words on the page too.
    assert.ok(await submit.isDisabled());
    assert.equal(
      await describedByText(submit),
      "Pick the date and time first.",
    );
    assert.ok(
      await page.getByText("Pick the date and time first.").isVisible(),
    );

    // A past time: the field is invalid and described by the problem, and
    // the button points at it.
    await field.fill(localMinute(Date.now() - 24 * HOUR, ZONE));
    await page.locator("[data-testid=post-run-at-passed]").waitFor();
    const passed = "That time has passed: pick a date and time in the future.";
    assert.equal(await field.getAttribute("aria-invalid"), "true");
    assert.equal(await describedByText(field), passed);
    assert.equal(await describedByText(submit), passed);

    // A good time; then a link in the caption and a disclosure with no
    // choice made: the button names both.
    await field.fill(localMinute(wholeMinuteAhead(3 * HOUR), ZONE));
    assert.equal(await field.getAttribute("aria-invalid"), "false");
    assert.equal(await describedByText(submit), "");
    await page.fill("[data-testid=post-title]", "see https://example.com");
    await page.locator("[data-testid=post-title-problem]").waitFor();
    await page.check("[data-testid=post-is_ad]");
    assert.ok(await submit.isDisabled());
    const said = await describedByText(submit);
    assert.match(said, /Links are not allowed/);
    assert.match(said, /You need to indicate if your content promotes/);
    watched.watch.assertClean();
  });
});

Deno.test("Scheduled posts, which offer only Cancel, say a post's time or caption is changed on the calendar, and its link opens the next scheduled post's week with its Edit", async () => {
  await withQuietLists(async (run) => {
    const { page, server, watched } = run;
    await signInWithMonthlyPlan(run, "edit_hint");
    const hint = page.locator("[data-testid=jobs-edit-hint]");
    assert.equal(await hint.count(), 0, "nothing scheduled, no hint");
    // The soonest made first, so the list (newest made first) does not
    // start with it: the link opens its week, which need not be today's
    // (3 hours on from a Saturday evening).
    const jobId = await scheduledThenReloaded(run, "Moved later", 3 * HOUR);
    const later = await scheduledThenReloaded(run, "Much later", 6 * DAY);
    assert.equal(
      (await hint.textContent())?.replace(/\s+/g, " ").trim(),
      "To change a scheduled post's time or caption, use its Edit on the Calendar.",
    );
    await hint.getByRole("link", { name: "Calendar" }).click();
    await page.waitForURL(`${server.url}/dashboard/calendar?show=next`);
    await page.getByRole("button", { name: /^Edit “Moved later”/ }).waitFor();

    // Once nothing is left to change, the hint goes.
    await page.goto(`${server.url}/dashboard`);
    await waitForIslands(page, watched, ISLANDS);
    for (const id of [jobId, later]) {
      const row = jobRow(page, id);
      await row.locator("[data-testid=job-cancel]").click();
      await row.locator("[data-testid=job-cancel-yes]").click();
      await row.locator("[data-testid=job-cancel]").waitFor({
        state: "detached",
      });
    }
    await hint.waitFor({ state: "detached" });
    watched.watch.assertClean();
  });
});
