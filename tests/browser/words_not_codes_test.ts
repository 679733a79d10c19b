/**
 * The dashboard shows states and TikTok's failures in words, never the
 * API's codes (docs/dashboard.md#words-not-codes): the scheduled posts'
 * list names a job's state and TikTok's processing of its post, and a
 * fail_reason as the shared sentence; settings name a connected account by
 * its nickname and @handle, its open_id only behind "ID for support".
 * @module
 */
import assert from "node:assert/strict";
import {
  browserRunner,
  cellTexts,
  nextApiResponse,
  postFromComposer,
  sandboxOpenId,
  signInWithPlan,
  waitForIslands,
  withBrowser,
} from "../_helpers/browser_flows.ts";
import {
  apiInPage,
  sandboxAdmin,
  uploadFixtureInPage,
} from "../_helpers/dashboard_seed.ts";
import { fetchAnsweredLine } from "../_helpers/browser.ts";
import { databaseBusy, DEFAULT_BUSY_RETRY } from "../../lib/kv_busy_retry.ts";
import { followAMinuteLater } from "../_helpers/follow_while.ts";
import { runDueJobs } from "../../lib/jobs/due_jobs.ts";
import { FAIL_REASON_SENTENCES } from "../../lib/tiktok/fail_reasons.ts";

Deno.test("a scheduled post TikTok fails shows its state and TikTok's reason in words in the scheduled posts, and is marked Scheduled on the posts page", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    const openId = await signInWithPlan(run, "words_not_codes", {
      islands: ["JobsList"],
    });
    const video = await uploadFixtureInPage(page, "portrait.mp4");
    await sandboxAdmin(server, openId, {
      faults: [{ fault: "publish_failed", fail_reason: "spam_risk_text" }],
    });
    const runAt = Math.ceil((server.clock.now() + 5 * 60_000) / 60_000) *
      60_000;
    const job = await apiInPage(page, "POST", "/api/jobs", {
      kind: "tiktok",
      run_at: new Date(runAt).toISOString(),
      source_url: video.url,
      title: "TikTok will refuse this caption",
      privacy: "SELF_ONLY",
    });
    assert.equal(job.status, 200, JSON.stringify(job.body));
    const row = page.locator(
      `[data-testid=jobs-list] tr[data-job-id="${job.body.job_id}"]`,
    );
    await page.reload();
    assert.equal((await cellTexts(row))[2], "Scheduled");

    server.clock.set(runAt);
    assert.deepEqual(await runDueJobs(server.deps, { horizonMs: 0 }), {
      posted: 1,
      failed: 0,
    });
    for (let i = 0; i < 3; i++) await followAMinuteLater(server);
    await page.reload();
    const sentence = FAIL_REASON_SENTENCES.spam_risk_text;
    assert.deepEqual((await cellTexts(row)).slice(2, 4), [
      "Sent to TikTok",
      `Failed: ${sentence}`,
    ]);
    assert.doesNotMatch(await row.textContent() ?? "", /spam_risk|FAILED/);

    // The posts page says the post came from a schedule.
    await page.goto(`${server.url}/dashboard/posts`);
    const item = page.locator("li.post-item[data-state=failed]");
    await item.waitFor();
    assert.match(
      (await item.textContent() ?? "").replace(/\s+/g, " "),
      /· Video · Scheduled · Sent by PM3K/,
    );
    // Said as a creator would, not as the API's way (PULL_FROM_URL).
    assert.doesNotMatch(
      await item.textContent() ?? "",
      /URL|chunks|downloads|in parts/,
    );

    watched.watch.assertClean();
  });
});

