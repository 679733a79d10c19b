/**
 * The posts page in a real Chromium: a published public post with its
 * state and TikTok link, failed posts with TikTok's fail_reason as a
 * sentence (a reason this server does not know yet in a sentence naming
 * it), and "Post again" for a failed
 * post, which opens the one composer prefilled with the post's media,
 * caption and post_mode, and never its privacy, interactions or disclosure
 * (docs/posting.md#posts-page): a video, a draft, photos with their cover,
 * an unaudited app, a video no longer stored, and ids that give a notice.
 */
import assert from "node:assert/strict";
import { ulid } from "ulid";
import { getTyped, keys } from "../../lib/kv_keys.ts";
import { SHORT_TIKTOK_TIMEOUT } from "../_helpers/posting_setup.ts";
import {
  addAccountInBrowser,
  browserRunner,
  choosePlan,
  escapeRegExp,
  fixturePath,
  postFromComposer,
  privacyOptions,
  signInToSeededDashboard,
  signInWithPlan,
  uploadVideoFromCard,
} from "../_helpers/browser_flows.ts";
import {
  apiInPage,
  sandboxAdmin,
  uploadFixtureInPage,
} from "../_helpers/dashboard_seed.ts";
import { waitForAllIslands, waitForFocusOn } from "../_helpers/page_quality.ts";
import { followAMinuteLater } from "../_helpers/follow_while.ts";
import {
  FAIL_REASON_SENTENCES,
  OUTCOME_UNKNOWN_SENTENCE,
} from "../../lib/tiktok/fail_reasons.ts";
import { NOT_POSTED_AFTER_MS } from "../../lib/posting/not_posted.ts";
import type { TestServer } from "../_helpers/test_server.ts";
import type { Page } from "playwright-core";
import { updateAccount } from "../../lib/accounts/accounts_store.ts";
import {
  cachedCreatorInfo,
  CREATOR_INFO_TTL_MS,
} from "../../lib/posting/creator_info_cache.ts";

const withBrowser = browserRunner();
const STATUS_429_LOGGED = /status of 429/;
const $ = (id: string) => `[data-testid=${id}]`;
const MISSING_VIDEO =
  "The video of this post is no longer stored; upload it again.";

/** A post made through the API, as the posts page lists it. */
interface MadePost {
  postId: string;
  /** The video's URL, or the photos' URLs. */
  urls: string[];
  /** The video's upload id (a video post). */
  uploadId: string | null;
}

/** What a test post is made of; TikTok fails it with `failReason`. */
interface PostOptions {
  failReason?: string;
  privacy?: string;
  /** A draft for the TikTok inbox (post_mode MEDIA_UPLOAD). */
  draft?: boolean;
  /** A photo post of two images, the second its cover. */
  photos?: boolean;
}

