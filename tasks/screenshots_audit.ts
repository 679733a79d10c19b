/**
 * The composer in each state TikTok's audit looks at
 * (docs/tiktok-audit.md, docs/dashboard.md#tiktok-audit-checklist), for
 * `deno task screenshots` (tasks/screenshots.ts): one picture per state,
 * cropped to the composer. Each state is reached through the real UI
 * (clicks, typing, files chosen) on the real server and the TikTok
 * simulator, whose admin endpoint sets a creator's TikTok settings before
 * the composer first asks for creator_info; each is checked before its
 * picture is taken, so a picture cannot silently show another state.
 * @module
 */
import assert from "node:assert/strict";
import type { Browser, Locator, Page } from "playwright-core";
import { getTyped } from "../lib/kv_keys.ts";
import { withBusyRetry } from "../lib/kv_busy_retry.ts";
import { sandboxKeys } from "../sandbox/tiktok/sandbox_keys.ts";
import { sandboxAdmin } from "../tests/_helpers/dashboard_seed.ts";
import { waitForAllIslands } from "../tests/_helpers/page_quality.ts";
import {
  AUDIT_GUIDE,
  quotedInPicture,
  quotesNotShown,
} from "./audit_picture_words.ts";

/** The audit pictures of a server where the app is audited, in order. */
export const AUDITED_SCREENSHOT_FILES = [
  "audit-creator-privacy.png",
  "audit-disclosure.png",
  "audit-preview.png",
  "audit-after-post.png",
  "audit-preview-photos.png",
  "audit-interactions.png",
  "audit-cannot-post.png",
] as const;

/** The picture of a server run with `TIKTOK_APP_AUDITED=false`. */
export const UNAUDITED_SCREENSHOT_FILE = "audit-unaudited.png";

/** Every audit picture the task writes. */
export const AUDIT_SCREENSHOT_FILES: readonly string[] = [
  ...AUDITED_SCREENSHOT_FILES,
  UNAUDITED_SCREENSHOT_FILE,
];

/** The TikTok pages the consent line links. */
const MUSIC_USAGE =
  "https://www.tiktok.com/legal/page/global/music-usage-confirmation/en";
const $ = (id: string) => `[data-testid=${id}]`;
const fixture = (name: string) =>
  new URL(`../tests/fixtures/${name}`, import.meta.url).pathname;

/** The server the pictures are taken on. */
/** Every screenshot's window: the pages' width in docs/testing.md. */
const VIEWPORT = { width: 1100, height: 760 };

export interface AuditServer {
  url: string;
  /** Its KV file, where the simulator keeps its users. */
  kvPath: string;
}

/** Text with its white space collapsed, as a reader sees it. */
async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();
}

/** The privacy select's real options: value, label and whether disabled. */
function privacyOptions(page: Page): Promise<[string, string, boolean][]> {
  return page.locator(`${$("post-privacy")} option`).evaluateAll((os) =>
    (os as HTMLOptionElement[]).filter((o) => o.value).map((o) =>
      [o.value, o.textContent ?? "", o.disabled] as [string, string, boolean]
    )
  );
}

/** The consent line's links: text and address. */
function declarationLinks(page: Page): Promise<string[][]> {
  return page.locator(`${$("post-declaration")} a`).evaluateAll((as) =>
    as.map((a) => [a.textContent ?? "", (a as HTMLAnchorElement).href])
  );
}

/** Waits until the composer has creator_info: it names the creator. */
async function waitForCreator(page: Page, name: string): Promise<void> {
  await page.locator($("post-creator"), { hasText: "Posting to" }).waitFor();
  assert.equal(
    await textOf(page.locator($("post-creator"))),
    `Posting to ${name} on TikTok`,
    "the composer names the creator from creator_info",
  );
}

/** Opens the compose page afresh, every island hydrated. */
async function openComposer(page: Page, serverUrl: string): Promise<void> {
  await page.goto(`${serverUrl}/dashboard`);
  await page.locator($("post-card")).waitFor();
  await waitForAllIslands(page);
}

