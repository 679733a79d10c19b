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
  cellTexts,
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
import { followAMinuteLater } from "../_helpers/follow_while.ts";
import { runDueJobs } from "../../lib/jobs/due_jobs.ts";
import { failReasonSentence } from "../../lib/tiktok/fail_reasons.ts";

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
    const sentence = failReasonSentence("spam_risk_text");
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
      /· Video · Scheduled · TikTok fetches it from PM3K's URL/,
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