/** Posts through the API an hour after the last post, followed to its end. */
async function makePost(
  page: Page,
  server: TestServer,
  openId: string,
  title: string,
  options: PostOptions = {},
): Promise<MadePost> {
  // An hour after the last post: the hourly limit lets this one go.
  server.clock.advance(3600_000);
  if (options.failReason) {
    await sandboxAdmin(server, openId, {
      faults: [{ fault: "publish_failed", fail_reason: options.failReason }],
    });
  }
  let media: Record<string, unknown>;
  let urls: string[];
  let uploadId: string | null = null;
  if (options.photos) {
    const album = await apiInPage(page, "POST", "/api/albums");
    const albumId = String(album.body.album_id);
    urls = [];
    for (const name of ["photo2.jpg", "photo3.webp"]) {
      urls.push(
        String((await uploadFixtureInPage(page, name, { albumId })).url),
      );
    }
    media = { media_type: "PHOTO", photo_images: urls, photo_cover_index: 1 };
  } else {
    // A video of its own bytes: a later post of the same bytes would make
    // a failed one "Posted again" (docs/dashboard.md#post-again).
    const video = await uploadFixtureInPage(page, "portrait.mp4", {
      as: `${title}.mp4`,
      tail: title,
    });
    urls = [String(video.url)];
    uploadId = String(video.upload_id);
    media = { source_url: video.url };
  }
  const r = await apiInPage(page, "POST", "/api/tiktok/direct_post", {
    ...media,
    title,
    ...(options.draft
      ? { post_mode: "MEDIA_UPLOAD" }
      : { privacy: options.privacy ?? "SELF_ONLY" }),
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  for (let i = 0; i < 3; i++) await followAMinuteLater(server);
  const posts = (await apiInPage(page, "GET", "/api/tiktok/posts")).body
    .posts as { post_id: string; publish_id: string }[];
  const post = posts.find((p) => p.publish_id === r.body.publish_id);
  assert.ok(post, "the post is listed");
  return { postId: post.post_id, urls, uploadId };
}

/**
 * From the posts page, "Post again" of the failed post `title`: the
 * composer opens with the post in it, once TikTok's creator_info is in.
 */
async function postAgainFromPostsPage(
  page: Page,
  server: TestServer,
  title: string,
) {
  await page.goto(`${server.url}/dashboard/posts`);
  await waitForAllIslands(page);
  const item = page.locator("li.post-item", { hasText: title });
  assert.equal(await item.getAttribute("data-state"), "failed");
  const postId = await item.getAttribute("data-post-id");
  await item.getByTestId("post-again").click();
  await page.waitForURL(`${server.url}/dashboard?again=${postId}#compose`);
  await waitForAllIslands(page);
  await page.locator($("post-creator"), { hasText: "Posting to" }).waitFor();
}

/** The posts' states listed for `title`, newest first. */
async function statesOf(page: Page, title: string): Promise<string[]> {
  const posts = (await apiInPage(page, "GET", "/api/tiktok/posts")).body
    .posts as { title: string; state: string }[];
  return posts.filter((p) => p.title === title).map((p) => p.state);
}

Deno.test("posts page: states, link, fail reasons as sentences; Post again opens the composer with the video and caption, nothing else chosen, and posts", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithPlan(run, "posts_user");
    const flaggedPost = await makePost(
      page,
      server,
      openId,
      "flagged caption",
      {
        failReason: "spam_risk_text",
      },
    );
    const oddPost = await makePost(page, server, openId, "odd failure", {
      failReason: "some_new_reason",
    });
    await makePost(page, server, openId, "for everyone", {
      privacy: "PUBLIC_TO_EVERYONE",
    });
    await page.goto(`${server.url}/dashboard/posts`);
    await waitForAllIslands(page);

    const item = (title: string) =>
      page.locator("li.post-item", { hasText: title });
    // Lines divide posts: none above the first, under the card's edge.
    const dividers = await page.locator("li.post-item").evaluateAll((lis) =>
      lis.map((li) => getComputedStyle(li).borderTopStyle !== "none")
    );
    assert.deepEqual(dividers, [false, true, true]);
    const published = item("for everyone");
    assert.equal(await published.getAttribute("data-state"), "done");
    assert.equal(
      (await published.getByTestId("state").textContent())?.trim(),
      "Published",
    );
    // Which post, as Post again says: a screen reader's list of links
    // otherwise holds several alike.
    const link = await published.getByRole("link", {
      name: "View on TikTok “for everyone”",
      exact: true,
    }).getAttribute("href");
    // Sandbox mode: the simulator's page for the post, TikTok's path, not
    // tiktok.com, where a simulated post is not.
    assert.match(
      String(link),
      new RegExp(
        `^${
          escapeRegExp(server.url)
        }/_sandbox/tiktok/@posts_user/video/7\\d{18}$`,
      ),
      "the link names the creator's handle",
    );
    const simulated = await fetch(String(link));
    assert.equal(simulated.status, 200);
    assert.match(
      await simulated.text(),
      /Simulated post, not on TikTok.*posted to the TikTok simulator/s,
    );
    assert.ok(
      await published.locator("video.thumb").count() === 1,
      "a video thumbnail",
    );
    // Who sent it, in a creator's words, not how TikTok got the file.
    assert.match(await published.textContent() ?? "", /Sent by PM3K/);
    assert.doesNotMatch(
      await published.textContent() ?? "",
      /downloads|in parts|PULL_FROM_URL|FILE_UPLOAD/,
    );

    const flagged = item("flagged caption");
    assert.equal(
      (await flagged.getByTestId("state").textContent())?.trim(),
      "Failed",
    );
    assert.equal(
      await flagged.getByTestId("fail-reason").textContent(),
      FAIL_REASON_SENTENCES.spam_risk_text,
    );
    // A reason TikTok added since this server's list: a sentence naming
    // it, the API's fail_message, not a bare code.
    const oddSentence =
      "TikTok did not post this, for a reason this server does not know yet (some_new_reason).";
    assert.equal(
      await item("odd failure").getByTestId("fail-reason").textContent(),
      oddSentence,
    );
    assert.equal(
      await published.getByTestId("post-again").count(),
      0,
      "only failed posts are posted again",
    );

    assert.equal(
      await flagged.getByTestId("post-again").getAttribute("href"),
      `/dashboard?again=${flaggedPost.postId}#compose`,
      "Post again is a link to the composer",
    );
    // Named by its post, as the other repeated controls are.
    await flagged.getByRole("link", {
      name: "Post again “flagged caption”",
      exact: true,
    }).waitFor();

    // An hour on: the hourly limit takes a post now.
    server.clock.advance(3600_000);
    await postAgainFromPostsPage(page, server, "flagged caption");
    const [videoUrl] = flaggedPost.urls;
    await page.locator($("post-again-note")).waitFor();
    assert.equal(await page.locator($("post-source")).inputValue(), videoUrl);
    assert.equal(
      await page.locator($("preview-video")).getAttribute("src"),
      videoUrl,
      "the preview plays the post's video",
    );
    assert.equal(
      await page.locator($("post-title")).inputValue(),
      "flagged caption",
    );
    // Why TikTok failed it, in the posts page's sentence, beside the caption.
    const reason = page.locator($("post-again-reason"));
    assert.equal(
      (await reason.textContent())?.trim(),
      `Why it failed: ${FAIL_REASON_SENTENCES.spam_risk_text}`,
    );
    assert.equal(
      await reason.evaluate((el) =>
        el.nextElementSibling?.querySelector("#post-title") !== null ||
        el.parentElement?.querySelector("#post-title") !== null
      ),
      true,
      "the reason sits with the caption",
    );
    // TikTok's audit: no privacy default, interactions and disclosure off.
    await page.locator(`${$("post-privacy")} option[value=SELF_ONLY]`)
      .waitFor({ state: "attached" });
    assert.equal(await page.locator($("post-privacy")).inputValue(), "");
    const submit = page.locator($("post-submit"));
    assert.equal(await submit.isDisabled(), true, "disabled until privacy");
    for (const id of ["comment", "duet", "stitch"]) {
      assert.equal(
        await page.locator($(`post-allow-${id}`)).isChecked(),
        false,
        id,
      );
    }
    assert.equal(await page.locator($("post-is_ad")).isChecked(), false);
    assert.equal(await page.locator($("post-to-drafts")).isChecked(), false);

    await page.selectOption($("post-privacy"), "SELF_ONLY");
    assert.equal(await submit.isEnabled(), true);
    const { request } = await postFromComposer(page);
    assert.equal(request.source_url, videoUrl);
    assert.equal(request.title, "flagged caption");
    assert.equal(request.privacy, "SELF_ONLY");
    assert.equal(request.disable_comment, true);
    assert.equal(request.is_ad, false);
    await page.locator($("post-ok")).waitFor();
    assert.equal(
      new URL(page.url()).search,
      "",
      "a reload does not prefill the post again",
    );
    assert.equal(await reason.count(), 0, "sent: the reason goes with it");
    // Post again of the odd failure says its sentence beside the caption.
    await page.goto(`${server.url}/dashboard?again=${oddPost.postId}`);
    assert.equal(
      (await reason.textContent())?.trim(),
      `Why it failed: ${oddSentence}`,
    );

    await page.goto(`${server.url}/dashboard/posts`);
    await waitForAllIslands(page);
    await page.locator("li.post-item[data-state=pending]", {
      hasText: "flagged caption",
    }).waitFor();
    assert.deepEqual(await statesOf(page, "flagged caption"), [
      "pending",
      "failed",
    ]);
    // Posted again: the failed one no longer offers Post again, which
    // TikTok would refuse as its video posted already, but links the new
    // post (docs/dashboard.md#post-again), here and in Your posts.
    const newPostId = await page.locator("li.post-item[data-state=pending]", {
      hasText: "flagged caption",
    }).getAttribute("data-post-id");
    const old = page.locator("li.post-item[data-state=failed]", {
      hasText: "flagged caption",
    });
    assert.equal(await old.getByTestId("post-again").count(), 0);
    assert.equal(
      await old.getByTestId("posted-again").getAttribute("href"),
      `/dashboard/posts?post=${newPostId}#post-${newPostId}`,
    );
    assert.match(
      await old.getByTestId("posted-again").innerText(),
      /^Posted again/,
    );
    await page.goto(`${server.url}/dashboard`);
    await waitForAllIslands(page);
    const row = page.locator("table.posts tr", { hasText: "flagged caption" })
      .filter({ hasText: "Failed" });
    assert.equal(await row.getByTestId("post-again").count(), 0);
    assert.equal(await row.getByTestId("posted-again").count(), 1);
    watched.watch.assertClean({ allowConsole: [STATUS_429_LOGGED] });
  });
});