/** The composer's first video chosen in its list, its preview loaded. */
async function chooseVideo(page: Page, filename: string): Promise<void> {
  const select = page.locator($("post-source"));
  // By value: a posted video's label adds "(already posted)".
  const option = select.locator("option", { hasText: filename }).first();
  await option.waitFor({ state: "attached" });
  await select.selectOption({
    value: await option.getAttribute("value") ?? "",
  });
  await previewReady(page);
}

/**
 * The preview's first frame decoded and painted, and the player done
 * loading: while it still loads, Chromium draws its spinner over the frame.
 */
async function previewReady(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const v = document.querySelector(
      "[data-testid=preview-video]",
    ) as HTMLVideoElement | null;
    return v !== null && v.readyState >= 2 && !v.seeking &&
      (v.readyState >= 3 ||
        v.networkState !== HTMLMediaElement.NETWORK_LOADING);
  });
  // A decoded frame is painted a moment later in headless Chromium.
  await new Promise((r) => setTimeout(r, 1_000));
}

/** Uploads a fixture through the upload card; the composer takes it. */
export async function uploadFromCard(page: Page, name: string): Promise<void> {
  await page.setInputFiles($("video-input"), fixture(name));
  await page.locator(`${$("upload-url")}`).waitFor();
  await page.waitForFunction(() =>
    ((document.querySelector("[data-testid=post-source]") as
      | HTMLSelectElement
      | null)?.value ?? "") !== ""
  );
  await previewReady(page);
}

/** The post button, disabled. */
async function assertCannotSend(page: Page): Promise<void> {
  assert.ok(
    await page.locator($("post-submit")).isDisabled(),
    "the post button is disabled",
  );
}

/**
 * Writes the composer of `page`, cropped to it, to `outDir/name`, once the
 * composer shows all the words docs/tiktok-audit.md quotes in the picture's
 * description (owners copy them into TikTok's audit form).
 */
async function shoot(page: Page, outDir: string, name: string): Promise<void> {
  const quotes = quotedInPicture(await Deno.readTextFile(AUDIT_GUIDE), name);
  assert.deepEqual(
    // As drawn (innerText): paragraphs apart, hidden words left out.
    quotesNotShown(quotes, await page.locator($("post-card")).innerText()),
    [],
    `docs/tiktok-audit.md quotes words ${name} does not show`,
  );
  const file = `${outDir}/${name}`;
  // A click on the composer's heading, as a reader would, takes the focus
  // ring off the field typed in last; the mouse then leaves the composer.
  await page.click("#compose-h");
  await page.mouse.move(0, 0);
  await page.locator($("post-card")).screenshot({ path: file });
  console.log(`wrote ${file}`);
}

/** The sandbox TikTok user's open_id, read from the server's KV file. */
async function sandboxOpenId(kvPath: string, username: string) {
  // The server process has the file open too: retry while SQLite is busy.
  const kv = withBusyRetry(await Deno.openKv(kvPath));
  try {
    const openId = (await getTyped(kv, sandboxKeys.userByName(username)))
      .value;
    assert.ok(openId, `the sandbox user ${username} exists`);
    return openId;
  } finally {
    kv.close();
  }
}

/**
 * A new browser context signed in as sandbox user `username` through the
 * consent page, its TikTok settings changed by `settings` (the simulator's
 * admin endpoint) before the plan is chosen, so the composer's first
 * creator_info already has them.
 */
