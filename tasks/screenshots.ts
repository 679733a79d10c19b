/**
 * `deno task screenshots [folder]`: a screenshot of each dashboard page,
 * and of the composer in each state TikTok's audit looks at, written to
 * `folder`, else to `$SCREENSHOTS_DIR`, else to docs/images/
 * (docs/testing.md#screenshots). It starts the real server (`main.ts`) on
 * the TikTok simulator with a fresh data folder, signs a simulated creator
 * in through the consent page in headless Chromium, chooses a plan,
 * uploads the test fixtures, posts twice (TikTok fails the first on
 * purpose, to show a fail reason, and publishes the second, public, to
 * show the Published state and its TikTok link), schedules two posts, then
 * visits every dashboard page, checking that the posts and calendar pages
 * show what the pictures are for. Then it drives the composer through the
 * audit's states (tasks/screenshots_audit.ts), with two more creators whose
 * TikTok settings the simulator's admin endpoint sets, and starts the
 * server a second time with `TIKTOK_APP_AUDITED=false` for the composer of
 * an app TikTok has not audited.
 * @module
 */
import { resolve } from "node:path";
import { launchChromium } from "../tests/_helpers/browser.ts";
import {
  freePort,
  startServerProcess,
  stopServerProcess,
} from "../tests/_helpers/server_process.ts";
import { apiInPage, seedDashboard } from "../tests/_helpers/dashboard_seed.ts";
import {
  dashboardPagePaths,
  waitForAllIslands,
} from "../tests/_helpers/page_quality.ts";
import { movePostingHistoryBack } from "../tests/_helpers/posting_history.ts";
import { calendarPlaced } from "../tests/_helpers/browser_flows.ts";
import {
  signInCreator,
  takeAuditedScreenshots,
  takeUnauditedScreenshot,
} from "./screenshots_audit.ts";
import type { Browser, Page } from "playwright-core";

const projectDir = new URL("..", import.meta.url).pathname;
/** Where the screenshots go when no folder is given: the docs' images. */
export const DEFAULT_SCREENSHOTS_DIR = `${projectDir}docs/images`;
/** The simulated creator whose dashboard is shown. */
const USERNAME = "maya.travels";

/** `/dashboard/calendar` → `dashboard-calendar.png`; `/dashboard` → `dashboard.png`. */
export function screenshotFileName(path: string): string {
  return `${path.slice(1).replaceAll("/", "-")}.png`;
}

/**
 * The folder asked for: the first argument, `$SCREENSHOTS_DIR`, or
 * docs/images. A relative one is taken from where the command was typed:
 * `deno task` runs in the project folder and says where it was started in
 * `INIT_CWD`.
 */
export function screenshotsDir(
  args: readonly string[],
  env: (name: string) => string | undefined,
): string {
  const asked = args[0] ?? env("SCREENSHOTS_DIR");
  if (!asked) return DEFAULT_SCREENSHOTS_DIR;
  return resolve(env("INIT_CWD") ?? Deno.cwd(), asked);
}

const HOUR = 3600_000;