Deno.test("the composer's Your posts links a published post to its TikTok page, as the posts page does; a failed one has no link", async () => {
  await withBrowser(async (run) => {
    const { server, page } = run;
    const openId = await signInWithPlan(run, "your_posts_user");
    await makePost(page, server, openId, "out there", {
      privacy: "PUBLIC_TO_EVERYONE",
    });
    await makePost(page, server, openId, "refused one", {
      failReason: "spam_risk_text",
    });
    await page.goto(`${server.url}/dashboard/posts`);
    await waitForAllIslands(page);
    const onPostsPage = await page.locator("li.post-item", {
      hasText: "out there",
    }).getByRole("link", { name: "View on TikTok “out there”", exact: true })
      .getAttribute("href");
    assert.ok(onPostsPage, "the posts page links the post");

    await page.goto(`${server.url}/dashboard`);
    await waitForAllIslands(page);
    const row = (title: string) =>
      page.locator(`${$("posts-list")} tr`, { hasText: title });
    const said = row("out there").getByTestId("post-fail-sentence");
    assert.equal(
      await said.getByRole("link", {
        name: "View on TikTok “out there”",
        exact: true,
      }).getAttribute("href"),
      onPostsPage,
    );
    assert.equal(
      await row("refused one").getByRole("link", { name: /View on TikTok/ })
        .count(),
      0,
    );
  });
});

Deno.test("posts page: the TikTok link keeps the creator's handle after creator_info's cache expired, and is left out while the handle is unknown", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithPlan(run, "handle_keeper");
    await makePost(page, server, openId, "seen by all", {
      privacy: "PUBLIC_TO_EVERYONE",
    });
    // Past creator_info's cache: only the account still knows the handle.
    server.clock.advance(CREATOR_INFO_TTL_MS + 60_000);
    assert.equal(await cachedCreatorInfo(server.deps, openId), null);
    await page.goto(`${server.url}/dashboard/posts`);
    await waitForAllIslands(page);
    const published = page.locator("li.post-item", { hasText: "seen by all" });
    assert.equal(await published.getAttribute("data-state"), "done");
    assert.match(
      String(
        await published.getByRole("link", { name: "View on TikTok" })
          .getAttribute("href"),
      ),
      new RegExp(
        `^${
          escapeRegExp(server.url)
        }/_sandbox/tiktok/@handle_keeper/video/7\\d{18}$`,
      ),
    );

    // An account whose handle was never learnt (creator_info not fetched
    // since it was kept): no link rather than one without a handle.
    await updateAccount(server.deps, openId, (a) => {
      const { tiktokUsername: _known, ...rest } = a;
      return rest;
    });
    await page.reload();
    await waitForAllIslands(page);
    assert.equal(await published.getAttribute("data-state"), "done");
    assert.equal(await published.getByRole("link").count(), 0);
    assert.equal(await page.locator('a[href*="tiktok.com/@/"]').count(), 0);
    watched.watch.assertClean({ allowConsole: [STATUS_429_LOGGED] });
  });
});

Deno.test("Post again of a failed draft chooses Send to TikTok drafts again and sends it", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithPlan(run, "again_draft_user");
    const draft = await makePost(page, server, openId, "draft that failed", {
      failReason: "internal",
      draft: true,
    });
    server.clock.advance(3600_000);
    await postAgainFromPostsPage(page, server, "draft that failed");
    assert.equal(await page.locator($("post-to-drafts")).isChecked(), true);
    await page.locator($("post-drafts-note")).waitFor();
    // A draft's privacy and the rest are chosen in the TikTok app, and the
    // note atop the composer says so, not to choose them here.
    assert.equal(await page.locator($("post-privacy")).count(), 0);
    assert.equal(
      (await page.locator($("post-again-note")).textContent())
        ?.replace(/\s+/g, " ").trim(),
      "Posting a failed draft again: its video and caption are filled in. It goes to your TikTok drafts again, where you choose who can view it.",
    );
    assert.equal(
      await page.locator($("post-title")).inputValue(),
      "draft that failed",
    );
    const submit = page.locator($("post-submit"));
    assert.equal((await submit.textContent())?.trim(), "Send to TikTok drafts");
    const { request } = await postFromComposer(page);
    assert.deepEqual(request, {
      source_url: draft.urls[0],
      title: "draft that failed",
      post_mode: "MEDIA_UPLOAD",
    });
    await page.locator($("post-ok"), { hasText: "Sent to your TikTok drafts" })
      .waitFor();
    assert.deepEqual(await statesOf(page, "draft that failed"), [
      "pending",
      "failed",
    ]);
    watched.watch.assertClean({ allowConsole: [STATUS_429_LOGGED] });
  });
});