export async function signInCreator(
  browser: Browser,
  server: AuditServer,
  username: string,
  settings: Record<string, unknown> | null,
): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    locale: "en-GB",
    timezoneId: "Europe/Berlin",
  });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.url}/`);
    await page.click("[data-testid=sign-in]");
    await page.fill("input[name=username]", username);
    await page.click("button[name=decision][value=authorize]");
    await page.waitForURL(`${server.url}/dashboard`);
    if (settings) {
      const openId = await sandboxOpenId(server.kvPath, username);
      await sandboxAdmin(server, openId, settings);
    }
    await page.click("button[name=plan][value=monthly]");
    await page.waitForURL(/\/dashboard$/);
    await page.locator($("post-card")).waitFor();
    await waitForAllIslands(page);
    return { page, close: () => context.close() };
  } catch (error) {
    await context.close();
    throw error;
  }
}

/**
 * Audit points 1 to 3: the creator named, "Who can view this post" with
 * nothing chosen and the button waiting for it, the consent line.
 */
async function creatorAndPrivacy(page: Page, outDir: string) {
  await chooseVideo(page, "harbour.mp4");
  await page.fill($("post-title"), "Harbour lights at night #travel");
  assert.deepEqual(await privacyOptions(page), [
    ["PUBLIC_TO_EVERYONE", "Everyone", false],
    ["MUTUAL_FOLLOW_FRIENDS", "Friends", false],
    ["SELF_ONLY", "Only me", false],
  ]);
  assert.equal(await page.locator($("post-privacy")).inputValue(), "");
  assert.equal(
    await textOf(page.locator("#post-needs-privacy")),
    "Choose who can view this post first.",
  );
  await assertCannotSend(page);
  assert.equal(
    await textOf(page.locator($("post-declaration"))),
    "By posting, you agree to TikTok's Music Usage Confirmation.",
  );
  assert.deepEqual(await declarationLinks(page), [
    ["Music Usage Confirmation", MUSIC_USAGE],
  ]);
  await shoot(page, outDir, "audit-creator-privacy.png");
}

/**
 * Audit points 4 and 5: "Disclose post content" on, both boxes ticked,
 * the "Paid partnership" label, "Only me" disabled with the reason, the
 * consent line naming the Branded Content Policy too.
 */
async function disclosure(page: Page, outDir: string) {
  await chooseVideo(page, "harbour.mp4");
  await page.fill($("post-title"), "Our new rain jacket, made with Nordwind");
  await page.selectOption($("post-privacy"), "PUBLIC_TO_EVERYONE");
  await page.click($("post-is_ad"));
  // On with neither box ticked: TikTok's sentence, and no post.
  assert.equal(
    await textOf(page.locator($("post-ad-label"))),
    "You need to indicate if your content promotes yourself, a third party, or both.",
  );
  await assertCannotSend(page);
  await page.click($("post-ad_your_brand"));
  await page.click($("post-ad_branded_content"));
  for (const box of ["post-is_ad", "post-ad_your_brand"]) {
    assert.ok(await page.locator($(box)).isChecked(), `${box} is ticked`);
  }
  assert.ok(await page.locator($("post-ad_branded_content")).isChecked());
  assert.equal(
    await textOf(page.locator($("post-ad-label"))),
    "Your video will be labeled as 'Paid partnership'.",
  );
  assert.equal(
    await textOf(page.locator($("post-ad-private-hint"))),
    "Branded content visibility cannot be set to private.",
  );
  assert.deepEqual(await privacyOptions(page), [
    ["PUBLIC_TO_EVERYONE", "Everyone", false],
    ["MUTUAL_FOLLOW_FRIENDS", "Friends", false],
    ["SELF_ONLY", "Only me", true],
  ], '"Only me" is disabled for branded content');
  assert.equal(
    await textOf(page.locator($("post-declaration"))),
    "By posting, you agree to TikTok's Branded Content Policy and Music Usage Confirmation.",
  );
  assert.deepEqual(
    (await declarationLinks(page)).map(([text]) => text),
    ["Branded Content Policy", "Music Usage Confirmation"],
  );
  assert.ok(await page.locator($("post-submit")).isEnabled());
  await shoot(page, outDir, "audit-disclosure.png");
}

/** Audit point 6: the chosen video playing in the preview. */
async function videoPreview(page: Page, outDir: string) {
  // A video not posted yet, as a creator would pick.
  await chooseVideo(page, "harbour.mp4");
  const video = page.locator($("preview-video"));
  const start = await video.evaluate((v) =>
    (v as HTMLVideoElement).currentTime
  );
  // A click on the video is the player's own play button.
  await video.click();
  await page.waitForFunction(
    (start) => {
      const v = document.querySelector(
        "[data-testid=preview-video]",
      ) as HTMLVideoElement;
      // Half-way through the 2-second video: its counter and the player's
      // progress bar show it moving.
      return !v.paused && v.currentTime > start + 0.8;
    },
    start,
    { polling: 25 },
  );
  await shoot(page, outDir, "audit-preview.png");
}

/**
 * Audit point 6: posted, the notice that processing can take a few
 * minutes and where the post's state shows, and the form reset.
 */
async function afterPost(page: Page, outDir: string) {
  // Not posted yet: the seeded post of sunset.mp4 failed at TikTok, which
  // gives its video back (docs/posting.md#duplicates).
  await chooseVideo(page, "sunset.mp4");
  await page.fill($("post-title"), "The bay at dusk, one more time");
  await page.selectOption($("post-privacy"), "SELF_ONLY");
  await page.click($("post-submit"));
  const ok = page.locator($("post-ok"));
  const refused = page.locator($("post-error"));
  await ok.or(refused).waitFor();
  if (await refused.count()) {
    throw new Error(`the post was refused: ${await textOf(refused)}`);
  }
  // The seeded account has a published post, so its own time is added
  // after TikTok's words (components/publish_time_words.ts).
  assert.match(
    (await ok.innerText()).replace(/\s+/g, " ").trim(),
    /^Sent to TikTok\. Processing can take a few minutes \([^)]+ for your last post\); the post then appears on your TikTok profile\. Its progress shows under Your posts\.$/,
  );
  assert.equal(await page.locator($("post-title")).inputValue(), "");
  assert.equal(await page.locator($("post-source")).inputValue(), "");
  assert.equal(await page.locator($("post-privacy")).inputValue(), "");
  await assertCannotSend(page);
  await shoot(page, outDir, "audit-after-post.png");
}

/** Switches the composer to Photos and uploads two photos through it. */
export async function choosePhotos(page: Page): Promise<void> {
  await page.click($("post-mode-photo"));
  await page.locator($("photo-card")).waitFor();
  await page.setInputFiles($("photo-input"), [
    fixture("photo2.jpg"),
    fixture("photo3.webp"),
  ]);
  await page.waitForFunction(() =>
    document.querySelectorAll(
      "[data-testid=photo-slots] li[data-state=done]",
    ).length === 2
  );
}

/** Audit point 6: photos as a carousel, the cover chosen there, marked. */
async function photoPreview(page: Page, outDir: string) {
  await choosePhotos(page);
  await page.click($("photo-cover-1"));
  const carousel = page.locator($("photo-carousel"));
  assert.equal(await carousel.locator("li").count(), 2);
  assert.equal(
    await carousel.locator("li[data-cover=true] img").getAttribute("alt"),
    "Photo 2",
  );
  assert.deepEqual(
    (await carousel.locator("label").allTextContents()).map((t) => t.trim()),
    ["Make photo 1 the cover", "Photo 2 is the cover"],
  );
  await page.fill($("post-title"), "Weekend market finds");
  // The carousel scrolls sideways within its column: scrolled, as a reader
  // would, to the cover, which must then be in full view.
  const cover = carousel.locator("li[data-cover=true]");
  await cover.scrollIntoViewIfNeeded();
  const view = await carousel.evaluate((strip) => {
    const s = strip.getBoundingClientRect();
    const c = strip.querySelector("li[data-cover=true]")!
      .getBoundingClientRect();
    return {
      strip: [s.left, s.right],
      cover: [c.left, c.right],
      scroll: [strip.scrollLeft, strip.scrollWidth, strip.clientWidth],
    };
  });
  assert.ok(
    view.cover[0] >= view.strip[0] - 2 &&
      view.cover[1] <= view.strip[1] + 2,
    `the cover is in full view: ${JSON.stringify(view)}`,
  );
  assert.ok(await cover.isVisible());
  await page.waitForFunction(() =>
    [...document.querySelectorAll("[data-testid=photo-carousel] img")]
      .every((i) => (i as HTMLImageElement).complete)
  );
  await shoot(page, outDir, "audit-preview-photos.png");
  // The album is remembered by this browser: let the next visit start clean.
  await page.click($("photo-new-album"));
}

/**
 * Audit point 2: comments turned off in the creator's TikTok settings
 * (creator_info's `comment_disabled`): "Allow comments" greyed with the
 * reason; Duet and Stitch off and free to turn on.
 */
async function interactions(page: Page, outDir: string) {
  await waitForCreator(page, "Lena Bakes (@lena.bakes)");
  await uploadFromCard(page, "portrait.mp4");
  await page.fill($("post-title"), "Sourdough, day three");
  await page.selectOption($("post-privacy"), "PUBLIC_TO_EVERYONE");
  const comment = page.locator($("post-allow-comment"));
  assert.ok(await comment.isDisabled(), "Allow comments is greyed");
  assert.equal(await comment.isChecked(), false);
  const reason = await comment.getAttribute("aria-describedby");
  assert.ok(reason, "Allow comments says why");
  assert.equal(
    await textOf(page.locator(`#${reason}`)),
    "Turned off in this account's TikTok settings.",
  );
  for (const box of ["duet", "stitch"]) {
    const input = page.locator($(`post-allow-${box}`));
    assert.equal(await input.isChecked(), false, `${box} is off`);
    assert.ok(await input.isEnabled(), `${box} can be turned on`);
  }
  await shoot(page, outDir, "audit-interactions.png");
}

