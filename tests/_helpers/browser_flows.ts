/**
 * The steps the browser tests share: a fresh server, browser, watched
 * context and page for each test; the sign-in through the sandbox consent
 * page; the plan choice; waiting for the dashboard's islands and for the
 * PostCard's privacy options.
 * @module
 */
import assert from "node:assert/strict";
import type {
  BrowserContextOptions,
  Locator,
  Page,
  Response as PwResponse,
} from "playwright-core";
import { startTestServer } from "./test_server.ts";
import type { TestServer, TestServerOptions } from "./test_server.ts";
import {
  launchChromium,
  openWatchedContext,
  settlePlaywrightTimers,
} from "./browser.ts";
import type { WatchedContext } from "./browser.ts";
import { getTyped } from "../../lib/kv_keys.ts";
import { sandboxKeys } from "../../sandbox/tiktok/sandbox_keys.ts";
import type { PlanId } from "../../lib/accounts/account_record.ts";
import { seedDashboard } from "./dashboard_seed.ts";
import type { SeededDashboard } from "./dashboard_seed.ts";
import { anHourLater } from "./follow_while.ts";

/** The sandbox TikTok's consent page. */
export const CONSENT_PAGE = /\/_sandbox\/tiktok\/v2\/auth\/authorize\/?\?/;

/** A file of `tests/fixtures/`. */
export const fixturePath = (name: string) =>
  new URL(`../fixtures/${name}`, import.meta.url).pathname;

/**
 * Gives the upload card a fixture and waits for its error: the element
 * (for its role and live region) and its text.
 */
export async function uploadCardError(page: Page, fixture: string) {
  await page.setInputFiles("[data-testid=video-input]", fixturePath(fixture));
  const error = page.locator("[data-testid=upload-error]");
  await error.waitFor();
  return { error, text: (await error.textContent())?.trim() ?? "" };
}

/**
 * Presses the composer's post button and waits for its direct_post, which
 * must answer 200; returns the answer and the JSON the page sent.
 */
export async function postFromComposer(page: Page) {
  const sent = nextApiResponse(page, {
    method: "POST",
    path: "/api/tiktok/direct_post",
  });
  await page.click("[data-testid=post-submit]");
  const response = await sent;
  assert.equal(response.status(), 200, await response.text());
  return {
    response,
    request: response.request().postDataJSON() as Record<string, unknown>,
  };
}

/** `s` with the characters a RegExp gives a meaning escaped. */
export const escapeRegExp = (s: string) =>
  s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The dashboard's lists reload every 500 ms in browser tests (every 5 s in
 * production): a test waiting for a row's new state still sees the list
 * refresh itself, without waiting out the production period.
 */
const BROWSER_TEST_TIMING = { listRefreshMs: 500 };

/** What one browser test works with. */
export interface BrowserRun {
  server: TestServer;
  watched: WatchedContext;
  page: Page;
}

/** The body of a browser test. */
export type BrowserBody = (run: BrowserRun) => Promise<void>;

/** A browser in Los Angeles speaking en-US: a zone that is not UTC. */
export const LOS_ANGELES: BrowserContextOptions = {
  timezoneId: "America/Los_Angeles",
  locale: "en-US",
};

/**
 * A record's time in en-US in Los Angeles, its zone named (PST or PDT), as
 * `localTime`'s `zone` writes it (docs/dashboard.md#times).
 */
export const NAMED_IN_LOS_ANGELES =
  /[A-Z][a-z]{2}\s\d{1,2}, \d{4}, \d{1,2}:\d\d\s[AP]M\sP[DS]T/;

/**
 * A runner that runs a body with a fresh server, browser, context (opened
 * with `contextOptions`, e.g. a `timezoneId` or `locale`) and page, with 15 s
 * default timeouts (5 s timed out a navigation on a machine loaded by other
 * suites), and closes them all.
 */