Deno.test("Post again of a failed draft, once the account withdrew drafts, says it will post directly", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithPlan(run, "again_no_drafts_user");
    await makePost(page, server, openId, "draft without drafts", {
      failReason: "internal",
      draft: true,
    });
    // The grant no longer carries video.upload (a reconnect that withheld it).
    await updateAccount(server.deps, openId, (a) => ({
      ...a,
      tiktok: a.tiktok && {
        ...a.tiktok,
        scope: a.tiktok.scope.split(",").filter((s) => s !== "video.upload")
          .join(","),
      },
    }));
    server.clock.advance(3600_000);
    await postAgainFromPostsPage(page, server, "draft without drafts");
    assert.equal(await page.locator($("post-to-drafts")).count(), 0);
    assert.match(
      await page.locator($("post-again-no-drafts")).textContent() ?? "",
      /This post was a TikTok draft, but this account no longer allows sending drafts: it will be posted directly\./,
    );
    assert.equal(await page.locator($("post-privacy")).inputValue(), "");
    watched.watch.assertClean({ allowConsole: [STATUS_429_LOGGED] });
  });
});

Deno.test("Post again of a failed photo post brings its photos in order with the same cover, and leaves the album being composed as it was", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithPlan(run, "again_photo_user");
    const photos = await makePost(page, server, openId, "market photos", {
      failReason: "internal",
      photos: true,
    });
    // The posts page shows a photo post by its first photo, loaded.
    await page.goto(`${server.url}/dashboard/posts`);
    await waitForAllIslands(page);
    const thumb = page.locator("li.post-item", { hasText: "market photos" })
      .locator("img.thumb");
    assert.equal(await thumb.getAttribute("src"), photos.urls[0]);
    await page.waitForFunction(
      (img) => (img as HTMLImageElement).naturalWidth > 0,
      await thumb.elementHandle(),
    );
    // An album being composed in this browser, not posted yet.
    await page.goto(`${server.url}/dashboard`);
    await waitForAllIslands(page);
    await page.click($("post-mode-photo"));
    await page.setInputFiles($("photo-input"), [fixturePath("photo3.webp")]);
    const composing = page.locator(`${$("photo-slots")} li[data-state=done]`);
    await composing.waitFor();
    server.clock.advance(3600_000);
    await postAgainFromPostsPage(page, server, "market photos");
    assert.equal(
      await page.locator($("post-mode-photo")).getAttribute("aria-pressed"),
      "true",
    );
    const carousel = page.locator(`${$("photo-carousel")} img`);
    assert.deepEqual(
      await carousel.evaluateAll((imgs) =>
        imgs.map((i) => i.getAttribute("src"))
      ),
      photos.urls,
    );
    assert.equal(
      await page.locator(`${$("photo-carousel")} li[data-cover=true] img`)
        .getAttribute("src"),
      photos.urls[1],
      "the cover is the post's",
    );
    assert.equal(await page.locator($("photo-music")).isChecked(), false);
    assert.equal(await page.locator($("post-privacy")).inputValue(), "");
    await page.locator(`${$("post-privacy")} option[value=SELF_ONLY]`)
      .waitFor({ state: "attached" });
    await page.selectOption($("post-privacy"), "SELF_ONLY");
    const { request } = await postFromComposer(page);
    assert.deepEqual(request.photo_images, photos.urls);
    assert.equal(request.photo_cover_index, 1);
    assert.equal(request.title, "market photos");
    await page.locator($("post-ok")).waitFor();
    // Sent: the composer is a plain one again, and the album being composed
    // before comes back, untouched by the post made again.
    assert.equal(await page.locator($("post-again-note")).count(), 0);
    await composing.waitFor();
    assert.equal(
      await page.locator(`${$("photo-slots")} li`).count(),
      1,
      "the remembered album's one photo",
    );
    await page.reload();
    await waitForAllIslands(page);
    await composing.waitFor();
    assert.equal(await page.locator(`${$("photo-slots")} li`).count(), 1);
    watched.watch.assertClean({ allowConsole: [STATUS_429_LOGGED] });
  });
});

Deno.test("Post again of a post whose video was deleted says it is no longer stored and chooses no other", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithPlan(run, "again_deleted_user");
    const gone = await makePost(page, server, openId, "deleted video", {
      failReason: "internal",
    });
    // Another video is stored: the composer must not pick it silently.
    await uploadFixtureInPage(page, "portrait.mp4", { as: "other.mp4" });
    const deleted = await apiInPage(
      page,
      "DELETE",
      `/api/uploads/${gone.uploadId}`,
    );
    assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
    await postAgainFromPostsPage(page, server, "deleted video");
    assert.equal(
      (await page.locator($("post-again-missing")).textContent())?.replace(
        /\s+/g,
        " ",
      ).trim(),
      MISSING_VIDEO,
    );
    assert.equal(await page.locator($("post-source")).inputValue(), "");
    assert.equal(await page.locator($("preview-video")).count(), 0);
    assert.equal(
      await page.locator($("post-title")).inputValue(),
      "deleted video",
    );
    await page.locator(`${$("post-privacy")} option[value=SELF_ONLY]`)
      .waitFor({ state: "attached" });
    await page.selectOption($("post-privacy"), "SELF_ONLY");
    assert.equal(
      await page.locator($("post-submit")).isDisabled(),
      true,
      "no video, no post",
    );
    // A new upload is the video again, as for a new post.
    const url = await uploadVideoFromCard(page);
    assert.equal(await page.locator($("post-source")).inputValue(), url);
    assert.equal(await page.locator($("post-again-missing")).count(), 0);
    // The posts page's thumbnail of the deleted video answers 404.
    watched.watch.assertClean({
      allowConsole: [STATUS_429_LOGGED, /status of 404 .*\.mp4#t=0\.1\)$/],
    });
  });
});