/**
 * Audit point 1: creator_info says the creator cannot post now (TikTok's
 * `spam_risk_too_many_posts`): an alert in words, and no post.
 */
async function cannotPost(page: Page, outDir: string) {
  const stop = page.locator($("post-cannot-post"));
  await stop.waitFor();
  assert.equal(
    await textOf(stop),
    "TikTok cannot take a post from this account now: This TikTok account reached TikTok's daily limit of posts made through apps. Try again tomorrow.",
  );
  assert.equal(await stop.getAttribute("role"), "alert");
  await page.fill($("post-title"), "Sourdough, day four");
  await assertCannotSend(page);
  await shoot(page, outDir, "audit-cannot-post.png");
}

/**
 * The audited server's pictures. `page` is the seeded creator's (Maya
 * Travels, with uploads); two more creators sign in, each with a TikTok
 * setting of its own.
 */
export async function takeAuditedScreenshots(
  browser: Browser,
  page: Page,
  server: AuditServer,
  outDir: string,
): Promise<void> {
  const maya = "Maya Travels (@maya.travels)";
  for (
    const state of [
      creatorAndPrivacy,
      disclosure,
      videoPreview,
      afterPost,
      photoPreview,
    ]
  ) {
    await openComposer(page, server.url);
    await waitForCreator(page, maya);
    await state(page, outDir);
  }
  const lena = await signInCreator(browser, server, "lena.bakes", {
    comment_disabled: true,
  });
  try {
    await interactions(lena.page, outDir);
  } finally {
    await lena.close();
  }
  const omar = await signInCreator(browser, server, "omar.cooks", {
    creator_info_error: "spam_risk_too_many_posts",
  });
  try {
    await cannotPost(omar.page, outDir);
  } finally {
    await omar.close();
  }
}

