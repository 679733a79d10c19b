/**
 * The dashboard's "Post now" card and posts list in a real headless
 * Chromium against the real app on a loopback port: a video posted from
 * the card and followed from pending to done, the API's error messages as
 * they are (docs/posting.md#dashboard), a failed publish with its
 * fail_reason, a private account's own privacy options, and an album from
 * Photo Mode posted now.
 *
 * Nothing follows TikTok's status on its own in tests: the tests advance
 * the server's ManualClock and run the follower themselves.
 */
import assert from "node:assert/strict";
import { followAMinuteLater } from "../_helpers/follow_while.ts";
import type { Page } from "playwright-core";
import {
  cellTexts,
  chooseVideo,
  escapeRegExp,
  fixturePath,
  nextApiResponse,
  privacyOptions,
  signInWithPlan,
  sleep,
  uploadVideoFromCard,
  waitForListRowState,
  waitUntilListed,
  withBrowser,
} from "../_helpers/browser_flows.ts";
import type { BrowserRun } from "../_helpers/browser_flows.ts";
import { sandboxAdmin } from "../_helpers/dashboard_seed.ts";
import { FAIL_REASON_SENTENCES } from "../../lib/tiktok/fail_reasons.ts";

/** Chromium logs every 4xx answer a page's fetch or XHR gets. */
const STATUS_400_LOGGED = /status of 400/;
const ULID = "[0-9A-HJKMNP-TV-Z]{26}";
const PUBLIC_OPTIONS = [
  "PUBLIC_TO_EVERYONE",
  "MUTUAL_FOLLOW_FRIENDS",
  "SELF_ONLY",
];
const PRIVATE_OPTIONS = [
  "FOLLOWER_OF_CREATOR",
  "MUTUAL_FOLLOW_FRIENDS",
  "SELF_ONLY",
];
/** The islands the posting tests use, all waited for after sign-in. */
const ISLANDS = ["UploadCard", "PostCard", "PostsList"];
/** PostsList refreshes while a post is pending (500 ms here); a bound. */
const LIST_REFRESH_WAIT_MS = 12_000;

/**
 * Signs in as sandbox user `username` through the consent page, runs
 * `beforePlan` (the sandbox user exists then, the PostCard is not shown
 * yet), chooses the monthly plan, waits for the islands and for the card's
 * creator_info; returns the open_id.
 */
function signInWithMonthlyPlan(
  run: BrowserRun,
  username: string,
  beforePlan?: (openId: string) => Promise<void>,
): Promise<string> {
  return signInWithPlan(run, username, {
    beforePlan,
    cards: ["post-card"],
    islands: ISLANDS,
    privacyOptions: true,
  });
}

/** Posts from the card as it is now filled in; returns what the card shows. */
async function submitPost(
  page: Page,
): Promise<
  { ok: true; publishId: string } | {
    ok: false;
    code: string;
    message: string;
  }