Deno.test("settings name a connected TikTok account by its nickname and @handle, the open_id only folded away as the ID for support", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    // The composer's creator_info gives the handle, as on any first visit.
    await signInWithPlan(run, "handle_shown", {
      islands: ["PostCard"],
      privacyOptions: true,
    });
    const openId = await sandboxOpenId(server, "handle_shown");
    await page.goto(`${server.url}/dashboard/settings`);
    await waitForIslands(page, watched, ["ApiKeyCard"]);
    const item = page.locator(
      `[data-testid=connected-accounts] li[data-open-id="${openId}"]`,
    );
    assert.equal(
      (await item.innerText()).replace(/\s+/g, " ").trim(),
      "Handle Shown @handle_shown (active) ID for support",
    );
    assert.doesNotMatch(await item.innerText(), /open_id/);
    const id = item.locator("details code");
    assert.ok(!(await id.isVisible()), "the open_id is folded away");
    await item.getByText("ID for support").click();
    assert.equal(await id.textContent(), openId);
    watched.watch.assertClean();
  });
});

const withBrowserInTokyo = browserRunner({
  timezoneId: "Asia/Tokyo",
  locale: "en-GB",
});

Deno.test("a busy answer (a proxy's 503 or 429 with Retry-After, or PM3K's own database_busy) is said in words with when to try again in local time, never as an HTTP status, and Post now works again without a reload", async () => {
  await withBrowserInTokyo(async (run) => {
    const { page, watched } = run;
    await signInWithPlan(run, "busy_proxy", {
      islands: ["PostCard"],
      privacyOptions: true,
    });
    await uploadFixtureInPage(page, "portrait.mp4");
    await page.reload();
    await waitForIslands(page, watched, ["PostCard"]);
    await page.selectOption("[data-testid=post-privacy]", "SELF_ONLY");
    const path = "/api/tiktok/direct_post";
    const result = page.locator("[data-testid=post-error]");
    // The browser's clock, not the server's: Retry-After counts from now.
    const retryAt = Math.ceil((Date.now() + 3 * 3600_000) / 3600_000) *
      3600_000;
    const busyJson = JSON.stringify(
      databaseBusy({ ...DEFAULT_BUSY_RETRY, retryAfterSeconds: 30 }, null)
        .toJSON(),
    );
    const tokyoClock = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Asia/Tokyo",
      hour: "2-digit",
      minute: "2-digit",
    }).format(retryAt);
    for (
      const [status, retryAfter, when, json] of [
        [503, "120", /try again at (\S+ ){0,3}\d\d:\d\d GMT\+9\./, null],
        [
          429,
          new Date(retryAt).toUTCString(),
          new RegExp(`try again at (\\S+ ){0,3}${tokyoClock} GMT\\+9\\.`),
          null,
        ],
        [503, null, /try again in a moment\./, null],
        // PM3K's own busy answer: its JSON speaks of a database.
        [503, "30", /try again at (\S+ ){0,3}\d\d:\d\d GMT\+9\./, busyJson],
      ] as const
    ) {
      await page.route(`**${path}`, (route) =>
        route.fulfill({
          status,
          headers: {
            "Content-Type": json ? "application/json" : "text/html",
            ...(retryAfter === null ? {} : { "Retry-After": retryAfter }),
          },
          body: json ?? "<html><body>Service Unavailable</body></html>",
        }));
      const shown = await result.count() ? await result.textContent() : null;
      const answered = nextApiResponse(page, { method: "POST", path });
      await page.click("[data-testid=post-submit]");
      await answered;
      // Each answer's own words, not the last one's still shown.
      await page.waitForFunction(
        ([shown]) =>
          document.querySelector("[data-testid=post-error]")?.textContent !==
            shown,
        [shown],
      );
      const text = (await result.innerText()).replace(/\s+/g, " ");
      assert.match(text, /^The server is busy and did not take this request: /);
      assert.match(text, when, `${status} ${retryAfter}`);
      // The zone named as the composer names it ("GMT+9", docs/dashboard.md#times),
      // never a raw date's "GMT".
      assert.doesNotMatch(
        text,
        /HTTP|\b(429|503)\b|GMT(?!\+9\.)|Z\b|database/,
        text,
      );
      await page.unroute(`**${path}`);
    }
    await postFromComposer(page);
    watched.watch.assertClean({
      allowConsole: [
        fetchAnsweredLine(503, path),
        fetchAnsweredLine(429, path),
      ],
    });
  });
});
