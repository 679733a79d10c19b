/**
 * `deno task audit-check:page`'s check (docs/tiktok-audit.md#checking-the-real-composer-page):
 * the real composer page, served by the real server (`main.ts`) on the
 * TikTok simulator to a creator signed in through its consent page, and
 * rendered by the headless Chromium the browser tests use. For a public
 * creator with comments turned off and a private one (Duet and Stitch
 * off), a video is uploaded through the upload card and a caption typed,
 * then the page as Chromium holds it is read with the "posting screen"
 * rules (lib/tiktok_app/composer_check.tsx), preview included, and the
 * preview's video must have decoded a frame; then the same for a photo
 * post of two photos uploaded in Photos mode, each drawn in the preview. So a change to the served
 * page that breaks a guideline fails here, where the "posting screen"
 * line, which renders the fields itself, may not see it.
 * @module
 */
import type { Browser, Page } from "playwright-core";
import { composerProblems } from "../lib/tiktok_app/composer_check.tsx";
import type { CreatorInfo } from "../lib/tiktok/creator_info_record.ts";
import { creatorInfoFromFields } from "../lib/tiktok/creator_info_fields.ts";
import { apiInPage } from "../tests/_helpers/dashboard_seed.ts";
import type { AuditServer } from "./screenshots_audit.ts";
import {
  choosePhotos,
  signInCreator,
  uploadFromCard,
} from "./screenshots_audit.ts";

/** The simulated creators the page is read for, with their TikTok settings. */
export const PAGE_CHECK_CREATORS: readonly PageCheckCreator[] = [
  { username: "audit.public", settings: { comment_disabled: true } },
  { username: "audit.private", settings: { private_account: true } },
];

/** A simulated creator and the TikTok settings the simulator gives it. */
export interface PageCheckCreator {
  username: string;
  settings: Record<string, unknown>;
}

/** One creator's composer read: its problems, [] if none. */
export interface PageCheckResult {
  username: string;
  problems: string[];
}

export interface PageCheckOptions {
  /** Who signs in, PAGE_CHECK_CREATORS unless given; each signs in once. */
  creators?: readonly PageCheckCreator[];
  /**
   * Runs on the composer just before it is read: the tests change the
   * served page with it, as a broken release would.
   */
  beforeRead?: (page: Page, mode: "video" | "photo") => Promise<void>;
}

/** The composer's creator_info, as the page's island is given it. */
async function creatorInfoOf(page: Page): Promise<CreatorInfo> {
  const { status, body } = await apiInPage(
    page,
    "GET",
    "/api/tiktok/creator_info",
  );
  if (status !== 200) {
    throw new Error(`creator_info answered ${status}: ${JSON.stringify(body)}`);
  }
  return creatorInfoFromFields(body);
}

/**
 * The page as Chromium holds it, as HTML: what the creator has chosen and
 * ticked, and what the island greys, are properties the markup does not
 * follow, so they are written back as attributes on a copy first.
 */
function liveHtml(page: Page): Promise<string> {
  return page.evaluate(() => {
    const copy = document.documentElement.cloneNode(true) as HTMLElement;
    const live = document.querySelectorAll("input, option, select, button");
    const copied = copy.querySelectorAll("input, option, select, button");
    live.forEach((e, i) => {
      const c = copied[i];
      const flag = (name: string, on: boolean) =>
        on ? c.setAttribute(name, "") : c.removeAttribute(name);
      if (e instanceof HTMLInputElement) flag("checked", e.checked);
      if (e instanceof HTMLOptionElement) flag("selected", e.selected);
      if ("disabled" in e) flag("disabled", (e as HTMLInputElement).disabled);
    });
    return copy.outerHTML;
  });
}

/** What Chromium shows wrong in the preview that markup cannot tell. */
async function playedPreviewProblems(page: Page): Promise<string[]> {
  const video = page.locator("[data-testid=post-preview] video").first();
  if (await video.count() === 0) return [];
  const played = await video.evaluate((v) => {
    const e = v as HTMLVideoElement;
    const box = e.getBoundingClientRect();
    return e.readyState >= 2 && e.videoWidth > 0 && box.width > 0 &&
      box.height > 0 && getComputedStyle(e).visibility !== "hidden";
  });
  return played ? [] : [
    "the preview's video shows no frame in the browser: the creator cannot see it",
  ];
}

/**
 * How long the preview's photos may take to load before they count as not
 * shown: they are fetched from the server after the upload is done, so
 * the page is read once each has loaded or failed, never before
 * (docs/tiktok-audit.md#checking-the-real-composer-page).
 */
const PHOTO_LOAD_MS = 15_000;

/** The preview's photos, each drawn in the browser, or what is not. */
async function shownPhotosProblems(page: Page): Promise<string[]> {
  const images = page.locator("[data-testid=post-preview] img");
  if (await images.count() === 0) return [];
  // `complete` turns true once an image has loaded or failed: a broken one
  // ends the wait too, and is judged below by its naturalWidth.
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll("[data-testid=post-preview] img")]
        .every((i) => (i as HTMLImageElement).complete),
    undefined,
    { timeout: PHOTO_LOAD_MS },
  ).catch(() => {}); // still loading: judged as not shown below
  const drawn = await images.evaluateAll((all) =>
    all.every((i) => {
      const img = i as HTMLImageElement;
      const box = img.getBoundingClientRect();
      return img.complete && img.naturalWidth > 0 && box.width > 0 &&
        box.height > 0;
    })
  );
  return drawn ? [] : [
    "the preview's photos show nothing in the browser: the creator cannot see them",
  ];
}

/**
 * Reads the composer of `server` for each of PAGE_CHECK_CREATORS, a video
 * uploaded and a caption typed, then two photos in Photos mode; `appAudited` is the server's
 * TIKTOK_APP_AUDITED.
 */
export async function checkComposerPage(
  browser: Browser,
  server: AuditServer,
  appAudited: boolean,
  options: PageCheckOptions = {},
): Promise<PageCheckResult[]> {
  const results: PageCheckResult[] = [];
  for (
    const { username, settings } of options.creators ?? PAGE_CHECK_CREATORS
  ) {
    const { page, close } = await signInCreator(
      browser,
      server,
      username,
      settings,
    );
    try {
      await page.locator("[data-testid=post-creator]", {
        hasText: "Posting to",
      }).waitFor();
      await uploadFromCard(page, "portrait.mp4");
      await page.fill("[data-testid=post-title]", "A caption of my own");
      const info = await creatorInfoOf(page);
      await options.beforeRead?.(page, "video");
      const problems = [
        ...composerProblems(await liveHtml(page), info, appAudited),
        ...await playedPreviewProblems(page),
      ];
      await choosePhotos(page);
      await options.beforeRead?.(page, "photo");
      problems.push(
        ...[
          ...composerProblems(await liveHtml(page), info, appAudited, "photo"),
          ...await shownPhotosProblems(page),
        ].map((p) => `photo post: ${p}`),
      );
      results.push({ username, problems });
    } finally {
      await close();
    }
  }
  return results;
}
