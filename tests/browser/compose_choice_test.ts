/**
 * Which video the composer chooses for the creator
 * (docs/dashboard.md#freshness): after a reload, the newest upload not yet
 * posted on this account, never one already posted (it would only get
 * video_duplicate), which the picker marks "already posted", nor one a
 * scheduled post uses, marked "scheduled"; and the upload
 * card says where its video is once the composer posted it or moved on.
 */
import assert from "node:assert/strict";
import {
  chooseVideo,
  postFromComposer,
  signInWithPlan,
  uploadVideoFromCard,
  waitForIslands,
  waitForPrivacyOptions,
  waitUntilListed,
  withBrowser,
} from "../_helpers/browser_flows.ts";
import type { BrowserRun } from "../_helpers/browser_flows.ts";
import { apiInPage, sandboxAdmin } from "../_helpers/dashboard_seed.ts";
import { followAMinuteLater } from "../_helpers/follow_while.ts";
import { runDueJobs } from "../../lib/jobs/due_jobs.ts";

const $ = (id: string) => `[data-testid=${id}]`;
/** Chromium logs the 429 of a limits check the test does not look at. */
const STATUS_429_LOGGED = /status of 429/;

async function postChosenVideo(page: BrowserRun["page"], caption: string) {
  await page.fill($("post-title"), caption);
  await page.selectOption($("post-privacy"), "SELF_ONLY");
  await postFromComposer(page);
  await page.locator($("post-ok")).waitFor();
}

/** Schedules the chosen video "Only me", three hours on, from the composer. */
async function scheduleChosenVideo(page: BrowserRun["page"], caption: string) {
  await page.fill($("post-title"), caption);
  await page.selectOption($("post-privacy"), "SELF_ONLY");
  await page.check($("when-schedule"));
  // The field's value in the browser's own zone.
  await page.evaluate((sel) => {
    const at = new Date(
      Math.ceil((Date.now() + 3 * 3600_000) / 60_000) * 60_000,
    );
    const local = new Date(at.getTime() - at.getTimezoneOffset() * 60_000)
      .toISOString().slice(0, 16);
    const input = document.querySelector<HTMLInputElement>(sel)!;
    input.value = local;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }, $("post-run-at"));
  await page.click($("post-submit"));
  await page.locator($("post-scheduled")).waitFor();
}

async function reloadComposer({ page, watched }: BrowserRun) {
  await page.reload();
  await waitForIslands(page, watched, ["UploadCard", "PostCard"]);
  await waitForPrivacyOptions(page, watched);
}

/** Waits until the upload card says `text` of where its video is. */
async function cardSays(page: BrowserRun["page"], text: string) {
  try {
    await page.waitForFunction(
      (want) =>
        document.querySelector("[data-testid=upload-place]")?.textContent ===
          want,
      text,
    );
  } catch (error) {
    const said = await page.locator($("upload-place")).textContent();
    throw new Error(`the upload card says ${JSON.stringify(said)}`, {
      cause: error,
    });
  }
}

/** Signs in with a plan and waits for the composer and its privacy choices. */
function signInToComposer(run: BrowserRun, username: string) {
  return signInWithPlan(run, username, {
    cards: ["post-card"],
    islands: ["UploadCard", "PostCard"],
    privacyOptions: true,
  });
}

const optionText = (page: BrowserRun["page"], url: string) =>
  page.locator(`${$("post-source")} option[value="${url}"]`).textContent();

Deno.test("after a reload the composer chooses the newest video not posted yet, marks posted ones, and chooses none when all were posted", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInToComposer(run, "choice_keeper");
    const older = await uploadVideoFromCard(page, "portrait.mp4");
    await cardSays(page, "it is ready in the composer below.");
    const newer = await uploadVideoFromCard(page, "portrait.webm");
    await waitUntilListed(page, newer);
    assert.equal(await page.locator($("post-source")).inputValue(), newer);

    // Another video chosen: the card no longer says its is the one ready.
    await chooseVideo(page, older);
    await cardSays(page, "it is listed in the composer's videos below.");
    await chooseVideo(page, newer);
    await cardSays(page, "it is ready in the composer below.");

    // Posted: the composer resets, and the card says where the video went.
    await postChosenVideo(page, "The newer video");
    assert.equal(await page.locator($("post-source")).inputValue(), "");
    await cardSays(
      page,
      "it was sent to TikTok; its progress shows under Your posts.",
    );
    assert.equal(
      await optionText(page, newer),
      "portrait.webm (already posted)",
    );

    // A reload chooses the older video, the newest one not posted yet.
    await reloadComposer(run);
    assert.equal(await page.locator($("post-source")).inputValue(), older);
    assert.equal(
      await optionText(page, newer),
      "portrait.webm (already posted)",
    );
    assert.equal(await optionText(page, older), "portrait.mp4");

    // An hour on, the older one is posted too: a reload chooses none.
    server.clock.advance(3600_000);
    await reloadComposer(run);
    await postChosenVideo(page, "The older video");
    await reloadComposer(run);
    assert.equal(await page.locator($("post-source")).inputValue(), "");
    assert.equal(
      await page.locator(`${$("post-source")} option:checked`).textContent(),
      "Choose a video",
    );
    assert.equal(
      await optionText(page, older),
      "portrait.mp4 (already posted)",
    );
    assert.equal(await page.locator($("post-submit")).isDisabled(), true);
    watched.watch.assertClean({ allowConsole: [STATUS_429_LOGGED] });
  });
});