Deno.test("a bad, unknown, another account's or not failed Post again id gives a notice and an empty composer, not an error", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithPlan(run, "again_owner");
    const failed = await makePost(page, server, openId, "owner's failure", {
      failReason: "internal",
    });
    const done = await makePost(page, server, openId, "owner's success");
    const expectNotice = async (again: string, notice: RegExp) => {
      const res = await page.goto(
        `${server.url}/dashboard?again=${encodeURIComponent(again)}`,
      );
      assert.equal(res?.status(), 200, again);
      await waitForAllIslands(page);
      assert.match(
        await page.locator($("again-notice")).textContent() ?? "",
        notice,
        again,
      );
      assert.equal(await page.locator($("post-title")).inputValue(), "", again);
      assert.equal(await page.locator($("post-again-note")).count(), 0, again);
    };
    await expectNotice(done.postId, /Only a failed post can be posted again/);
    await expectNotice("not a post", /not valid/);
    await expectNotice("", /not valid/);
    await expectNotice("01ARZ3NDEKTSV4RRFFQ69G5FAV", /has no such post/);

    // Another TikTok account of the same browser: not its post.
    await addAccountInBrowser(run, "again_other");
    await choosePlan(page, "monthly");
    await expectNotice(failed.postId, /has no such post/);
    watched.watch.assertClean({ allowConsole: [STATUS_429_LOGGED] });
  });
});

Deno.test("posts page: an unaudited app's Post again opens a composer that offers only Only me, and says why", async () => {
  await browserRunner({}, { env: { TIKTOK_APP_AUDITED: "false" } })(
    async (run) => {
      const { server, page } = run;
      const openId = await signInWithPlan(run, "unaudited_posts_user");
      // An unaudited app may post only to a private TikTok account.
      await sandboxAdmin(server, openId, { private_account: true });
      await makePost(page, server, openId, "private one", {
        failReason: "internal",
      });
      await page.goto(`${server.url}/dashboard/posts`);
      await waitForAllIslands(page);
      const item = page.locator("li.post-item", { hasText: "private one" });
      assert.equal(
        await item.getByTestId("fail-reason").textContent(),
        FAIL_REASON_SENTENCES.internal,
      );
      await postAgainFromPostsPage(page, server, "private one");
      await page.locator(`${$("post-privacy")} option[value=SELF_ONLY]`)
        .waitFor({ state: "attached" });
      assert.deepEqual(await privacyOptions(page), ["SELF_ONLY"]);
      assert.equal(await page.locator($("post-privacy")).inputValue(), "");
      assert.match(
        await page.locator($("post-unaudited")).textContent() ?? "",
        /Posts stay private \(Only me\) until this app passes TikTok's audit/,
      );
      assert.match(
        await page.locator($("post-unaudited-account")).textContent() ?? "",
        /TikTok account itself must be private/,
      );
      run.watched.watch.assertClean({ allowConsole: [STATUS_429_LOGGED] });
    },
  );
});

const withShortTikTokTimeout = browserRunner({}, {
  env: SHORT_TIKTOK_TIMEOUT,
});

Deno.test("a post TikTok never answered is listed as Outcome unknown with why, and once the creator says it is not on TikTok, it can be posted again", async () => {
  await withShortTikTokTimeout(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithPlan(run, "unknown_outcome");
    await sandboxAdmin(server, openId, { faults: [{ fault: "timeout" }] });
    const video = await uploadFixtureInPage(page, "portrait.mp4");
    const r = await apiInPage(page, "POST", "/api/tiktok/direct_post", {
      source_url: video.url,
      title: "no answer",
      privacy: "SELF_ONLY",
    });
    assert.equal(r.status, 502, JSON.stringify(r.body));
    assert.equal(r.body.tiktok_code, "timeout");

    // Listed at once, not hidden: no publish_id, since TikTok's answer
    // that carries it never came.
    const listed = (await apiInPage(page, "GET", "/api/tiktok/posts")).body
      .posts as Record<string, unknown>[];
    assert.equal(listed.length, 1);
    assert.deepEqual(
      [
        listed[0].title,
        listed[0].state,
        listed[0].publish_id,
        listed[0].status,
      ],
      ["no answer", "unknown", null, null],
    );
    const postId = String(listed[0].post_id);

    // The composer's list says why; its Post again link says it too.
    await page.goto(`${server.url}/dashboard`);
    await waitForAllIslands(page);
    const row = page.locator(`${$("posts-list")} tr[data-state=unknown]`);
    assert.equal(
      (await row.getByTestId("post-fail-sentence").textContent())?.trim(),
      OUTCOME_UNKNOWN_SENTENCE,
    );
    await page.goto(`${server.url}/dashboard?again=${postId}`);
    await waitForAllIslands(page);
    assert.match(
      await page.locator($("again-notice")).textContent() ?? "",
      /TikTok did not answer in time, so whether this was posted is not known/,
    );
    assert.equal(await page.locator($("post-title")).inputValue(), "");

    await page.goto(`${server.url}/dashboard/posts`);
    await waitForAllIslands(page);
    const item = page.locator("li.post-item", { hasText: "no answer" });
    assert.equal(await item.getAttribute("data-state"), "unknown");
    assert.equal(
      (await item.getByTestId("state").textContent())?.trim(),
      "Outcome unknown",
    );
    assert.equal(
      (await item.getByTestId("fail-reason").textContent())?.trim(),
      OUTCOME_UNKNOWN_SENTENCE,
    );
    assert.equal(await item.getByTestId("post-again").count(), 0);
    assert.match(
      await item.getByTestId("not-posted-from").textContent() ?? "",
      /If it is still not on your TikTok profile from [A-Z][a-z]{2}\s\d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M\s(UTC|[A-Z]{2,5}|GMT[+\-\d:]*), say so here/,
    );

    // Too soon: TikTok may still be processing it, and the page says so.
    await item.getByTestId("not-posted").click();
    await item.getByTestId("not-posted-yes").click();
    await page.locator($("posts-error"), {
      hasText: "may still be processing",
    }).waitFor();
    assert.equal(await item.getAttribute("data-state"), "unknown");

    // An hour on, still not on the profile: the creator says so, is asked
    // first, and the post becomes a failed one that can be posted again.
    server.clock.advance(NOT_POSTED_AFTER_MS);
    await item.getByTestId("not-posted").click();
    await item.getByTestId("not-posted-yes").click();
    await page.locator("li.post-item[data-state=failed]", {
      hasText: "no answer",
    }).waitFor();
    assert.equal(
      (await item.getByTestId("fail-reason").textContent())?.trim(),
      FAIL_REASON_SENTENCES.not_posted,
    );
    assert.equal(await item.getByTestId("not-posted").count(), 0);
    // Its question went with the unknown state: focus went on to what can
    // be done now, not to <body>.
    await waitForFocusOn(page, "post-again", "after saying it is not there");
    assert.equal(
      (await page.locator($("post-state-announcer")).textContent())?.trim(),
      `“no answer” is now Failed: ${FAIL_REASON_SENTENCES.not_posted}`,
    );
    await item.getByTestId("post-again").click();
    await page.waitForURL(`${server.url}/dashboard?again=${postId}#compose`);
    await waitForAllIslands(page);
    assert.equal(await page.locator($("post-title")).inputValue(), "no answer");
    // The direct_post made in the page answered its 502, as it should, and
    // so did the first, too early, not_posted (409).
    watched.watch.assertClean({
      allowConsole: [/status of 502/, /status of 409/],
    });
  });
});