/** Waits while the server follows the posts (queue or cron) to their end. */
async function untilPostsSettle(page: Page): Promise<void> {
  for (let i = 0; i < 90; i++) {
    const posts = (await apiInPage(page, "GET", "/api/tiktok/posts")).body
      .posts as { state: string }[];
    if (posts.every((p) => p.state !== "pending")) return;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error("TikTok did not settle the seeded posts in 90 s");
}

/**
 * The pictures must show what the limits allow: posts of the account at
 * least an hour apart (the seeded history moves back with the limit's).
 */
async function checkPostsApart(page: Page): Promise<void> {
  const posts = (await apiInPage(page, "GET", "/api/tiktok/posts")).body
    .posts as { created_at: string }[];
  const times = posts.map((p) => Date.parse(p.created_at)).sort((a, b) =>
    a - b
  );
  for (let i = 1; i < times.length; i++) {
    if (times[i] - times[i - 1] < HOUR) {
      throw new Error("the seeded posts are less than an hour apart");
    }
  }
}

/**
 * What the pictures of a page are for, checked before each is taken: the
 * posts page and the calendar show a published post (its TikTok link and
 * counts on the posts page) and a failed one.
 */
async function checkShown(
  page: Page,
  path: string,
  moveBack: () => Promise<void>,
): Promise<void> {
  if (path === "/dashboard/calendar") {
    await calendarAtSeededWeek(page, moveBack);
  }
  const wanted: Record<string, string[]> = {
    "/dashboard/posts": [
      "li.post-item[data-state=done] a:text-is('View on TikTok')",
      // TikTok's counts of the public post, not all zero: the sandbox's
      // grow from when it was made, moved back an hour.
      "li.post-item[data-state=done] [data-testid=post-counts]:text-matches('^[1-9]')",
      "li.post-item[data-state=failed] [data-testid=fail-reason]",
    ],
    "/dashboard/calendar": [
      "[data-entry][data-state=published]",
      "[data-entry][data-state=failed]",
    ],
  };
  for (const selector of wanted[path] ?? []) {
    try {
      await page.locator(selector).first().waitFor({ timeout: 5_000 });
    } catch (error) {
      throw new Error(`${path} does not show ${selector}`, { cause: error });
    }
  }
}

/**
 * The calendar opens at today's week, and the seeded posts were made up to
 * two hours ago on the real clock (the failed one about two hours back,
 * the published one about one): just after a week began in the browser's
 * zone (a Monday's first two hours) one or both are in the week before.
 * When the week began between them (Monday 01:01 to 02:02) no week shows
 * both, so the posts move back one more hour (`moveBack`), which puts both
 * in the week before; the picture then shows that week.
 */
async function calendarAtSeededWeek(
  page: Page,
  moveBack: () => Promise<void>,
): Promise<void> {
  await calendarPlaced(page);
  const shown = (state: string) =>
    page.locator(`[data-entry][data-state=${state}]`).count();
  const published = await shown("published");
  if (published > 0 && await shown("failed") > 0) return;
  if (published > 0) {
    await moveBack();
    await page.reload();
    await waitForAllIslands(page);
    await calendarPlaced(page);
  }
  await page.getByRole("button", { name: "Previous" }).click();
  await calendarPlaced(page);
}

/** A real server on the simulator, with a fresh data folder. */
export async function withServer(
  env: Record<string, string>,
  body: (server: { url: string; kvPath: string }) => Promise<void>,
): Promise<void> {
  const dataDir = await Deno.makeTempDir({ prefix: "pm3k-screenshots-" });
  const kvPath = `${dataDir}/pm3k.kv`;
  try {
    const server = await startServerProcess(freePort(), {
      DATA_DIR: dataDir,
      KV_PATH: kvPath,
      SECRET_KEY: crypto.randomUUID() + crypto.randomUUID(),
      ...env,
    });
    try {
      await body({ url: server.url, kvPath });
    } finally {
      await stopServerProcess(server);
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
}

/**
 * The seeded creator's dashboard pages, then the composer's audit states
 * (docs/tiktok-audit.md) on the same server.
 */
async function pagesAndAuditStates(
  browser: Browser,
  server: { url: string; kvPath: string },
  outDir: string,
): Promise<void> {
  const { kvPath } = server;
  const { page, close } = await signInCreator(browser, server, USERNAME, null);
  try {
    const openId = String(
      (await apiInPage(page, "GET", "/api/me")).body.open_id,
    );
    const now = Date.now();
    await seedDashboard(page, {
      serverUrl: server.url,
      openId,
      now,
      // The server keeps the real time: the posts settle, then the hourly
      // limit's history moves back an hour, so a second post is taken.
      later: async () => {
        await untilPostsSettle(page);
        await movePostingHistoryBack(kvPath, openId, HOUR + 60_000);
      },
    });
    await untilPostsSettle(page);
    await checkPostsApart(page);
    for (const path of dashboardPagePaths()) {
      await page.goto(`${server.url}${path}`);
      await waitForAllIslands(page);
      await checkShown(
        page,
        path,
        () => movePostingHistoryBack(kvPath, openId, HOUR + 60_000),
      );
      // Thumbnails: each video's first frame, each image, loaded.
      await page.waitForFunction(() =>
        [...document.querySelectorAll("video")].every((v) =>
          v.readyState >= 2
        ) &&
        [...document.querySelectorAll("img")].every((i) => i.complete)
      );
      // A decoded frame is painted a moment later in headless Chromium.
      await new Promise((r) => setTimeout(r, 1_000));
      const file = `${outDir}/${screenshotFileName(path)}`;
      // The whole page, not the viewport: the composer is taller than a screen.
      await page.screenshot({ path: file, fullPage: true });
      console.log(`wrote ${file}`);
    }
    await takeAuditedScreenshots(browser, page, server, outDir);
  } finally {
    await close();
  }
}

/** Takes the screenshots into `outDir` (made if missing). */
export async function takeScreenshots(outDir: string): Promise<void> {
  await Deno.mkdir(outDir, { recursive: true });
  const launched = await launchChromium();
  try {
    await withServer(
      {},
      (server) => pagesAndAuditStates(launched.browser, server, outDir),
    );
    // An app TikTok has not audited: the same server, started so.
    await withServer(
      { TIKTOK_APP_AUDITED: "false" },
      (server) => takeUnauditedScreenshot(launched.browser, server, outDir),
    );
  } finally {
    await launched.close();
  }
}

if (import.meta.main) {
  await takeScreenshots(screenshotsDir(Deno.args, (n) => Deno.env.get(n)));
}