/**
 * The picture of a server run with `TIKTOK_APP_AUDITED=false`: a private
 * creator is offered "Only me" alone, with the reason and that the TikTok
 * account must be private.
 */
export async function takeUnauditedScreenshot(
  browser: Browser,
  server: AuditServer,
  outDir: string,
): Promise<void> {
  const { page, close } = await signInCreator(
    browser,
    server,
    "maya.travels",
    { private_account: true },
  );
  try {
    await waitForCreator(page, "Maya Travels (@maya.travels)");
    await uploadFromCard(page, "portrait.mp4");
    await page.fill($("post-title"), "First test post, only for me");
    assert.deepEqual(await privacyOptions(page), [
      ["SELF_ONLY", "Only me", false],
    ], 'only "Only me" is offered');
    assert.equal(
      await page.locator($("post-privacy")).inputValue(),
      "",
      "not chosen for the creator",
    );
    await page.selectOption($("post-privacy"), "SELF_ONLY");
    const reasonId = await page.locator($("post-privacy")).getAttribute(
      "aria-describedby",
    );
    assert.equal(reasonId, "unaudited", "the choice points to its reason");
    assert.equal(
      await textOf(page.locator(`#${reasonId}`)),
      "Posts stay private (Only me) until this app passes TikTok's audit: until then TikTok lets it make only private posts.",
    );
    assert.match(
      await textOf(page.locator($("post-unaudited-account"))),
      /^Your TikTok account itself must be private too/,
    );
    await shoot(page, outDir, UNAUDITED_SCREENSHOT_FILE);
  } finally {
    await close();
  }
}