Deno.test("a post the composer sent that TikTok never answered is said so, leaves the form empty and shows in Your posts as Outcome unknown", async () => {
  await withShortTikTokTimeout(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithPlan(run, "composer_unknown");
    const url = await uploadVideoFromCard(page);
    assert.equal(await page.locator($("post-source")).inputValue(), url);
    await sandboxAdmin(server, openId, { faults: [{ fault: "timeout" }] });
    await page.fill($("post-title"), "composer no answer");
    await page.locator(`${$("post-privacy")} option[value=SELF_ONLY]`)
      .waitFor({ state: "attached" });
    await page.selectOption($("post-privacy"), "SELF_ONLY");
    await page.click($("post-submit"));
    const said = page.locator($("post-error"));
    await said.waitFor();
    assert.equal(
      (await said.textContent())?.trim(),
      `${OUTCOME_UNKNOWN_SENTENCE} It is listed under Your posts as “Outcome unknown”.`,
    );
    // Nothing left armed to send it twice.
    assert.equal(await page.locator($("post-title")).inputValue(), "");
    await page.locator(`${$("posts-list")} tr[data-state=unknown]`, {
      hasText: "composer no answer",
    }).waitFor();
    watched.watch.assertClean({ allowConsole: [/status of 502/] });
  });
});

Deno.test("posts page: a public post shows its views, likes, comments and shares from TikTok; a private one none; without video.list the page says how to see them", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithPlan(run, "counts_user");
    await makePost(page, server, openId, "kept to myself");
    await makePost(page, server, openId, "seen by many", {
      privacy: "PUBLIC_TO_EVERYONE",
    });
    // The simulated counts grow with the minutes since the post.
    server.clock.advance(45 * 60_000);
    await page.goto(`${server.url}/dashboard/posts`);
    await waitForAllIslands(page);
    const item = (title: string) =>
      page.locator("li.post-item", { hasText: title });
    const counted = (await item("seen by many").getByTestId("post-counts")
      .textContent())?.trim() ?? "";
    const postId = String(
      await item("seen by many").getAttribute("data-post-id"),
    );
    const stats = (await apiInPage(
      page,
      "GET",
      `/api/tiktok/posts/${postId}/stats`,
    )).body.stats as Record<string, number>;
    assert.ok(stats.view_count > 100, JSON.stringify(stats));
    // The same counts as the API's (kept 10 minutes), in the browser's
    // way of writing numbers.
    const written = await page.evaluate(
      (n: number[]) => n.map((x) => x.toLocaleString()),
      [stats.view_count, stats.like_count, stats.comment_count],
    );
    assert.match(
      counted,
      new RegExp(
        `^${written[0]} views · ${written[1]} likes · ${
          written[2]
        } comments? · \\d+ shares?$`,
      ),
    );
    assert.equal(
      await item("kept to myself").getByTestId("post-counts").count(),
      0,
    );
    assert.equal(await page.getByTestId("counts-note").count(), 0);

    // A grant without video.list (signed in before PM3K asked for it).
    await updateAccount(server.deps, openId, (a) => ({
      ...a,
      tiktok: a.tiktok && {
        ...a.tiktok,
        scope: "user.info.basic,video.publish,video.upload",
      },
    }));
    await page.reload();
    await waitForAllIslands(page);
    assert.match(
      (await page.getByTestId("counts-note").textContent()) ?? "",
      /^To see views and likes here, sign in with TikTok again/,
    );
    assert.equal(await page.getByTestId("post-counts").count(), 0);
    assert.equal(
      await item("seen by many").getAttribute("data-state"),
      "done",
      "the posts are listed all the same",
    );
    watched.watch.assertClean({ allowConsole: [STATUS_429_LOGGED] });
  });
});

Deno.test("posts page: with nothing posted it says so and links to Compose, as the calendar and media pages do", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "empty_posts_user");
    await page.goto(`${server.url}/dashboard/posts`);
    await waitForAllIslands(page);
    const empty = page.getByTestId("posts-empty");
    assert.equal(
      (await empty.innerText()).trim(),
      "Nothing posted yet. Compose a post",
    );
    await empty.getByRole("link", { name: "Compose a post" }).click();
    await page.waitForURL(`${server.url}/dashboard`);
    await page.getByTestId("post-card").waitFor();
    watched.watch.assertClean();
  });
});

Deno.test("Your posts on a 390 px phone: a failed post's state and what TikTok said are separate lines, not run together", async () => {
  await browserRunner({ viewport: { width: 390, height: 844 } })(
    async (run) => {
      const { server, page, watched } = run;
      const seeded = await signInToSeededDashboard(run, "phone_rows_user");
      await page.goto(`${server.url}/dashboard`);
      await waitForAllIslands(page);
      const row = page.locator(
        `[data-testid=posts-list] tr[data-publish-id="${seeded.failedPublishId}"]`,
      );
      await row.locator("[data-testid=post-fail-sentence]").getByText(/\w/)
        .first().waitFor();
      const state = (await row.getByTestId("post-state").boundingBox())!;
      const said = (await row.getByTestId("post-fail-sentence").boundingBox())!;
      assert.ok(
        said.y >= state.y + state.height - 1,
        `what TikTok said starts below the state (${said.y} vs ${
          state.y + state.height
        })`,
      );
      watched.watch.assertClean();
    },
  );
});