export function browserRunner(
  contextOptions: BrowserContextOptions = {},
  serverOptions: TestServerOptions = {},
): (body: BrowserBody) => Promise<void> {
  return async (body) => {
    const server = await startTestServer({
      ...serverOptions,
      timing: { ...BROWSER_TEST_TIMING, ...serverOptions.timing },
    });
    let failed = true;
    try {
      const launched = await launchChromium();
      try {
        const watched = await openWatchedContext(
          launched.browser,
          contextOptions,
        );
        try {
          const page = await watched.newPage();
          try {
            page.setDefaultTimeout(15_000);
            page.setDefaultNavigationTimeout(15_000);
            await body({ server, watched, page });
            failed = false;
          } finally {
            await page.close();
          }
        } finally {
          await watched.close();
        }
      } finally {
        await launched.close();
      }
    } finally {
      if (failed) await settlePlaywrightTimers();
      await server.close();
    }
  };
}

/** Runs `body` with a fresh server, browser, context and page; closes all. */
export const withBrowser: (body: BrowserBody) => Promise<void> =
  browserRunner();

/** The page's complaints so far, for failure messages. */
export function complaints(watched: WatchedContext): string {
  return [...watched.watch.pageErrors, ...watched.watch.consoleErrors]
    .join("\n") || "(nothing)";
}

/** From the start page to the sandbox consent page, with its form shown. */
export async function openConsentPage(page: Page, server: TestServer) {
  await page.goto(`${server.url}/`);
  await page.click("[data-testid=sign-in]");
  await page.waitForURL(CONSENT_PAGE);
  await page.locator("input[name=username]").waitFor();
}

/**
 * From the start page already shown: signs in as sandbox user `username`
 * through the consent page and lands on the dashboard.
 */
export async function signInFromStartPage(
  page: Page,
  server: TestServer,
  username: string,
) {
  await page.click("[data-testid=sign-in]");
  await page.waitForURL(CONSENT_PAGE);
  await page.fill("input[name=username]", username);
  await page.click("button[name=decision][value=authorize]");
  await page.waitForURL(`${server.url}/dashboard`);
}

/**
 * On its way to the sandbox consent page (a sign-in link just followed):
 * authorizes as `username` and lands on the dashboard.
 */
export async function authorizeOnConsentPage(
  page: Page,
  server: TestServer,
  username: string,
) {
  await page.waitForURL(CONSENT_PAGE);
  await page.fill("input[name=username]", username);
  await page.click("button[name=decision][value=authorize]");
  await page.waitForURL(`${server.url}/dashboard`);
}

/** "Add another TikTok account" from the header, as `username`. */
export async function addAccountInBrowser(run: BrowserRun, username: string) {
  const { page, server } = run;
  await page.click("[data-testid=add-account]");
  await page.waitForURL(CONSENT_PAGE);
  await page.fill("input[name=username]", username);
  await page.click("button[name=decision][value=authorize]");
  await page.waitForURL(`${server.url}/dashboard`);
}

/** Signs in as sandbox user `username` and lands on the dashboard. */
export async function signInInBrowser(
  page: Page,
  server: TestServer,
  username: string,
) {
  await page.goto(`${server.url}/`);
  await signInFromStartPage(page, server, username);
}

/**
 * Chooses `plan` on the dashboard; with `name`, waits for the plan card and
 * checks that it shows that name.
 */
export async function choosePlan(page: Page, plan: PlanId, name?: string) {
  await page.locator("[data-testid=plan-choice]").waitFor();
  await page.click(`button[name=plan][value=${plan}]`);
  await page.waitForURL(/\/dashboard$/);
  if (name === undefined) return;
  const planName = page.locator("[data-testid=plan-name]");
  await planName.waitFor();
  assert.equal((await planName.textContent())?.trim(), name);
}

/** The open_id of sandbox user `username` (who must exist). */
export async function sandboxOpenId(
  server: TestServer,
  username: string,
): Promise<string> {
  const openId = (await getTyped(
    server.kv,
    sandboxKeys.userByName(username),
  )).value;
  assert.ok(openId, "the sandbox user exists");
  return openId;
}

/** Waits until each of the named islands has hydrated, in order. */
export async function waitForIslands(
  page: Page,
  watched: WatchedContext,
  islands: readonly string[],
) {
  for (const island of islands) {
    try {
      await page.locator(
        `pm3k-island[data-island=${island}][data-hydrated=true]`,
      ).waitFor();
    } catch (error) {
      throw new Error(
        `the ${island} island did not hydrate; the page reported:\n${
          complaints(watched)
        }`,
        { cause: error },
      );
    }
  }
}

