/**
 * The dashboard's quality checks in a real Chromium: axe-core (from npm)
 * injected into the page, and horizontal overflow at a phone's width.
 * @module
 */
import axe from "axe-core";
import type { Locator, Page } from "playwright-core";
import manifest from "../../fresh.gen.ts";
import type { RouteModule } from "../../lib/http/app_types.ts";

/** Every dashboard page: each route file under routes/dashboard/ with a page. */
export function dashboardPagePaths(): string[] {
  const routes: Record<string, RouteModule> = manifest.routes;
  return Object.entries(routes)
    .filter(([file, mod]) =>
      file.startsWith("./routes/dashboard/") && mod.default !== undefined &&
      !file.includes("[")
    )
    .map(([file]) =>
      file.replace(/^\.\/routes/, "").replace(/\.tsx?$/, "")
        .replace(/\/index$/, "")
    )
    .sort();
}

/** Waits until every island on the page has hydrated. */
export async function waitForAllIslands(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    [...document.querySelectorAll("pm3k-island")].every((el) =>
      (el as HTMLElement).dataset.hydrated === "true"
    )
  );
}

/** One axe violation, reduced to what a failure message needs. */
export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousAxeViolations(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => "axe" in globalThis))) {
    // Injected as a script element would need the page's CSP nonce;
    // evaluate runs it as the page's own code instead.
    await page.evaluate(axe.source);
  }
  const violations = await page.evaluate(async () => {
    // deno-lint-ignore no-explicit-any
    const run = await (globalThis as any).axe.run(document, {
      resultTypes: ["violations"],
    });
    return run.violations.map((
      v: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: string[] }[];
      },
    ) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")),
    }));
  }) as AxeFinding[];
  return violations.filter((v) =>
    v.impact === "serious" || v.impact === "critical"
  );
}

/** How far the page is wider than its viewport (0: no horizontal overflow). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() =>
    Math.max(
      document.documentElement.scrollWidth,
      document.body.scrollWidth,
    ) - document.documentElement.clientWidth
  );
}

/**
 * Marks every `aria-live` region on the page now, for {@link liveRegionOf}:
 * a screen reader announces a change only inside a region it already knew,
 * so a result must appear in a region that was there before it.
 */
export async function markLiveRegions(page: Page): Promise<void> {
  await page.evaluate(() => {
    for (const el of document.querySelectorAll("[aria-live]")) {
      (el as HTMLElement).dataset.liveBefore = "true";
    }
  });
}

/** Where a shown result is announced from. */
export interface LiveRegion {
  /** The `aria-live` value of the nearest region around it, or null. */
  live: string | null;
  /** That region was on the page when {@link markLiveRegions} ran. */
  before: boolean;
}

/** The live region around `locator`'s element. */
export function liveRegionOf(locator: Locator): Promise<LiveRegion> {
  return locator.evaluate((el) => {
    const region = el.closest("[aria-live]") as HTMLElement | null;
    return {
      live: region?.getAttribute("aria-live") ?? null,
      before: region?.dataset.liveBefore === "true",
    };
  });
}

/**
 * The text of a visible `<label>` tied to `locator`'s field (by `for` or by
 * wrapping it), or null: an `aria-label` or a placeholder is not one, and
 * neither is a visually hidden label.
 */
export function visibleLabelOf(locator: Locator): Promise<string | null> {
  return locator.evaluate((el) => {
    const labels = [...((el as HTMLInputElement).labels ?? [])];
    const shown = labels.find((label) => {
      const box = label.getBoundingClientRect();
      const style = getComputedStyle(label);
      return box.width > 1 && box.height > 1 &&
        style.visibility !== "hidden" && style.opacity !== "0";
    });
    return shown?.textContent?.trim() || null;
  });
}

/** A control that Tab reached, and whether its focus can be seen. */
export interface FocusStop {
  /** The control: its tag and test id, name or text. */
  control: string;
  /** It has an outline or a box-shadow while focused. */
  indicated: boolean;
}

/**
 * Presses Tab from the start of `selector`'s element (a click in its top
 * left padding, where no control is, sets where Tab goes on from) until focus
 * has gone through every control inside and left it (at most `maxTabs`
 * presses); each control focused inside, once (a date field's parts or a
 * player's buttons are one control), with whether a focus indicator (a
 * non-none outline of some width, or a box-shadow) shows on it.
 */
export async function tabStopsWithin(
  page: Page,
  selector: string,
  maxTabs = 150,
): Promise<FocusStop[]> {
  await page.locator(selector).click({ position: { x: 8, y: 8 } });
  const stops: FocusStop[] = [];
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press("Tab");
    const stop = await page.evaluate((sel) => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || !el.closest(sel)) return null;
      const style = getComputedStyle(el);
      const name = el.dataset.testid ?? el.getAttribute("name") ??
        el.getAttribute("aria-label") ??
        (el.textContent ?? "").trim().slice(0, 40);
      return {
        control: `${el.tagName.toLowerCase()} ${name}`,
        indicated: (style.outlineStyle !== "none" &&
          parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none",
      };
    }, selector);
    if (stop && stops.at(-1)?.control !== stop.control) stops.push(stop);
    else if (!stop && stops.length > 0) return stops;
  }
  throw new Error(`Tab did not leave ${selector} in ${maxTabs} presses`);
}

/** The focused element's test id (else its tag), or "body" when focus is nowhere. */
export function focusedTestId(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return "body";
    return el.dataset.testid ?? el.tagName.toLowerCase();
  });
}

/**
 * Waits until the element with test id `testId` has focus (an island moves
 * it after its render); on timeout, fails naming where focus is instead.
 */
export async function waitForFocusOn(
  page: Page,
  testId: string,
  what: string,
): Promise<void> {
  try {
    await page.waitForFunction(
      (id) =>
        (document.activeElement as HTMLElement | null)?.dataset.testid === id,
      testId,
      { timeout: 2_000 },
    );
  } catch {
    throw new Error(
      `${what}: focus is on ${await focusedTestId(page)}, not ${testId}`,
    );
  }
}

/**
 * What a screen reader adds after `locator`'s name: the text of the
 * elements its `aria-describedby` names, joined with " | ".
 */
export function describedByText(locator: Locator): Promise<string> {
  return locator.evaluate((el) =>
    (el.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent?.trim() ?? "")
      .filter(Boolean).join(" | ")
  );
}
