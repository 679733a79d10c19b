/**
 * The composer when the connection cuts as a post is sent
 * (docs/dashboard.md#scheduling): nothing is lost, and once back, pressing
 * the button again posts it once (the same Idempotency-Key), whether the
 * first send arrived or not.
 */
import assert from "node:assert/strict";
import {
  signInWithPlan,
  uploadVideoFromCard,
  waitUntilListed,
  withBrowser,
} from "../_helpers/browser_flows.ts";
import type { BrowserRun } from "../_helpers/browser_flows.ts";
import { apiInPage } from "../_helpers/dashboard_seed.ts";

const CUT_LOGGED = /ERR_INTERNET_DISCONNECTED|Failed to load resource/;

/** Signs in, uploads a video and fills the composer to post it now. */
async function readyToPost(run: BrowserRun, username: string) {
  const { page } = run;
  await signInWithPlan(run, username, {
    cards: ["post-card"],
    islands: ["UploadCard", "PostCard", "PostsList"],
    privacyOptions: true,
  });
  const url = await uploadVideoFromCard(page);
  await waitUntilListed(page, url);
  await page.fill("[data-testid=post-title]", "sent through a bad line");
  await page.selectOption("[data-testid=post-privacy]", "SELF_ONLY");
}

/** The account's posts, as the API lists them. */
async function listedPosts(run: BrowserRun) {
  return (await apiInPage(run.page, "GET", "/api/tiktok/posts")).body
    .posts as { publish_id: string; title: string }[];
}

Deno.test("a post whose answer the cut connection lost keeps the form, and pressing Post again gets the first answer: posted once, no reload", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    await readyToPost(run, "cut_after_arrival");
    // The request reaches PM3K, which posts it; its answer never comes back.
    let firstAnswer: { publish_id?: string } = {};
    await page.route("**/api/tiktok/direct_post", async (route) => {
      firstAnswer = await (await route.fetch()).json();
      await route.abort("internetdisconnected");
    }, { times: 1 });
    await page.click("[data-testid=post-submit]");
    const error = page.getByTestId("post-error");
    await error.waitFor();
    const said = (await error.textContent()) ?? "";
    assert.match(said, /press the button again/);
    assert.doesNotMatch(said, /reload/i);
    assert.ok(firstAnswer.publish_id, "PM3K took the first send");
    assert.equal(
      await page.locator("[data-testid=post-title]").inputValue(),
      "sent through a bad line",
      "the caption is still there",
    );

    await page.click("[data-testid=post-submit]");
    const ok = page.locator(
      `[data-testid=post-ok][data-publish-id="${firstAnswer.publish_id}"]`,
    );
    await ok.waitFor();
    const posts = (await listedPosts(run)).filter((p) =>
      p.title === "sent through a bad line"
    );
    assert.equal(posts.length, 1, "posted once");
    watched.watch.assertClean({ allowConsole: [CUT_LOGGED] });
  });
});

Deno.test("a post sent while offline is posted by pressing the button again once back online", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    await readyToPost(run, "cut_before_arrival");
    await page.context().setOffline(true);
    await page.click("[data-testid=post-submit]");
    await page.getByTestId("post-error").waitFor();
    await page.context().setOffline(false);
    assert.equal((await listedPosts(run)).length, 0);
    await page.click("[data-testid=post-submit]");
    await page.getByTestId("post-ok").waitFor();
    assert.equal((await listedPosts(run)).length, 1);
    // Offline, the limits read after the send could not be read either.
    watched.watch.assertClean({
      allowConsole: [CUT_LOGGED, /loading your posting limits failed/],
    });
  });
});
