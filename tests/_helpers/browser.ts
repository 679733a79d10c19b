/**
 * Headless Chromium for the browser tests: launches the Chromium that
 * chromium_binary.ts provides (from npm, or `CHROMIUM_PATH`) through
 * playwright-core, keeps every page request on loopback, and records what
 * the pages complained about (console errors, uncaught errors, CSP reports).
 * @module
 */
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { chromiumPath } from "./chromium_binary.ts";
import type {
  Browser,
  BrowserContext,
  BrowserContextOptions,
  ConsoleMessage,
  Page,
  Route,
} from "playwright-core";

/** Flags that keep Chromium quiet, offline and runnable in a container. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** A launched browser and the one way to close it. */
export interface LaunchedBrowser {
  browser: Browser;
  /** Closes the browser (idempotent; safe in `finally`). */
  close(): Promise<void>;
}

/**
 * Launches headless Chromium. Without a browser it throws, saying why: a
 * browser test fails rather than skips.
 */
export async function launchChromium(): Promise<LaunchedBrowser> {
  const browser = await chromium.launch({
    executablePath: await chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 15_000,
  });
  let closed = false;
  return {
    browser,
    async close() {
      if (closed) return;
      closed = true;
      await browser.close();
    },
  };
}

/**
 * Waits out Playwright's in-process retry timer. When a Playwright wait
 * times out, its polling loop keeps one backoff timer (at most 1 s) pending
 * even after the browser is closed; call this after closing a browser whose
 * test failed so the next test's sanitizers do not blame it for that timer.
 */
export function settlePlaywrightTimers(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1_200));
}

/** True for hosts that stay on this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") ||
    host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** What the pages of one watched context did that a test may object to. */
export interface BrowserWatch {
  /** Requests that tried to leave loopback (they were aborted). */
  readonly foreignRequests: string[];
  /** `console.error` messages and browser-reported errors, as text. */
  readonly consoleErrors: string[];
  /** Uncaught exceptions thrown in a page. */
  readonly pageErrors: string[];
  /** Console errors that report a Content Security Policy violation. */
  cspViolations(): string[];
  /** Fails unless no request left loopback. */
  assertNoForeignRequests(): void;
  /**
   * Fails on any foreign request, page error, CSP violation or console
   * error, except console errors matching one of `allowConsole`.
   */
  assertClean(options?: { allowConsole?: RegExp[] }): void;
}

/** A browser context whose pages are watched by a {@link BrowserWatch}. */
export interface WatchedContext {
  context: BrowserContext;
  watch: BrowserWatch;
  /** Opens a new page in the context. */
  newPage(): Promise<Page>;
  /** Closes every page and the context (idempotent; safe in `finally`). */
  close(): Promise<void>;
}

const CSP_PATTERN = /Content Security Policy/i;

/**
 * The line Chromium itself logs when a page's fetch of `path` is answered
 * with `status` (it logs every 4xx and 5xx), for `allowConsole`: the
 * browser's network log, not an error of the page's code.
 */
export function fetchAnsweredLine(status: number, path: string): RegExp {
  const escaped = path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return new RegExp(
    `status of ${status} \\([^)]*\\) \\(at https?://[^/ ]+${escaped}\\)$`,
  );
}

/**
 * Opens a context that aborts (and records) any request to a non-loopback
 * host and records console errors and page errors of all its pages. Its
 * zone is UTC unless `options` names one: what a test expects of times
 * does not follow the zone of the machine running it.
 */
export async function openWatchedContext(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<WatchedContext> {
  const context = await browser.newContext({ timezoneId: "UTC", ...options });
  const foreignRequests: string[] = [];
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];

  try {
    await context.route("**/*", async (route: Route) => {
      const url = new URL(route.request().url());
      const local = !/^(https?|wss?):$/.test(url.protocol) ||
        isLoopbackHost(url.hostname);
      try {
        if (local) {
          await route.fallback();
        } else {
          foreignRequests.push(`${route.request().method()} ${url.href}`);
          await route.abort("blockedbyclient");
        }
      } catch {
        // The page or context closed while the request was in flight.
      }
    });
  } catch (error) {
    await context.close();
    throw error;
  }

  function watchPage(page: Page) {
    page.on("console", (msg: ConsoleMessage) => {
      if (msg.type() !== "error") return;
      const where = msg.location().url;
      consoleErrors.push(where ? `${msg.text()} (at ${where})` : msg.text());
    });
    page.on("pageerror", (error: Error) => {
      pageErrors.push(`${error.name}: ${error.message}`);
    });
  }
  context.on("page", watchPage);

  const watch: BrowserWatch = {
    foreignRequests,
    consoleErrors,
    pageErrors,
    cspViolations: () => consoleErrors.filter((e) => CSP_PATTERN.test(e)),
    assertNoForeignRequests() {
      assert.deepEqual(
        foreignRequests,
        [],
        `requests left loopback:\n${foreignRequests.join("\n")}`,
      );
    },
    assertClean(opts = {}) {
      watch.assertNoForeignRequests();
      assert.deepEqual(pageErrors, [], "uncaught errors in the page");
      assert.deepEqual(watch.cspViolations(), [], "CSP violations");
      const unexpected = consoleErrors.filter((e) =>
        !(opts.allowConsole ?? []).some((re) => re.test(e))
      );
      assert.deepEqual(unexpected, [], "console errors in the page");
    },
  };

  let closed = false;
  return {
    context,
    watch,
    newPage: () => context.newPage(),
    async close() {
      if (closed) return;
      closed = true;
      for (const page of context.pages()) {
        await page.close().catch(() => {});
      }
      await context.unrouteAll({ behavior: "ignoreErrors" }).catch(() => {});
      await context.close();
    },
  };
}