/** The privacy choices the PostCard offers (without its "Choose…" prompt). */
export function privacyOptions(page: Page): Promise<string[]> {
  return page.locator("[data-testid=post-privacy] option").evaluateAll(
    (options) =>
      options.map((o) => (o as HTMLOptionElement).value).filter((v) => v),
  );
}

/** Waits until the PostCard has its creator_info (the privacy options). */
export async function waitForPrivacyOptions(
  page: Page,
  watched: WatchedContext,
) {
  const deadline = Date.now() + 5_000;
  while ((await privacyOptions(page)).length === 0) {
    if (Date.now() > deadline) {
      throw new Error(
        `the PostCard shows no privacy options; the page reported:\n${
          complaints(watched)
        }`,
      );
    }
    await sleep(25);
  }
}

/** What {@link signInWithPlan} does besides signing in. */
export interface SignInWithPlanOptions {
  /** The plan to choose (monthly by default). */
  plan?: PlanId;
  /** When given, the plan card must show this name. */
  planName?: string;
  /**
   * Runs once the sandbox user exists, before the plan is chosen (before
   * the dashboard shows the plan's cards).
   */
  beforePlan?: (openId: string) => Promise<void>;
  /** `data-testid`s of the cards to wait for once the plan is chosen. */
  cards?: readonly string[];
  /** The islands to wait for once the plan is chosen. */
  islands?: readonly string[];
  /** Wait for the PostCard's privacy options too. */
  privacyOptions?: boolean;
  /** A dashboard page to open once the plan is chosen (e.g. settings). */
  path?: string;
}

/**
 * Signs in as sandbox user `username` through the consent page, chooses a
 * plan and waits for what `options` names; returns the user's open_id.
 */
export async function signInWithPlan(
  { server, watched, page }: BrowserRun,
  username: string,
  options: SignInWithPlanOptions = {},
): Promise<string> {
  await signInInBrowser(page, server, username);
  const openId = await sandboxOpenId(server, username);
  await options.beforePlan?.(openId);
  await choosePlan(page, options.plan ?? "monthly", options.planName);
  if (options.path) await page.goto(`${server.url}${options.path}`);
  for (const card of options.cards ?? []) {
    await page.locator(`[data-testid=${card}]`).waitFor();
  }
  await waitForIslands(page, watched, options.islands ?? []);
  if (options.privacyOptions) await waitForPrivacyOptions(page, watched);
  return openId;
}

/**
 * Signs in as `username` as {@link signInWithPlan} does (monthly plan) and
 * fills the dashboard with {@link seedDashboard} on the test server's
 * clock, the published post followed to its end; what it made, and the
 * user's open_id.
 */
export async function signInToSeededDashboard(
  run: BrowserRun,
  username: string,
): Promise<SeededDashboard & { openId: string }> {
  const { server, page } = run;
  const openId = await signInWithPlan(run, username);
  const seeded = await seedDashboard(page, {
    serverUrl: server.url,
    openId,
    now: server.clock.now(),
    later: () => anHourLater(server),
  });
  return { ...seeded, openId };
}

/**
 * Shows the calendar's week (or month) holding `entry`, moving back or on:
 * the week shown is the browser's, and a post seeded a few hours ahead may
 * fall in the next one (late on the day before a week starts), or in the
 * last one under a clock moved back.
 */
export async function showCalendarEntry(page: Page, entry: Locator) {
  if (await shownOncePlaced(entry)) return;
  for (const step of ["Previous", "Next", "Next"]) {
    await page.getByRole("button", { name: step }).click();
    if (await shownOncePlaced(entry)) return;
  }
  assert.ok(await entry.isVisible(), "the entry is on the calendar");
}

/**
 * Waits until the calendar has placed its posts: mounted, in the
 * browser's zone, with every post of the range shown read (its section's
 * `aria-busy` false, docs/dashboard.md#calendar-posts-and-media).
 */
export async function calendarPlaced(page: Page): Promise<void> {
  await page.locator('[data-testid="calendar"][aria-busy="false"]').waitFor();
}

