/**
 * Media posted on the account already, in the dashboard
 * (docs/dashboard.md#reused-media): an album refused as photos, not as a
 * "video URL"; the media page not offering an album posted already; and
 * the composer holding Post now and Schedule, with the reason, as soon as
 * a video posted already is chosen.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  localInputIn,
  signInWithPlan,
  waitForPrivacyOptions,
  withBrowser,
} from "../_helpers/browser_flows.ts";
import type { BrowserRun } from "../_helpers/browser_flows.ts";
import {
  apiInPage,
  rememberedAlbumInPage,
  uploadFixtureInPage,
} from "../_helpers/dashboard_seed.ts";
import { waitForAllIslands } from "../_helpers/page_quality.ts";
import { getAlbumWithImages } from "../../lib/media/albums.ts";

const $ = (id: string) => `[data-testid=${id}]`;
/** Chromium logs the refusal's 400. */
const REFUSED_LOGGED = /status of 400/;

/** An automation posts `media` through the API meanwhile. */
async function postedByAnAutomation(
  page: Page,
  media: Record<string, unknown>,
): Promise<void> {
  const sent = await apiInPage(page, "POST", "/api/tiktok/direct_post", {
    ...media,
    title: "posted by an automation",
    privacy: "SELF_ONLY",
  });
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
}

/** Opens the dashboard's composer, its privacy options loaded. */
async function openComposer({ server, page, watched }: BrowserRun) {
  await page.goto(`${server.url}/dashboard`);
  await waitForAllIslands(page);
  await waitForPrivacyOptions(page, watched);
}

/** Names the post `title`, seen only by its owner. */
async function describePost(page: Page, title: string) {
  await page.fill($("post-title"), title);
  await page.selectOption($("post-privacy"), "SELF_ONLY");
}

/** Schedules the post three hours ahead. */
async function scheduleAhead(page: Page) {
  await page.check($("when-schedule"));
  await page.fill($("post-run-at"), await localInputIn(page, 3));
}

Deno.test("an album posted already is refused as photos in the composer, and the media page says so in place of Use in a post", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithPlan(run, "reused_album_user", {
      islands: ["PostCard"],
    });
    const albumId = await rememberedAlbumInPage(page, openId, 0);
    const { images } = await getAlbumWithImages(server.deps, openId, albumId);
    // An automation posted the album's photos meanwhile.
    await postedByAnAutomation(page, {
      media_type: "PHOTO",
      photo_images: images.map((i) => i.url),
      photo_cover_index: 0,
    });

    await openComposer(run);
    await page.locator(`${$("photo-carousel")} li`).nth(1).waitFor();
    await describePost(page, "The same album again");
    await scheduleAhead(page);
    await page.click($("post-submit"));
    const error = page.locator($("post-error"));
    await error.waitFor();
    assert.equal(
      (await error.textContent())?.trim(),
      "These photos were already posted on this TikTok account in the last 12 months.",
    );

    await page.goto(`${server.url}/dashboard/media`);
    await waitForAllIslands(page);
    const item = page.locator(`[data-album-id="${albumId}"]`);
    assert.equal(await item.getByTestId("album-use").count(), 0);
    assert.match(
      await item.getByTestId("album-reuse-refused").innerText(),
      /These photos were sent to TikTok already, and the same photos are posted at most once on an account within 12 months/,
    );
    watched.watch.assertClean({ allowConsole: [REFUSED_LOGGED] });
  });
});

Deno.test("a video posted already, chosen in the composer, holds Post now, Schedule and drafts with the reason", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    await signInWithPlan(run, "reused_video_user", { islands: ["PostCard"] });
    const posted = await uploadFixtureInPage(page, "portrait.mp4", {
      as: "posted.mp4",
    });
    await postedByAnAutomation(page, { source_url: posted.url });

    await openComposer(run);
    await page.selectOption($("post-source"), String(posted.url));
    await describePost(page, "The same video again");
    const submit = page.locator($("post-submit"));
    const reason = page.locator("#post-video-posted");
    assert.equal(
      (await reason.textContent())?.trim(),
      "This video was already posted on this TikTok account in the last 12 months.",
    );
    for (const step of ["now", "schedule", "drafts"]) {
      if (step === "schedule") await scheduleAhead(page);
      if (step === "drafts") {
        await page.check($("when-now"));
        await page.check($("post-to-drafts"));
      }
      assert.ok(await submit.isDisabled(), `held for ${step}`);
      assert.ok(
        ((await submit.getAttribute("aria-describedby")) ?? "").split(" ")
          .includes("post-video-posted"),
        `the reason is the button's for ${step}`,
      );
    }
    watched.watch.assertClean();
  });
});

Deno.test("a video an automation posted after the page loaded is refused in the dashboard's words, not the API's", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    await signInWithPlan(run, "reused_late_user", { islands: ["PostCard"] });
    const video = await uploadFixtureInPage(page, "portrait.mp4", {
      as: "video.mp4",
    });
    await openComposer(run);
    await page.selectOption($("post-source"), String(video.url));
    await describePost(page, "Scheduled from the dashboard");
    await scheduleAhead(page);
    // Posted by an automation meanwhile: this page cannot know.
    await postedByAnAutomation(page, { source_url: video.url });
    await page.click($("post-submit"));
    const error = page.locator(`${$("post-error")}[data-code=video_duplicate]`);
    await error.waitFor();
    assert.equal(
      (await error.textContent())?.trim(),
      "This video was already posted on this TikTok account in the last 12 months.",
    );
    watched.watch.assertClean({ allowConsole: [REFUSED_LOGGED] });
  });
});

Deno.test("an album a scheduled post already has is refused as photos, naming that post's time, not as a video", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithPlan(run, "held_album_user", {
      islands: ["PostCard"],
    });
    const albumId = await rememberedAlbumInPage(page, openId, 0);
    const { images } = await getAlbumWithImages(server.deps, openId, albumId);
    // An automation scheduled the album's photos meanwhile, 5 hours on.
    const job = await apiInPage(page, "POST", "/api/jobs", {
      kind: "tiktok",
      media_type: "PHOTO",
      photo_images: images.map((i) => i.url),
      photo_cover_index: 0,
      title: "scheduled by an automation",
      privacy: "SELF_ONLY",
      run_at: new Date(Date.now() + 5 * 3600_000).toISOString(),
    });
    assert.equal(job.status, 200, JSON.stringify(job.body));

    await page.goto(`${server.url}/dashboard`);
    await waitForAllIslands(page);
    await waitForPrivacyOptions(page, watched);
    await page.locator(`${$("photo-carousel")} li`).nth(1).waitFor();
    await page.fill($("post-title"), "The same album, earlier");
    await page.selectOption($("post-privacy"), "SELF_ONLY");
    await page.check($("when-schedule"));
    await page.fill($("post-run-at"), await localInputIn(page, 2));
    await page.click($("post-submit"));
    const error = page.locator(`${$("post-error")}[data-code=video_duplicate]`);
    await error.waitFor();
    const text = (await error.textContent())?.trim() ?? "";
    assert.match(
      text,
      /^A post scheduled for .+ already has these photos, and a scheduled post's photos cannot be changed: cancel that post first\.$/,
    );
    assert.doesNotMatch(text, /video/i);
    watched.watch.assertClean({ allowConsole: [REFUSED_LOGGED] });
  });
});
