/**
 * The composer's video picker in a real Chromium: videos of the same file
 * name are told apart (docs/dashboard.md#compose), and a video whose post
 * got no answer from TikTok is not said posted (docs/dashboard.md#freshness).
 */
import assert from "node:assert/strict";
import type { BrowserRun } from "../_helpers/browser_flows.ts";
import {
  browserRunner,
  fixturePath,
  nextApiResponse,
  signInWithPlan,
  uploadVideoFromCard,
  withBrowser,
} from "../_helpers/browser_flows.ts";
import {
  apiInPage,
  sandboxAdmin,
  uploadFixtureInPage,
} from "../_helpers/dashboard_seed.ts";
import { SHORT_TIKTOK_TIMEOUT } from "../_helpers/posting_setup.ts";
import { waitForAllIslands } from "../_helpers/page_quality.ts";

Deno.test("two uploads of the same file name read differently in the composer's video picker, by their upload's tag", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "same_file_names");
    await uploadFixtureInPage(page, "portrait.mp4", { as: "clip.mp4" });
    server.clock.advance(2 * 3600_000);
    await uploadFixtureInPage(page, "portrait.webm", { as: "clip.mp4" });
    await uploadFixtureInPage(page, "portrait.mp4", { as: "other.mp4" });
    await page.goto(`${server.url}/dashboard`);
    await waitForAllIslands(page);
    const options = (await page.locator("[data-testid=post-source] option")
      .allTextContents()).map((t) => t.trim());
    const clips = options.filter((t) => t.startsWith("clip.mp4"));
    assert.equal(clips.length, 2, JSON.stringify(options));
    assert.notEqual(clips[0], clips[1], JSON.stringify(options));
    for (const clip of clips) {
      assert.match(clip, /^clip\.mp4, upload [0-9A-Z]{6}$/);
    }
    // A file name of its own stays as it is.
    assert.ok(options.includes("other.mp4"), JSON.stringify(options));
    watched.watch.assertClean();
  });
});

Deno.test("the compose page's list of uploads names two uploads of one file name apart, as the picker does, and so do their Copy URL buttons", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "same_names_in_card");
    await uploadFixtureInPage(page, "portrait.mp4", { as: "portrait.mp4" });
    await page.goto(`${server.url}/dashboard`);
    await waitForAllIslands(page);
    // The second from the card itself: the list tells them apart at once.
    await uploadVideoFromCard(page, "portrait.mp4");
    const list = page.getByTestId("upload-list");
    const names = (await list.locator("li > a").allTextContents())
      .map((t) => t.trim());
    assert.equal(names.length, 2, JSON.stringify(names));
    for (const name of names) {
      assert.match(name, /^portrait\.mp4, upload [0-9A-Z]{6}$/);
    }
    assert.notEqual(names[0], names[1]);
    const options = (await page.locator("[data-testid=post-source] option")
      .allTextContents()).map((t) => t.trim());
    for (const name of names) {
      assert.ok(options.includes(name), JSON.stringify(options));
      await list.getByRole("button", { name: `Copy URL of ${name}` })
        .waitFor();
    }
    watched.watch.assertClean();
  });
});

Deno.test("while the upload card sends the first video the post button says to wait for the upload, not to choose a video", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    await signInWithPlan(run, "video_waiter", {
      cards: ["post-card"],
      islands: ["PostCard", "UploadCard"],
      privacyOptions: true,
    });
    const needs = page.locator("#post-needs-media");
    assert.equal((await needs.textContent())?.trim(), "Choose a video first.");
    let release = () => {};
    const held = new Promise<void>((resolve) => release = resolve);
    await page.route("**/api/uploads/*/complete", async (route) => {
      await held;
      await route.continue();
    });
    await page.setInputFiles(
      "[data-testid=video-input]",
      fixturePath("portrait.mp4"),
    );
    await page.waitForFunction(() =>
      document.querySelector("#post-needs-media")?.textContent?.trim() ===
        "Wait for the upload to finish."
    );
    assert.equal(await page.getByTestId("post-submit").isDisabled(), true);
    release();
    // Done, the composer holds it and says nothing of media.
    await needs.waitFor({ state: "detached" });
    await page.unroute("**/api/uploads/*/complete");
    watched.watch.assertClean();
  });
});