Deno.test("posts page: while scheduled posts wait to run, a line above the list says they show once run, with a link to the calendar where they are, and the line goes once none waits", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "scheduled_note_user");
    await page.goto(`${server.url}/dashboard/posts`);
    await waitForAllIslands(page);
    assert.equal(await page.getByTestId("scheduled-note").count(), 0);
    const jobIds = [];
    for (const hours of [3, 5]) {
      const video = await uploadFixtureInPage(page, "portrait.mp4", {
        as: `in-${hours}-hours.mp4`,
      });
      const job = await apiInPage(page, "POST", "/api/jobs", {
        kind: "tiktok",
        run_at: new Date(
          Math.ceil((server.clock.now() + hours * 3600_000) / 60_000) *
            60_000,
        ).toISOString(),
        source_url: video.url,
        title: `In ${hours} hours`,
        privacy: "SELF_ONLY",
      });
      assert.equal(job.status, 200, JSON.stringify(job.body));
      jobIds.push(String(job.body.job_id));
    }
    await page.reload();
    await waitForAllIslands(page);
    const note = page.getByTestId("scheduled-note");
    assert.equal(
      (await note.innerText()).replace(/\s+/g, " ").trim(),
      "Scheduled posts show here once they have run. Until then, see or change them on the Calendar.",
    );
    assert.equal(
      await note.getByRole("link", { name: "Calendar" }).getAttribute("href"),
      "/dashboard/calendar",
    );
    const cancelled = await apiInPage(
      page,
      "DELETE",
      `/api/jobs/${jobIds[0]}`,
    );
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    await page.reload();
    await note.waitFor();
    await apiInPage(page, "DELETE", `/api/jobs/${jobIds[1]}`);
    await page.reload();
    assert.equal(await note.count(), 0);
    watched.watch.assertClean();
  });
});

Deno.test("posts page: back from another tab, a post made meanwhile (a scheduled one run, an automation's) is listed without a reload", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithPlan(run, "posts_back_from_tab");
    await makePost(page, server, openId, "made before");
    await page.goto(`${server.url}/dashboard/posts`);
    await waitForAllIslands(page);
    assert.equal(await page.locator("li.post-item").count(), 1);

    // Meanwhile, in another tab (or from n8n), a post is made and published.
    const other = await page.context().newPage();
    await other.goto(`${server.url}/dashboard/media`);
    await makePost(other, server, openId, "made while away");
    await other.close();
    await page.bringToFront();
    await page.evaluate(() => dispatchEvent(new Event("focus")));
    const item = page.locator("li.post-item", { hasText: "made while away" });
    await item.waitFor();
    assert.equal(await item.getAttribute("data-state"), "done");
    assert.equal(await page.locator("li.post-item").count(), 2);
    watched.watch.assertClean();
  });
});

Deno.test("posts page: a public post published while the page is open gets its views and likes without a reload", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "counts_while_open");
    const video = await uploadFixtureInPage(page, "portrait.mp4");
    const r = await apiInPage(page, "POST", "/api/tiktok/direct_post", {
      source_url: video.url,
      title: "published while watched",
      privacy: "PUBLIC_TO_EVERYONE",
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    await page.goto(`${server.url}/dashboard/posts`);
    await waitForAllIslands(page);
    const item = page.locator("li.post-item", {
      hasText: "published while watched",
    });
    assert.equal(await item.getAttribute("data-state"), "pending");
    assert.equal(await item.getByTestId("post-counts").count(), 0);

    // TikTok publishes it; the page, refreshing while it is pending, sees.
    for (let i = 0; i < 3; i++) await followAMinuteLater(server);
    await page.waitForSelector(
      "li.post-item[data-state=done] [data-testid=post-counts]",
      { timeout: 10_000 },
    );
    assert.match(
      (await item.getByTestId("post-counts").textContent()) ?? "",
      /^[\d.,\s]+ views? · [\d.,\s]+ likes? · [\d.,\s]+ comments? · [\d.,\s]+ shares?$/,
    );
    watched.watch.assertClean();
  });
});

Deno.test("posts page: while a post is Processing, a line served with the page says how long TikTok usually takes and when it is marked failed; with none processing there is no line", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "processing_note_user");
    const video = await uploadFixtureInPage(page, "portrait.mp4");
    const r = await apiInPage(page, "POST", "/api/tiktok/direct_post", {
      source_url: video.url,
      title: "still processing",
      privacy: "SELF_ONLY",
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    // Served with the page, before any script runs: no JavaScript spent.
    const html = await page.evaluate(() =>
      fetch("/dashboard/posts").then((r) => r.text())
    );
    assert.ok(html.includes('data-testid="processing-note"'));
    await page.goto(`${server.url}/dashboard/posts`);
    await waitForAllIslands(page);
    const item = page.locator("li.post-item", { hasText: "still processing" });
    assert.equal(await item.getAttribute("data-state"), "pending");
    assert.equal(
      (await page.getByTestId("processing-note").innerText())
        .replace(/\s+/g, " ").trim(),
      "Processing: TikTok has the post and is publishing it, which usually takes a few minutes, longer for a long video. The list shows when it is done, without a reload. A post TikTok has not finished 24 hours after it was sent is marked failed.",
    );

    for (let i = 0; i < 3; i++) await followAMinuteLater(server);
    await page.locator("li.post-item[data-state=done]").waitFor({
      timeout: 10_000,
    });
    await page.reload();
    await waitForAllIslands(page);
    assert.equal(await page.getByTestId("processing-note").count(), 0);
    watched.watch.assertClean();
  });
});

