/**
 * The posts page in a real Chromium: a published public post with its
 * state and TikTok link, failed posts with TikTok's fail_reason as a
 * sentence (an unknown reason shown raw), and "Post again" for a failed
 * post: no privacy preset, refused by the hourly limit first (the error
 * shown), then sent once the hour has passed.
 */
import assert from "node:assert/strict";
import { browserRunner, signInWithPlan } from "../_helpers/browser_flows.ts";
import {
  apiInPage,
  simulatorAdmin,
  uploadFixtureInPage,
} from "../_helpers/dashboard_seed.ts";
import { waitForAllIslands } from "../_helpers/page_quality.ts";
import { followAMinuteLater } from "../_helpers/follow_while.ts";
import { failReasonSentence } from "../../lib/tiktok/fail_reasons.ts";
import type { TestServer } from "../_helpers/test_server.ts";
import type { Page } from "playwright-core";

const withBrowser = browserRunner();
const STATUS_429_LOGGED = /status of 429/;

async function postVideo(
  page: Page,
  server: TestServer,
  openId: string,
  title: string,
  options: { failReason?: string; privacy?: string } = {},
): Promise<string> {
  // An hour after the last post: the hourly limit lets this one go.
  server.clock.advance(3600_000);
  if (options.failReason) {
    await simulatorAdmin(server.url, openId, {
      faults: [{ fault: "publish_failed", fail_reason: options.failReason }],
    });
  }
  const video = await uploadFixtureInPage(page, "portrait.mp4", {
    as: `${title}.mp4`,
  });
  const r = await apiInPage(page, "POST", "/api/tiktok/direct_post", {
    source_url: video.url,
    title,
    privacy: options.privacy ?? "SELF_ONLY",
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  for (let i = 0; i < 3; i++) await followAMinuteLater(server);
  return String(r.body.publish_id);
}

Deno.test("posts page: states, link, fail reasons as sentences, and Post again through every check", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithPlan(run, "posts_user");
    await postVideo(page, server, openId, "flagged caption", {
      failReason: "spam_risk_text",
    });
    await postVideo(page, server, openId, "odd failure", {
      failReason: "some_new_reason",
    });
    await postVideo(page, server, openId, "for everyone", {
      privacy: "PUBLIC_TO_EVERYONE",
    });
    await page.goto(`${server.url}/dashboard/posts`);
    await waitForAllIslands(page);

    const item = (title: string) =>
      page.locator("li.post-item", { hasText: title });
    const published = item("for everyone");
    assert.equal(await published.getAttribute("data-state"), "done");
    assert.equal(
      (await published.getByTestId("state").textContent())?.trim(),
      "Published",
    );
    const link = await published.getByRole("link", { name: "View on TikTok" })
      .getAttribute("href");
    assert.match(
      String(link),
      /^https:\/\/www\.tiktok\.com\/@[^/]*\/video\/7\d{18}$/,
    );
    assert.ok(
      await published.locator("video.thumb").count() === 1,
      "a video thumbnail",
    );
    const listed = (await apiInPage(page, "GET", "/api/tiktok/posts")).body
      .posts as { title: string; source: string }[];
    const source = listed.find((p) => p.title === "for everyone")!.source;
    assert.match(
      await published.textContent() ?? "",
      source === "FILE_UPLOAD"
        ? /Uploaded to TikTok in chunks/
        : /TikTok pulled it from PM3K's URL/,
      `the source (${source}) is shown`,
    );

    const flagged = item("flagged caption");
    assert.equal(
      (await flagged.getByTestId("state").textContent())?.trim(),
      "Failed",
    );
    assert.equal(
      await flagged.getByTestId("fail-reason").textContent(),
      failReasonSentence("spam_risk_text"),
    );
    assert.equal(
      await item("odd failure").getByTestId("fail-reason").textContent(),
      "some_new_reason",
    );
    assert.equal(
      await published.getByTestId("post-again").count(),
      0,
      "only failed posts are posted again",
    );

    // Post again: nothing preset, the button waits for a privacy choice.
    await flagged.getByTestId("post-again").click();
    const form = flagged.getByTestId("again-form");
    const privacy = form.getByLabel("Who can view this post");
    await privacy.locator("option[value=SELF_ONLY]").waitFor({
      state: "attached",
    });
    assert.equal(await privacy.inputValue(), "");
    assert.equal(await form.getByTestId("again-submit").isDisabled(), true);
    for (const label of ["Allow comments", "Allow Duet", "Allow Stitch"]) {
      assert.equal(await form.getByLabel(label).isChecked(), false, label);
    }
    assert.ok(
      await form.getByRole("link", { name: "Music Usage Confirmation" })
        .count(),
    );
    await privacy.selectOption("SELF_ONLY");
    // The last post was made minutes ago (server time): the hourly limit.
    await form.getByTestId("again-submit").click();
    await form.getByTestId("again-error").filter({ hasText: /wait/ })
      .waitFor();
    server.clock.advance(3600_000);
    await form.getByTestId("again-submit").click();
    await page.getByTestId("posts-status").filter({
      hasText: "Processing can take a few minutes",
    }).waitFor();
    const posts = (await apiInPage(page, "GET", "/api/tiktok/posts")).body
      .posts as { title: string; state: string }[];
    assert.deepEqual(
      posts.filter((p) => p.title === "flagged caption").map((p) => p.state),
      ["pending", "failed"],
    );
    await page.locator("li.post-item[data-state=pending]", {
      hasText: "flagged caption",
    }).waitFor();
    watched.watch.assertClean({ allowConsole: [STATUS_429_LOGGED] });
  });
});

Deno.test("posts page: an unaudited app's Post again offers only Only me, and says why", async () => {
  await browserRunner({}, { env: { TIKTOK_APP_AUDITED: "false" } })(
    async (run) => {
      const { server, page } = run;
      const openId = await signInWithPlan(run, "unaudited_posts_user");
      // An unaudited app may post only to a private TikTok account.
      await simulatorAdmin(server.url, openId, { private_account: true });
      await postVideo(page, server, openId, "private one", {
        failReason: "internal",
      });
      await page.goto(`${server.url}/dashboard/posts`);
      await waitForAllIslands(page);
      const item = page.locator("li.post-item", { hasText: "private one" });
      assert.equal(
        await item.getByTestId("fail-reason").textContent(),
        failReasonSentence("internal"),
      );
      await item.getByTestId("post-again").click();
      const form = item.getByTestId("again-form");
      const privacy = form.getByLabel("Who can view this post");
      await privacy.locator("option[value=SELF_ONLY]").waitFor({
        state: "attached",
      });
      const offered = await privacy.locator("option").evaluateAll((os) =>
        os.map((o) => (o as HTMLOptionElement).value).filter((v) => v)
      );
      assert.deepEqual(offered, ["SELF_ONLY"]);
      assert.match(
        await form.getByTestId("again-unaudited").textContent() ?? "",
        /Posts stay private \(Only me\) until this app passes TikTok's audit/,
      );
      assert.match(
        await form.getByTestId("again-unaudited-account").textContent() ??
          "",
        /TikTok account itself must be private/,
      );
    },
  );
});