Deno.test('a video whose post from the composer got no answer from TikTok is named "(outcome unknown)", not "(already posted)", and chosen again says so', async () => {
  await browserRunner({}, { env: SHORT_TIKTOK_TIMEOUT })(async (run) => {
    const { page, watched } = run;
    const { url, option } = await postWithNoAnswer(run, "picker_unknown");
    assert.equal(
      (await option.textContent())?.trim(),
      "portrait.mp4 (outcome unknown)",
    );
    // Chosen by hand: held, with the media page's words, not "posted".
    await page.selectOption("[data-testid=post-source]", url);
    const why = page.locator("#post-video-posted");
    assert.equal(
      (await why.textContent())?.trim(),
      "TikTok never said whether the post of this video was made: look for it on your TikTok profile. If it is not there, say so on the Posts page, and this video can be posted again.",
    );
    assert.ok(await page.locator("[data-testid=post-submit]").isDisabled());
    watched.watch.assertClean({ allowConsole: [/status of 502/] });
  });
});

Deno.test('a video whose unanswered post is marked not posted loses "(outcome unknown)" in the composer once Your posts shows the post failed, and can be posted', async () => {
  await browserRunner({}, { env: SHORT_TIKTOK_TIMEOUT })(async (run) => {
    const { server, page, watched } = run;
    const { url, option, postId } = await postWithNoAnswer(
      run,
      "picker_unknown_freed",
    );
    // An hour on, the creator says it is not on the profile (as the posts
    // page does, in another tab) and comes back: Your posts reads again.
    server.clock.advance(61 * 60_000);
    const marked = await apiInPage(
      page,
      "POST",
      `/api/tiktok/posts/${postId}/not_posted`,
    );
    assert.equal(marked.status, 200, JSON.stringify(marked.body));
    await page.evaluate(() => dispatchEvent(new Event("focus")));
    await page.locator(`tr[data-state=failed]`).waitFor();
    // Polled: the composer reads the posts again first.
    const until = performance.now() + 5_000;
    while (
      (await option.textContent())?.trim() !== "portrait.mp4" &&
      performance.now() < until
    ) await new Promise((r) => setTimeout(r, 100));
    assert.equal((await option.textContent())?.trim(), "portrait.mp4");
    await page.selectOption("[data-testid=post-source]", url);
    assert.equal(await page.locator("#post-video-posted").count(), 0);
    watched.watch.assertClean({ allowConsole: [/status of 502/] });
  });
});

/**
 * Signs in as `username`, uploads a video from the card and posts it from
 * the composer while TikTok does not answer (sandbox timeout, 502): the
 * video's URL, its option in the picker once marked "(outcome unknown)",
 * and the post's id.
 */
async function postWithNoAnswer(run: BrowserRun, username: string) {
  const { server, page } = run;
  const openId = await signInWithPlan(run, username, { privacyOptions: true });
  const url = await uploadVideoFromCard(page, "portrait.mp4");
  assert.equal(
    await page.locator("[data-testid=post-source]").inputValue(),
    url,
  );
  await page.selectOption("[data-testid=post-privacy]", "SELF_ONLY");
  await page.fill("[data-testid=post-title]", `no answer for ${username}`);
  await sandboxAdmin(server, openId, { faults: [{ fault: "timeout" }] });
  const sent = nextApiResponse(page, {
    method: "POST",
    path: "/api/tiktok/direct_post",
  });
  await page.click("[data-testid=post-submit]");
  const answer = await sent;
  assert.equal(answer.status(), 502);
  await page.waitForFunction(
    (u) =>
      document.querySelector(`[data-testid=post-source] option[value="${u}"]`)
        ?.textContent?.includes("(outcome unknown)"),
    url,
  );
  return {
    url,
    option: page.locator(`[data-testid=post-source] option[value="${url}"]`),
    postId: String((await answer.json()).post_id),
  };
}