Deno.test("the media page's Posted link reaches a post older than the 50 newest, the posts page keeps it when it reads its list again, and Older posts pages back", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithPlan(run, "old_post_link", {
      plan: "annual",
    });
    const old = await uploadFixtureInPage(page, "portrait.mp4", {
      as: "old.mp4",
    });
    const other = await uploadFixtureInPage(page, "portrait.mp4", {
      as: "other.mp4",
    });
    const sent = await apiInPage(page, "POST", "/api/tiktok/direct_post", {
      source_url: old.url,
      title: "The old one",
      privacy: "SELF_ONLY",
    });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const [mine] = (await apiInPage(page, "GET", "/api/tiktok/posts")).body
      .posts as { post_id: string }[];
    const post = (await getTyped(server.kv, keys.post(mine.post_id))).value!;
    // 60 posts of another video made after it: the posts page's newest 50
    // leave it out.
    server.clock.advance(3_600_000);
    for (let i = 0; i < 60; i += 20) {
      const batch = server.kv.atomic();
      for (let k = i; k < i + 20; k++) {
        const at = post.createdAt + 60_000 + k * 1000;
        const id = ulid(at);
        batch.set(keys.post(id), {
          ...post,
          id,
          title: `Later ${k}`,
          sourceUrls: [String(other.url)],
          mediaUrls: [String(other.url)],
          createdAt: at,
          updatedAt: at,
        }).set(keys.postByAccount(openId, id), id);
      }
      assert.ok((await batch.commit()).ok);
    }

    await page.goto(`${server.url}/dashboard/media`);
    await waitForAllIslands(page);
    await page.locator(`[data-upload-id="${old.upload_id}"]`)
      .getByTestId("media-use").getByRole("link").click();
    await page.waitForURL(/\/dashboard\/posts/);
    await waitForAllIslands(page);
    const item = page.locator(`#post-${post.id}`);
    assert.equal(await item.count(), 1, page.url());
    assert.ok(await item.evaluate((el) => el.matches(":target")));
    assert.match(
      (await page.getByTestId("older-posts-note").textContent()) ?? "",
      /These are older posts, not the newest\. Show the newest posts/,
    );
    // Back to the tab: the list is read again, from the same post on.
    const reread = page.waitForResponse((r) =>
      r.url().includes(`/api/tiktok/posts?cursor=`) && r.ok()
    );
    await page.evaluate(() => dispatchEvent(new Event("focus")));
    await reread;
    await page.waitForTimeout(200);
    assert.equal(await item.count(), 1);

    // The newest page, as before, with no note.
    await page.getByRole("link", { name: "Show the newest posts" }).click();
    await page.waitForURL(`${server.url}/dashboard/posts`);
    await waitForAllIslands(page);
    assert.equal(await page.locator(".post-item").count(), 50);
    assert.equal(await page.getByTestId("older-posts-note").count(), 0);
    // Below them, Older posts opens the other 11, the linked one last,
    // with no Older posts under them.
    await page.getByRole("link", { name: "Older posts" }).click();
    await page.waitForURL(/\/dashboard\/posts\?post=/);
    await waitForAllIslands(page);
    assert.deepEqual(
      (await page.locator(".post-item .caption").allTextContents()).map((t) =>
        t.trim()
      ),
      [
        ...Array.from({ length: 10 }, (_, k) => `Later ${9 - k}`),
        "The old one",
      ],
    );
    assert.equal(await page.getByTestId("older-posts").count(), 0);
    await page.getByRole("link", { name: "Show the newest posts" }).click();
    await page.waitForURL(`${server.url}/dashboard/posts`);
    // Another account's or no post: the newest posts, not an error.
    const res = await page.goto(
      `${server.url}/dashboard/posts?post=01ARZ3NDEKTSV4RRFFQ69G5FAV`,
    );
    assert.equal(res?.status(), 200);
    assert.equal(await page.getByTestId("older-posts-note").count(), 0);
    watched.watch.assertClean();
  });
});

Deno.test("a published post shows who can view it beside its state, on the posts page and in Your posts; a draft names none", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithPlan(run, "privacy_shown");
    await makePost(page, server, openId, "just for me");
    await makePost(page, server, openId, "for the world", {
      privacy: "PUBLIC_TO_EVERYONE",
    });
    await makePost(page, server, openId, "to the inbox", { draft: true });

    await page.goto(`${server.url}/dashboard/posts`);
    await waitForAllIslands(page);
    const item = (title: string) =>
      page.locator("li.post-item", { hasText: title });
    const said = async (title: string) =>
      (await item(title).getByTestId("state").textContent())?.trim();
    assert.equal(await said("just for me"), "Published");
    assert.equal(
      (await item("just for me").getByTestId("post-viewers").textContent())
        ?.trim(),
      "· who can view: Only me",
    );
    assert.equal(
      (await item("for the world").getByTestId("post-viewers").textContent())
        ?.trim(),
      "· who can view: Everyone",
    );
    assert.equal(
      await item("to the inbox").getByTestId("post-viewers").count(),
      0,
    );

    // Your posts, on the dashboard: the same beside the state.
    await page.goto(`${server.url}/dashboard`);
    await waitForAllIslands(page);
    const row = (title: string) =>
      page.locator(`${$("posts-list")} tr`, { hasText: title });
    assert.equal(
      (await row("just for me").getByTestId("post-state").textContent())
        ?.trim(),
      "Published · who can view: Only me",
    );
    assert.equal(
      await row("to the inbox").getByTestId("post-viewers").count(),
      0,
    );
    watched.watch.assertClean({ allowConsole: [STATUS_429_LOGGED] });
  });
});

Deno.test("a post with no caption reads No caption on the posts page and in Your posts, not an empty line", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithPlan(run, "no_caption_shown");
    const { postId } = await makePost(page, server, openId, "", {
      photos: true,
    });

    await page.goto(`${server.url}/dashboard/posts`);
    await waitForAllIslands(page);
    assert.equal(
      (await page.locator(`li.post-item[data-post-id="${postId}"] .caption`)
        .textContent())?.trim(),
      "No caption",
    );

    await page.goto(`${server.url}/dashboard`);
    await waitForAllIslands(page);
    assert.equal(
      (await page.locator(`${$("posts-list")} tbody tr td:nth-child(2)`)
        .first().textContent())?.trim(),
      "📷 No caption",
    );
    watched.watch.assertClean({ allowConsole: [STATUS_429_LOGGED] });
  });
});