> {
  const submit = page.locator("[data-testid=post-submit]");
  assert.ok(await submit.isEnabled(), "the card can be submitted");
  const responded = nextApiResponse(page, {
    method: "POST",
    path: "/api/tiktok/direct_post",
  });
  await submit.click();
  const api = await (await responded).json();
  if (api.ok === true) {
    const shown = page.locator(
      `[data-testid=post-ok][data-publish-id="${api.publish_id}"]`,
    );
    await shown.waitFor();
    // Where to follow it, in the words of the page: no field name, no id.
    const notice = (await shown.textContent())?.replace(/\s+/g, " ") ?? "";
    assert.match(notice, /Its progress shows under Your posts\.$/);
    assert.doesNotMatch(notice, /publish_id|v_pub|`/);
    assert.equal(
      await page.getByRole("heading", { name: "Your posts" }).count(),
      1,
      "the section the notice names is on the page",
    );
    return { ok: true, publishId: String(api.publish_id) };
  }
  const error = page.locator(
    `[data-testid=post-error][data-code="${api.error}"]`,
  );
  await error.waitFor();
  // Untrimmed: the message is shown exactly as the API sent it.
  const message = await error.textContent() ?? "";
  assert.equal(message, api.message, "the card shows the API's message");
  return { ok: false, code: api.error, message };
}

/** Fills the caption and privacy, posts, expects a publish_id. */
async function postFromCard(
  page: Page,
  caption: string,
  privacy = "SELF_ONLY",
): Promise<string> {
  await page.fill("[data-testid=post-title]", caption);
  await page.selectOption("[data-testid=post-privacy]", privacy);
  const answer = await submitPost(page);
  assert.ok(answer.ok, `the post was accepted: ${JSON.stringify(answer)}`);
  return answer.publishId;
}

/** Runs the follower once, a minute later by the server's clock. */

/** The posts list's row for a publish_id. */
const rowSelector = (publishId: string) =>
  `[data-testid=posts-list] tr[data-publish-id="${publishId}"]`;
const rowOf = (page: Page, publishId: string) =>
  page.locator(rowSelector(publishId));

/** Waits until the row's state is `state` (the list refreshes itself). */
function waitForRowState(page: Page, publishId: string, state: string) {
  return waitForListRowState(
    page,
    rowSelector(publishId),
    state,
    publishId,
    LIST_REFRESH_WAIT_MS,
  );
}

/** The cells' text of a row, trimmed. */
function cellsOf(page: Page, publishId: string): Promise<string[]> {
  return cellTexts(rowOf(page, publishId));
}

Deno.test("a video is posted now from the dashboard and its state goes from pending to done in the posts list", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithMonthlyPlan(run, "post_now_video");
    const list = page.locator("[data-testid=posts-list]");
    assert.match(await list.textContent() ?? "", /Nothing posted yet\./);

    const url = await uploadVideoFromCard(page);
    await waitUntilListed(page, url);
    assert.equal(
      await page.locator("[data-testid=post-source]").inputValue(),
      url,
      "the new upload is the chosen video",
    );
    assert.equal(
      await page.locator(`[data-testid=post-source] option[value="${url}"]`)
        .textContent(),
      "portrait.mp4",
    );

    const caption = "Posted now from the browser test #pm3k";
    await page.fill("[data-testid=post-title]", caption);
    assert.deepEqual(await privacyOptions(page), PUBLIC_OPTIONS);
    assert.equal(
      await page.locator("[data-testid=post-privacy]").inputValue(),
      "",
      "no privacy is chosen for the user",
    );
    const submit = page.locator("[data-testid=post-submit]");
    assert.ok(await submit.isDisabled(), "no post before a privacy choice");
    await page.selectOption("[data-testid=post-privacy]", "SELF_ONLY");
    assert.ok(await submit.isEnabled(), "a privacy choice allows the post");

    const answer = await submitPost(page);
    assert.ok(answer.ok, `the post was accepted: ${JSON.stringify(answer)}`);
    const { publishId } = answer;
    assert.match(publishId, /^v_pub_url~v2\.\d+$/);
    // TikTok's audit: say processing takes minutes; nothing left armed.
    assert.match(
      await page.locator("[data-testid=post-ok]").textContent() ?? "",
      /Processing can take a few minutes; the post then appears on your TikTok profile\./,
    );
    assert.equal(
      await page.locator("[data-testid=post-title]").inputValue(),
      "",
    );
    assert.equal(
      await page.locator("[data-testid=post-privacy]").inputValue(),
      "",
    );
    // The video went with the post: none chosen, nothing in the preview.
    assert.equal(
      await page.locator("[data-testid=post-source]").inputValue(),
      "",
    );
    assert.equal(await page.locator("[data-testid=preview-video]").count(), 0);
    assert.ok(await submit.isDisabled(), "no second post of the same form");

    const row = rowOf(page, publishId);
    await row.waitFor();
    assert.equal(await row.getAttribute("data-state"), "pending");
    const pending = await cellsOf(page, publishId);
    assert.equal(pending[1], caption);
    // Beside the state, who can view it (docs/dashboard.md#who-can-view-a-post).
    assert.equal(pending[2], "Processing · who can view: Only me");
    assert.equal(pending[3], "");

    // First check: TikTok downloads (still pending); second: published.
    assert.equal(await followAMinuteLater(server), 1);
    assert.equal(await followAMinuteLater(server), 1);
    await waitForRowState(page, publishId, "done");
    const done = await cellsOf(page, publishId);
    assert.equal(done[2], "Published · who can view: Only me");
    assert.equal(done[3], "");
    assert.equal(await list.locator("tbody tr").count(), 1);

    watched.watch.assertClean();
  });
});

Deno.test("the same video chosen again is held at once with the reason, and a refused caption says why", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    await signInWithMonthlyPlan(run, "post_twice");
    const url = await uploadVideoFromCard(page);
    await waitUntilListed(page, url);
    const first = await postFromCard(page, "The first post of this video");
    await rowOf(page, first).waitFor();

    // The composer reset after the post, the video too: the choices are
    // made again, the same video chosen on purpose.
    assert.equal(
      await page.locator("[data-testid=post-source]").inputValue(),
      "",
    );
    await chooseVideo(page, url);
    await page.fill("[data-testid=post-title]", "Another caption, same video");
    await page.selectOption("[data-testid=post-privacy]", "SELF_ONLY");
    // TikTok's duplicate rule would refuse it: said before any post, in
    // the dashboard's words (docs/dashboard.md#reused-media).
    const submit = page.locator("[data-testid=post-submit]");
    assert.ok(await submit.isDisabled(), "the same video is not sent again");
    assert.equal(
      (await page.locator("#post-video-posted").textContent())?.trim(),
      "This video was already posted on this TikTok account in the last 12 months.",
    );

    // A link is refused while typing, with the API's own code and message
    // (the same rule code: lib/posting/caption_checks.ts), before any post.
    await page.fill(
      "[data-testid=post-title]",
      "See more at https://example.com/more",
    );
    const problem = page.locator(
      "[data-testid=post-title-problem][data-code=links_forbidden]",
    );
    await problem.waitFor();
    assert.equal(
      await problem.textContent(),
      "Links are not allowed in TikTok captions for this service.",
    );
    assert.ok(
      ((await submit.getAttribute("aria-describedby")) ?? "").split(" ")
        .includes("post-title-problem"),
      "a caption the API refuses holds the button",
    );

    assert.equal(
      await page.locator("[data-testid=posts-list] tbody tr").count(),
      1,
      "the refused posts are not listed",
    );
    watched.watch.assertClean({ allowConsole: [STATUS_400_LOGGED] });
  });
});

Deno.test("a failed publish shows its fail_reason in the posts list, and Post again there opens the composer with its video and caption", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithMonthlyPlan(run, "post_fails");
    await sandboxAdmin(server, openId, {
      faults: [{ fault: "publish_failed", fail_reason: "spam_risk_text" }],
    });
    const url = await uploadVideoFromCard(page);
    await waitUntilListed(page, url);
    const publishId = await postFromCard(page, "TikTok will refuse this one");
    await rowOf(page, publishId).waitFor();
    assert.equal(
      await rowOf(page, publishId).getAttribute("data-state"),
      "pending",
    );

    assert.equal(await followAMinuteLater(server), 1);
    assert.equal(await followAMinuteLater(server), 1);
    await waitForRowState(page, publishId, "failed");
    const cells = await cellsOf(page, publishId);
    // In words, not codes: the state's label and the reason as the Posts
    // page gives it; neither TikTok's status nor its fail_reason code.
    assert.equal(cells[2], "Failed · who can view: Only me");
    const sentence = FAIL_REASON_SENTENCES.spam_risk_text;
    assert.equal(cells[3].slice(0, sentence.length), sentence);
    assert.match(cells[3], /spam/);
    const row = await rowOf(page, publishId).textContent() ?? "";
    assert.doesNotMatch(row, /spam_risk_text|FAILED/);
    // The way on, where the failure is said (docs/dashboard.md#post-again),
    // named with its post for a screen reader.
    await rowOf(page, publishId).getByRole("link", {
      name: "Post again “TikTok will refuse this one”",
    }).click();
    await page.waitForURL(/\/dashboard\?again=/);
    await page.waitForFunction(
      (want) =>
        (document.querySelector("[data-testid=post-title]") as
          | HTMLTextAreaElement
          | null)?.value === want,
      "TikTok will refuse this one",
    );
    assert.equal(await page.inputValue("[data-testid=post-source]"), url);

    watched.watch.assertClean();
  });
});

Deno.test("once Your posts shows a post sent from the composer Failed, the composer no longer says it will appear on the TikTok profile, at 375 and 1280 px", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithMonthlyPlan(run, "post_fails_notice");
    await sandboxAdmin(server, openId, {
      faults: [{ fault: "publish_failed", fail_reason: "spam_risk_text" }],
    });
    const url = await uploadVideoFromCard(page);
    await waitUntilListed(page, url);
    const publishId = await postFromCard(page, "TikTok will refuse this too");
    const ok = page.locator("[data-testid=post-ok]");
    assert.match(await ok.innerText(), /appears on your TikTok profile/);
    assert.equal(await followAMinuteLater(server), 1);
    assert.equal(await followAMinuteLater(server), 1);
    await waitForRowState(page, publishId, "failed");
    await page.waitForFunction(() =>
      !document.querySelector("[data-testid=post-ok]")?.textContent
        ?.includes("Sent to TikTok")
    );
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      const said = (await ok.innerText()).replace(/\s+/g, " ");
      assert.equal(
        said,
        "TikTok could not post it: why shows under Your posts.",
        `at ${width} px`,
      );
      assert.ok(await ok.isVisible());
      // Straight to the failed post's row in Your posts.
      await ok.getByRole("link", { name: "why shows under Your posts" })
        .click();
      assert.equal(
        await page.evaluate(() =>
          (document.querySelector(":target") as HTMLElement | null)?.dataset
            .publishId
        ),
        publishId,
      );
      assert.ok(
        await page.evaluate(() =>
          document.documentElement.scrollWidth <=
            document.documentElement.clientWidth
        ),
        `no sideways scroll at ${width} px`,
      );
    }
    // A failure is not drawn in a success's green edge.
    assert.deepEqual(
      await ok.evaluate((el) => {
        const probe = document.createElement("span");
        document.body.append(probe);
        const colour = (v: string) => {
          probe.style.color = `var(${v})`;
          return getComputedStyle(probe).color;
        };
        const edge = getComputedStyle(el).borderLeftColor;
        const said = { edge, error: colour("--error"), ok: colour("--ok") };
        probe.remove();
        return said.edge === said.error && said.edge !== said.ok;
      }),
      true,
      "the failed notice's edge is the error colour",
    );
    watched.watch.assertClean();
  });
});

Deno.test("once TikTok fails a post of the video just uploaded, the upload card no longer says it was sent to TikTok: it says TikTok could not post it and where Post again is, without a reload, at 375 and 1280 px", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithMonthlyPlan(run, "upload_card_fails");
    await sandboxAdmin(server, openId, {
      faults: [{ fault: "publish_failed", fail_reason: "spam_risk_text" }],
    });
    const url = await uploadVideoFromCard(page);
    await waitUntilListed(page, url);
    const publishId = await postFromCard(
      page,
      "TikTok will refuse this upload",
    );
    const place = page.locator("[data-testid=upload-place]");
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=upload-place]")?.textContent ===
        "it was sent to TikTok; its progress shows under Your posts."
    );
    assert.equal(await followAMinuteLater(server), 1);
    assert.equal(await followAMinuteLater(server), 1);
    await waitForRowState(page, publishId, "failed");
    const failed =
      "it was sent to TikTok, which could not post it: why, and Post again, show under Your posts.";
    try {
      await page.waitForFunction(
        (want) =>
          document.querySelector("[data-testid=upload-place]")
            ?.textContent === want,
        failed,
        { timeout: 5_000 },
      );
    } catch (error) {
      throw new Error(
        `the upload card says ${JSON.stringify(await place.textContent())}`,
        { cause: error },
      );
    }
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      assert.ok(await place.isVisible(), `at ${width} px`);
      assert.ok(
        await page.evaluate(() =>
          document.documentElement.scrollWidth <=
            document.documentElement.clientWidth
        ),
        `no sideways scroll at ${width} px`,
      );
    }
    // Where it says: the failed post's row offers Post again.
    await rowOf(page, publishId).getByRole("link", { name: /^Post again/ })
      .waitFor();
    watched.watch.assertClean();
  });
});

Deno.test("once TikTok fails a post sent from the composer, the composer no longer says when the next post is possible, and its video is no longer called posted, without a reload", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithMonthlyPlan(run, "post_fails_frees");
    await sandboxAdmin(server, openId, {
      faults: [{ fault: "publish_failed", fail_reason: "spam_risk_text" }],
    });
    const url = await uploadVideoFromCard(page);
    await waitUntilListed(page, url);
    const publishId = await postFromCard(page, "TikTok will refuse it");
    const option = page.locator(
      `[data-testid=post-source] option[value="${url}"]`,
    );
    // While TikTok has it, the hour after it is taken and its video used.
    const limited = page.locator("[data-testid=post-now-limited]");
    await limited.waitFor();
    assert.match(await option.innerText(), /\(already posted\)$/);

    assert.equal(await followAMinuteLater(server), 1);
    assert.equal(await followAMinuteLater(server), 1);
    // The server's clock back on the browser's, which the composer's "now"
    // is judged by (the two minutes followed would read as a later time),
    // before the list can see the failure: no await in between.
    server.clock.set(Date.now());
    await waitForRowState(page, publishId, "failed");
    // A failed post counts against no limit and leaves its video free
    // (docs/posting.md#limits-left): the composer says so as a reload would.
    await limited.waitFor({ state: "detached", timeout: 5_000 });
    assert.equal(
      (await page.locator("[data-testid=post-next-free]").innerText()).trim(),
      "Next free: now",
    );
    assert.equal(
      await page.locator("[data-testid=post-schedule-next-free]").count(),
      0,
      "no Schedule for a later time is offered",
    );
    // The video is read again once the failure is told (an API call of its
    // own, after the limits): its mark goes a moment later under load.
    await page.waitForFunction(
      (s) => document.querySelector(s)?.textContent?.trim() === "portrait.mp4",
      `[data-testid=post-source] option[value="${url}"]`,
      { timeout: 5_000 },
    );
    watched.watch.assertClean();
  });
});

Deno.test("once TikTok fails a post sent from the composer, its video is no longer called posted even when a second post was sent from the composer meanwhile", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithMonthlyPlan(run, "second_post_meanwhile");
    // The first publish fails; the second goes through.
    await sandboxAdmin(server, openId, {
      faults: [{ fault: "publish_failed", fail_reason: "spam_risk_text" }],
    });
    const first = await uploadVideoFromCard(page);
    await waitUntilListed(page, first);
    const failing = await postFromCard(page, "TikTok will refuse it");
    // An hour on by the server's clock, a second post is allowed, before
    // TikTok has said anything of the first.
    server.clock.advance(61 * 60_000);
    const second = await uploadVideoFromCard(page, "portrait.webm");
    await chooseVideo(page, second);
    await postFromCard(page, "A second post, another video");
    const option = (url: string) =>
      page.locator(`[data-testid=post-source] option[value="${url}"]`);
    assert.match(await option(first).innerText(), /\(already posted\)$/);
    assert.match(await option(second).innerText(), /\(already posted\)$/);

    assert.ok(await followAMinuteLater(server) >= 1);
    assert.ok(await followAMinuteLater(server) >= 1);
    server.clock.set(Date.now());
    await waitForRowState(page, failing, "failed");
    // The first post's video is free again, as a reload would show it; the
    // second's is still posted.
    await page.waitForFunction(
      (s) => document.querySelector(s)?.textContent?.trim() === "portrait.mp4",
      `[data-testid=post-source] option[value="${first}"]`,
      { timeout: 5_000 },
    );
    assert.match(await option(second).innerText(), /\(already posted\)$/);
    watched.watch.assertClean();
  });
});

Deno.test("a private TikTok account is offered only its own privacy options", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithMonthlyPlan(
      run,
      "private_creator",
      (openId) => sandboxAdmin(server, openId, { private_account: true }),
    );
    assert.deepEqual(await privacyOptions(page), PRIVATE_OPTIONS);
    assert.equal(
      await page.locator("[data-testid=post-privacy]").inputValue(),
      "",
    );
    assert.ok(
      await page.locator("[data-testid=post-submit]").isDisabled(),
      "no post before a privacy choice",
    );

    watched.watch.assertClean();
  });
});

Deno.test("an album from Photo Mode can be posted now", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    const openId = await signInWithMonthlyPlan(run, "album_poster");
    await page.click("[data-testid=post-mode-photo]");
    assert.equal(
      await page.locator("[data-testid=post-source]").count(),
      0,
      "the video select gives way to the photos",
    );
    await page.setInputFiles("[data-testid=photo-input]", [
      fixturePath("photo2.jpg"),
      fixturePath("photo3.webp"),
    ]);
    const carousel = page.locator("[data-testid=photo-carousel] img");
    const deadline = Date.now() + 10_000;
    while (await carousel.count() < 2) {
      if (Date.now() > deadline) {
        throw new Error(`the carousel shows ${await carousel.count()} images`);
      }
      await sleep(25);
    }
    const images = await carousel.evaluateAll((imgs) =>
      imgs.map((i) => (i as HTMLImageElement).getAttribute("src") ?? "")
    );
    const albumId = new RegExp(
      `/files/uploads/${escapeRegExp(openId)}/albums/(${ULID})/${ULID}\\.jpg$`,
    ).exec(images[0])?.[1];
    assert.ok(albumId, `an album URL: ${images[0]}`);

    const caption = "Two photos posted now #pm3k";
    const publishId = await postFromCard(page, caption, "SELF_ONLY");
    assert.match(publishId, /^p_pub_url~v2\.\d+$/);
    const row = rowOf(page, publishId);
    await row.waitFor();
    assert.equal(await row.getAttribute("data-state"), "pending");
    assert.equal((await cellsOf(page, publishId))[1], `📷 ${caption}`);
    // Its picture beside the caption, as Scheduled posts and the posts
    // page show one: the album's first photo.
    assert.equal(
      await row.locator("img.thumb.small").getAttribute("src"),
      images[0],
    );

    watched.watch.assertClean();
  });
});

Deno.test('a post whose request the network cuts off says it may have gone through and to press again once back, not the browser\'s "Failed to fetch"', async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    await signInWithMonthlyPlan(run, "post_offline");
    const url = await uploadVideoFromCard(page);
    await waitUntilListed(page, url);
    await chooseVideo(page, url);
    await page.fill("[data-testid=post-title]", "Sent into the void");
    await page.selectOption("[data-testid=post-privacy]", "SELF_ONLY");
    await page.route(
      "**/api/tiktok/direct_post",
      (route) => route.abort("internetdisconnected"),
    );
    await page.click("[data-testid=post-submit]");
    const error = page.locator(
      "[data-testid=post-error][data-code=network_error]",
    );
    await error.waitFor();
    assert.equal(
      await error.textContent(),
      "The server could not be reached, so this may or may not have been sent. Everything is still filled in: once your internet connection is back, press the button again. It is never posted twice: if it did arrive, the page says so instead.",
    );
    assert.equal(await error.getAttribute("role"), "alert");
    // Nothing is reset: the post is there to send again.
    assert.equal(
      await page.inputValue("[data-testid=post-title]"),
      "Sent into the void",
    );
    assert.equal(await page.inputValue("[data-testid=post-source]"), url);
    watched.watch.assertClean({ allowConsole: [/ERR_INTERNET_DISCONNECTED/] });
  });
});

Deno.test("TikTok failing on its side is said in words with what to do, not as TikTok's internal_error code", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithMonthlyPlan(run, "tiktok_down");
    await sandboxAdmin(server, openId, { faults: [{ fault: "server_error" }] });
    const url = await uploadVideoFromCard(page);
    await waitUntilListed(page, url);
    await chooseVideo(page, url);
    await page.fill("[data-testid=post-title]", "TikTok is having a day");
    await page.selectOption("[data-testid=post-privacy]", "SELF_ONLY");
    const answer = await submitPost(page);
    assert.deepEqual(answer, {
      ok: false,
      code: "tiktok_error",
      message:
        "TikTok had a problem on its side and did not take the request. Try again in a few minutes.",
    });
    watched.watch.assertClean({ allowConsole: [/status of 502/] });
  });
});