/**
 * Signs in, uploads portrait.mp4 from the card and posts it, then uploads
 * the same file again (another upload, the same bytes): its URL.
 */
async function postedThenUploadedAgain(run: BrowserRun, username: string) {
  const { page } = run;
  await signInToComposer(run, username);
  const first = await uploadVideoFromCard(page, "portrait.mp4");
  await waitUntilListed(page, first);
  await postChosenVideo(page, "The first upload");
  const second = await uploadVideoFromCard(page, "portrait.mp4");
  await waitUntilListed(page, second);
  return second;
}

Deno.test("a new upload of a video already posted is marked already posted after a reload and warned of, not refused", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const second = await postedThenUploadedAgain(run, "same_file_keeper");

    await reloadComposer(run);
    assert.match(String(await optionText(page, second)), /\(already posted\)$/);
    // Not chosen for the creator: both are posted, so none is.
    assert.equal(await page.locator($("post-source")).inputValue(), "");

    // Chosen by hand: warned, and the API takes it (an hour on).
    await chooseVideo(page, second);
    assert.equal(
      (await page.locator($("same-file-posted")).textContent())?.trim(),
      "This file was already posted on this TikTok account from another upload: posted again, it shows twice.",
    );
    assert.equal(await page.locator("#post-video-posted").count(), 0);
    server.clock.advance(3600_000);
    await reloadComposer(run);
    await chooseVideo(page, second);
    await postChosenVideo(page, "The same file again");
    watched.watch.assertClean({ allowConsole: [STATUS_429_LOGGED] });
  });
});

Deno.test("a video uploaded from the card that was already posted from another upload is marked already posted at once, with no reload", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    const second = await postedThenUploadedAgain(run, "same_file_at_once");
    // The composer takes the new upload and asks the server of its bytes.
    await page.waitForFunction(
      ([sel, url]) =>
        document.querySelector(`${sel} option[value="${url}"]`)?.textContent
          ?.endsWith("(already posted)"),
      [$("post-source"), second],
    );
    assert.equal(await page.locator($("post-source")).inputValue(), second);
    assert.equal(
      (await page.locator($("same-file-posted")).textContent())?.trim(),
      "This file was already posted on this TikTok account from another upload: posted again, it shows twice.",
    );
    // A warning only: the button is not held for it.
    assert.equal(await page.locator("#post-video-posted").count(), 0);
    watched.watch.assertClean({ allowConsole: [STATUS_429_LOGGED] });
  });
});

Deno.test("a video a scheduled post uses is marked scheduled and not chosen after a reload; scheduled from the composer, it is marked at once", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    await signInToComposer(run, "choice_scheduler");
    const older = await uploadVideoFromCard(page, "portrait.mp4");
    const newer = await uploadVideoFromCard(page, "portrait.webm");
    await waitUntilListed(page, newer);
    assert.equal(await page.locator($("post-source")).inputValue(), newer);

    // Scheduled from the composer, three hours on.
    await scheduleChosenVideo(page, "Later tonight");
    assert.equal(await optionText(page, newer), "portrait.webm (scheduled)");

    // A reload chooses the older video, not the scheduled one.
    await reloadComposer(run);
    assert.equal(await page.locator($("post-source")).inputValue(), older);
    assert.equal(await optionText(page, newer), "portrait.webm (scheduled)");
    assert.equal(await optionText(page, older), "portrait.mp4");
    watched.watch.assertClean({ allowConsole: [STATUS_429_LOGGED] });
  });
});