/**
 * Whether `entry` shows once the calendar has placed its posts: a look
 * before that may miss an entry of this week (and a Next would leave it
 * behind).
 */
export async function shownOncePlaced(entry: Locator): Promise<boolean> {
  await calendarPlaced(entry.page());
  return await entry.isVisible();
}

/** Which response {@link nextApiResponse} waits for. */
export interface ResponseMatch {
  /** The request's method; any when left out. */
  method?: string;
  /** The URL's path, exactly (a string) or as a pattern. */
  path: string | RegExp;
  /** The response's status; any when left out. */
  status?: number;
  /** How long to wait (10 s by default). */
  timeout?: number;
}

/**
 * The next response of the page that `match` describes. Awaited later by
 * the caller; if the test fails before that, it is not left unhandled.
 */
export function nextApiResponse(
  page: Page,
  match: ResponseMatch,
): Promise<PwResponse> {
  const { method, path, status, timeout = 10_000 } = match;
  const response = page.waitForResponse(
    (r) => {
      const pathname = new URL(r.url()).pathname;
      return (method === undefined || r.request().method() === method) &&
        (typeof path === "string" ? pathname === path : path.test(pathname)) &&
        (status === undefined || r.status() === status);
    },
    { timeout },
  );
  response.catch(() => {});
  return response;
}

/**
 * Waits until the table row `rowSelector` has `data-state` `state` (the
 * lists refresh themselves); on timeout, says what the row shows, naming it
 * "the row of `label`".
 */
export async function waitForListRowState(
  page: Page,
  rowSelector: string,
  state: string,
  label: string,
  timeout: number,
) {
  const row = page.locator(rowSelector);
  try {
    await page.locator(`${rowSelector}[data-state=${state}]`).waitFor({
      timeout,
    });
  } catch (error) {
    throw new Error(
      `the row of ${label} did not become ${state}; it is ${await row
        .getAttribute("data-state")}: ${await row.textContent()}`,
      { cause: error },
    );
  }
}

/** The cells' text of a table row, trimmed. */
export function cellTexts(row: Locator): Promise<string[]> {
  return row.locator("td").evaluateAll((tds) =>
    tds.map((td) => (td.textContent ?? "").trim())
  );
}

/**
 * Uploads a fixture video through the UploadCard; returns its URL once the
 * card shows a new, non-empty one.
 */
export async function uploadVideoFromCard(
  page: Page,
  name = "portrait.mp4",
): Promise<string> {
  const url = page.locator("[data-testid=upload-url]");
  const before = await url.count() ? await url.inputValue() : null;
  await page.setInputFiles("[data-testid=video-input]", fixturePath(name));
  await page.waitForFunction(
    (previous) => {
      const input = document.querySelector(
        "[data-testid=upload-url]",
      ) as HTMLInputElement | null;
      return input !== null && input.value !== "" && input.value !== previous;
    },
    before,
  );
  return await url.inputValue();
}

/**
 * Waits until the composer's video select lists `url`: a new upload joins
 * it at once, with no refresh (docs/dashboard.md#freshness).
 */
export async function waitUntilListed(page: Page, url: string) {
  await page.locator(`[data-testid=post-source] option[value="${url}"]`)
    .waitFor({ state: "attached" });
}

/** Chooses `url` in the composer's video list once it is listed there. */
export async function chooseVideo(page: Page, url: string) {
  await waitUntilListed(page, url);
  await page.selectOption("[data-testid=post-source]", url);
}

/** Switches the composer to photos and opens its automation payload. */
export async function openPhotoMode(page: Page) {
  await page.click("[data-testid=post-mode-photo]");
  await page.locator("[data-testid=photo-card]").waitFor();
  const details = page.locator("[data-testid=photo-automation]");
  if (!(await details.getAttribute("open") !== null)) {
    await details.locator("summary").click();
  }
}

/** `YYYY-MM-DDTHH:MM` in the browser's zone, `hours` from now. */
export function localInputIn(page: Page, hours: number): Promise<string> {
  return page.evaluate((h) => {
    const d = new Date(Date.now() + h * 3600_000);
    const p = (n: number) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${
      p(d.getHours())
    }:${p(d.getMinutes())}`;
  }, hours);
}