Deno.test("after Schedule the upload card says its video is scheduled, and for when", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    await signInToComposer(run, "card_scheduler");
    await uploadVideoFromCard(page, "portrait.mp4");
    await cardSays(page, "it is ready in the composer below.");

    await scheduleChosenVideo(page, "Tomorrow morning");
    // The time as the composer's own "Scheduled for …" writes it.
    const when = await page.locator(`${$("post-scheduled")} time`)
      .textContent();
    await cardSays(
      page,
      `it is scheduled for ${when}; it is listed under Scheduled posts.`,
    );
    watched.watch.assertClean({ allowConsole: [STATUS_429_LOGGED] });
  });
});

/**
 * Schedules the chosen video from the composer, then moves the server's
 * clock to its time and runs the due jobs, as the job runner would; returns
 * the job's id.
 */
async function scheduleThenRunAtItsTime(
  { page, server }: BrowserRun,
  caption: string,
): Promise<string> {
  await scheduleChosenVideo(page, caption);
  const shown = page.locator($("post-scheduled"));
  const jobId = String(await shown.getAttribute("data-job-id"));
  const runAt = String(await shown.locator("time").getAttribute("datetime"));
  await cardSays(
    page,
    `it is scheduled for ${await shown.locator("time")
      .textContent()}; it is listed under Scheduled posts.`,
  );
  server.clock.set(Date.parse(runAt));
  await runDueJobs(server.deps, { horizonMs: 0 });
  return jobId;
}

Deno.test("the upload card follows its video's scheduled post that TikTok refuses at its time: it says it failed, why and what to do, with no reload", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    const openId = await signInToComposer(run, "card_sched_refused");
    await page.locator($("jobs-list")).waitFor();
    await uploadVideoFromCard(page, "portrait.mp4");
    await cardSays(page, "it is ready in the composer below.");
    // TikTok refuses the post when the job runs (docs/posting.md#unaudited-apps).
    await sandboxAdmin(server, openId, {
      faults: [{ fault: "unaudited_client_can_only_post_to_private_accounts" }],
    });
    const jobId = await scheduleThenRunAtItsTime(run, "Refused at its time");
    const { jobs } = (await apiInPage(page, "GET", "/api/jobs")).body as {
      jobs: { job_id: string; state: string; error: { message: string } }[];
    };
    const job = jobs.find((j) => j.job_id === jobId)!;
    assert.equal(job.state, "failed");
    assert.match(
      String(job.error.message),
      /set the TikTok account to private/,
    );
    // The scheduled posts list's refresh tells the card; no reload.
    await cardSays(
      page,
      `its scheduled post failed when its time came: ${job.error.message} The video is kept: once that is fixed, choose it in the composer below to try again.`,
    );
    watched.watch.assertClean({ allowConsole: [STATUS_429_LOGGED] });
  });
});

Deno.test("the upload card follows its video's scheduled post that TikTok takes, then fails: sent, then could not post it, with no reload", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    const openId = await signInToComposer(run, "card_sched_failed");
    await page.locator($("jobs-list")).waitFor();
    await uploadVideoFromCard(page, "portrait.mp4");
    await sandboxAdmin(server, openId, {
      faults: [{ fault: "publish_failed", fail_reason: "spam_risk_text" }],
    });
    await scheduleThenRunAtItsTime(run, "Failed after it was sent");
    await cardSays(
      page,
      "it was sent to TikTok; its progress shows under Your posts.",
    );
    // The server follows the post until TikTok says it failed.
    for (let i = 0; i < 3; i++) await followAMinuteLater(server);
    // Your posts sees TikTok fail the post the job sent (its status is read
    // as the lists refresh): the card says so, as for a post sent now.
    await cardSays(
      page,
      "it was sent to TikTok, which could not post it: why, and Post again, show under Your posts.",
    );
    watched.watch.assertClean({ allowConsole: [STATUS_429_LOGGED] });
  });
});

Deno.test("a caption being written comes back after a reload of the tab, and is gone once posted", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    await signInToComposer(run, "caption_keeper");
    await uploadVideoFromCard(page, "portrait.mp4");
    await page.fill($("post-title"), "Half written, then the tab reloaded");
    await reloadComposer(run);
    assert.equal(
      await page.locator($("post-title")).inputValue(),
      "Half written, then the tab reloaded",
    );

    await page.selectOption($("post-privacy"), "SELF_ONLY");
    await postFromComposer(page);
    await page.locator($("post-ok")).waitFor();
    await reloadComposer(run);
    assert.equal(await page.locator($("post-title")).inputValue(), "");
    watched.watch.assertClean({ allowConsole: [STATUS_429_LOGGED] });
  });
});
