/**
 * Every dashboard page, signed in with data (uploads, an album, a published
 * and a failed post, scheduled posts): axe-core finds no serious or
 * critical violation, in the light and the dark theme and in the states
 * only a click opens (a new key, a confirmation, the calendar's edit form,
 * the drafts note), and at 375 px nothing overflows sideways. The pages
 * come from the route manifest, so a new dashboard page is checked too;
 * the start page and the plan choice, outside routes/dashboard/, are
 * checked the same way, and so are the Privacy Policy and the Terms. Tab
 * through the composer shows a focus indicator on each control it reaches.
 */
import { recordApiRefusal } from "../../lib/activity/api_refusals.ts";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  browserRunner,
  fixturePath,
  showCalendarEntry,
  signInInBrowser,
  signInToSeededDashboard,
  signInWithPlan,
  uploadVideoFromCard,
} from "../_helpers/browser_flows.ts";
import {
  apiInPage,
  sandboxAdmin,
  uploadFixtureInPage,
} from "../_helpers/dashboard_seed.ts";
import {
  dashboardPagePaths,
  horizontalOverflow,
  seriousAxeViolations,
  tabStopsWithin,
  waitForAllIslands,
} from "../_helpers/page_quality.ts";
import { anHourLater } from "../_helpers/follow_while.ts";

const withBrowser = browserRunner({
  timezoneId: "America/New_York",
  locale: "en-US",
});

/**
 * axe-core's serious and critical violations on the page as it is, and at
 * 375 px any horizontal overflow, each as a line naming `what`.
 */
async function qualityProblems(
  page: Page,
  what: string,
  width: number,
): Promise<string[]> {
  const problems = (await seriousAxeViolations(page)).map((v) =>
    `${what} at ${width}px: ${v.impact} ${v.id} (${v.help}) at ${
      v.targets.slice(0, 3).join(", ")
    }`
  );
  if (width === 375) {
    const over = await horizontalOverflow(page);
    if (over > 0) problems.push(`${what} overflows 375 px by ${over}px`);
  }
  return problems;
}

/** The widths and themes each page is checked in (dark: same at 375 px). */
const VIEWS = [
  [1280, "light"],
  [375, "light"],
  [1280, "dark"],
] as const;

Deno.test("the start page, signed out and in, the plan choice and the policy pages have no serious or critical axe violation and no overflow at 375 px, light and dark", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const problems: string[] = [];
    const checkViews = async (what: string) => {
      for (const [width, scheme] of VIEWS) {
        await page.setViewportSize({ width, height: 900 });
        await page.emulateMedia({ colorScheme: scheme });
        problems.push(
          ...await qualityProblems(
            page,
            scheme === "dark" ? `${what} (dark)` : what,
            width,
          ),
        );
      }
      await page.emulateMedia({ colorScheme: "light" });
    };
    await page.goto(`${server.url}/`);
    await page.locator("[data-testid=sign-in]").waitFor();
    await checkViews("/ signed out");
    // TikTok's app review: both links in view on the website's address
    // without opening a menu, narrow or wide (docs/tiktok-audit.md).
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      for (const name of ["Privacy Policy", "Terms of Service"]) {
        const link = page.locator("footer").getByRole("link", { name });
        assert.ok(await link.isVisible(), `${name} is visible at ${width}px`);
        assert.equal(
          await link.evaluate((a) => a.closest("details, [hidden]")),
          null,
          `${name} is not inside a menu`,
        );
      }
    }
    for (const path of ["/privacy", "/terms"]) {
      await page.goto(`${server.url}${path}`);
      await page.locator("main h1").waitFor();
      await checkViews(path);
    }
    // A first sign-in lands on the plan choice.
    await signInInBrowser(page, server, "quality_plan_user");
    await page.locator("[data-testid=plan-choice]").waitFor();
    await checkViews("/dashboard, the plan choice");
    await page.goto(`${server.url}/`);
    await page.getByRole("link", { name: "Open your dashboard" }).waitFor();
    await checkViews("/ signed in");
    assert.deepEqual(problems, []);
    watched.watch.assertClean();
  });
});

Deno.test("the dashboard pages list includes the calendar, posts and media pages", () => {
  const paths = dashboardPagePaths();
  for (
    const p of [
      "/dashboard",
      "/dashboard/calendar",
      "/dashboard/posts",
      "/dashboard/media",
    ]
  ) assert.ok(paths.includes(p), `${p} in ${paths}`);
});

Deno.test("every dashboard page, with data, in light and dark and in the states a click opens, has no serious or critical axe violation and no overflow at 375 px", async (t) => {
  await withBrowser(async (run) => {
    const { server, page } = run;
    const { openId, jobIds } = await signInToSeededDashboard(
      run,
      "quality_user",
    );
    // Settings' refused requests with a row: a long route and message
    // must wrap within 375 px.
    await recordApiRefusal(server.deps, openId, {
      method: "POST",
      route: "/api/uploads/:id/complete",
      code: "unsupported_file_type",
      status: 400,
      message:
        "The file is a web page, not a video: most often an automation downloaded a share link or a sign-in page in the file's place. Send the link to POST /api/uploads/from_url instead.",
      requestId: "4b1f0c2e-8a7d-4e5f-9b1a-2c3d4e5f6a7b",
    });
    const problems: string[] = [];
    const check = async (what: string, width: number) => {
      problems.push(...await qualityProblems(page, what, width));
    };
    const open = async (path: string) => {
      const res = await page.goto(`${server.url}${path}`);
      assert.equal(res?.status(), 200, path);
      await waitForAllIslands(page);
    };

    await t.step("each page as loaded, light and dark", async () => {
      // Light at both widths; dark (prefers-color-scheme) at 1280 px: the
      // colours are the same at 375 px.
      for (const [width, scheme] of VIEWS) {
        await page.setViewportSize({ width, height: 900 });
        await page.emulateMedia({ colorScheme: scheme });
        for (const path of dashboardPagePaths()) {
          await open(path);
          const what = scheme === "dark" ? `${path} (dark)` : path;
          await check(what, width);
          if (path === "/dashboard/calendar") {
            await page.getByRole("button", { name: "Month" }).click();
            await page.locator("[data-testid=calendar][data-view=month]")
              .waitFor();
            await check(`${what} (month)`, width);
          }
        }
      }
    });

    await t.step("the states a click opens, at 375 px", async () => {
      await page.setViewportSize({ width: 375, height: 900 });
      await page.emulateMedia({ colorScheme: "light" });
      const added = await apiInPage(page, "POST", "/api/domains", {
        domain: "media.example.com",
      });
      assert.equal(added.status, 200, JSON.stringify(added.body));
      const hook = await apiInPage(page, "PUT", "/api/webhook", {
        url: `${server.url}/hook`,
      });
      assert.equal(hook.status, 200, JSON.stringify(hook.body));

      await open("/dashboard/settings");
      await page.click("[data-testid=issue-key]");
      await page.locator("[data-testid=api-key-value]").waitFor();
      await check("settings, the new key shown", 375);
      await page.click("[data-testid=issue-key]");
      await page.locator("[data-testid=confirm-regenerate]").waitFor();
      await check("settings, Regenerate asking", 375);
      await page.click("[data-testid=cancel-regenerate]");
      await page.click("[data-testid=domain-remove]");
      await page.locator("[data-testid=domain-remove-confirm]").waitFor();
      await check("settings, a domain's Remove asking", 375);
      await page.click("[data-testid=webhook-remove]");
      await page.locator("[data-testid=webhook-remove-confirm]").waitFor();
      await check("settings, the webhook's Remove asking", 375);

      await open("/dashboard/calendar");
      const entry = page.locator(`[data-entry="${jobIds[0]}"]`);
      await showCalendarEntry(page, entry);
      await entry.getByTestId("entry-edit").click();
      await page.locator("[data-testid=entry-form]").waitFor();
      await check("calendar, the edit form open", 375);
      await entry.getByTestId("entry-cancel").click();
      await page.locator("[data-testid=entry-cancel-confirm]").waitFor();
      await check("calendar, Cancel asking", 375);

      await open("/dashboard");
      await page.check("[data-testid=post-to-drafts]");
      await page.locator("[data-testid=post-drafts-note]").waitFor();
      await check("compose, the drafts note shown", 375);
      await page.locator("[data-testid=job-cancel]").first().click();
      await page.locator("[data-testid=job-cancel-confirm]").waitFor();
      await check("compose, a scheduled post's Cancel asking", 375);
      await page.uncheck("[data-testid=post-to-drafts]");
      await page.check("[data-testid=when-schedule]");
      await page.locator("[data-testid=post-run-at]").waitFor();
      await check("compose, Schedule chosen", 375);
      await page.click("[data-testid=post-mode-photo]");
      await page.setInputFiles(
        "[data-testid=photo-input]",
        [fixturePath("photo2.jpg"), fixturePath("not-an-image.png")],
      );
      await page.locator("[data-testid=photo-slots] li[data-state=done]")
        .waitFor();
      await page.locator("[data-testid=photo-slots] li[data-state=error]")
        .waitFor();
      await check("compose, photos added (one refused)", 375);

      await open("/dashboard/posts");
      await page.locator(
        "li.post-item[data-state=failed] [data-testid=post-again]",
      )
        .first().click();
      await page.waitForURL(/\/dashboard\?again=/);
      await waitForAllIslands(page);
      await page.locator("[data-testid=post-again-note]").waitFor();
      await check("compose, a failed post made again", 375);
      await page.emulateMedia({ colorScheme: "dark" });
      await check("compose, a failed post made again (dark)", 375);
      await page.emulateMedia({ colorScheme: "light" });

      await open("/dashboard/media");
      await page.locator("[data-testid=media-delete]").first().click();
      await page.locator("[data-testid=media-delete-confirm]").waitFor();
      await check("media, Delete asking", 375);
    });

    await t.step(
      "the composer's errors, notices and stop, at 375 px",
      async () => {
        await page.setViewportSize({ width: 375, height: 900 });
        // Two videos no post has used yet.
        const fresh = [];
        for (const as of ["fresh-1.mp4", "fresh-2.mp4"]) {
          fresh.push(
            String(
              (await uploadFixtureInPage(page, "portrait.mp4", { as })).url,
            ),
          );
        }
        await open("/dashboard");
        // The step before left the composer on Photos.
        await page.click("[data-testid=post-mode-video]");
        const compose = async (url: string, title: string) => {
          await page.selectOption("[data-testid=post-source]", url);
          await page.fill("[data-testid=post-title]", title);
          await page.selectOption("[data-testid=post-privacy]", "SELF_ONLY");
        };
        await compose(fresh[0], "Checked for contrast");
        // Disclosure on with neither box: TikTok's sentence, as an error.
        await page.check("[data-testid=post-is_ad]");
        await page.locator("[data-testid=post-ad-label].error-message")
          .waitFor();
        await check("compose, disclosure on with no choice", 375);
        await page.uncheck("[data-testid=post-is_ad]");
        // The account is free: TikTok takes it, and the notice shows.
        await page.click("[data-testid=post-submit]");
        await page.locator("[data-testid=post-ok]").waitFor();
        await check("compose, a post sent", 375);
        // At once another: the hour is taken, the post refused.
        await compose(fresh[1], "One too many this hour");
        await page.click("[data-testid=post-submit]");
        await page.locator("[data-testid=post-error]").waitFor();
        await check("compose, a post refused", 375);
        // TikTok's 429 starts its cooldown: the composer stops.
        await anHourLater(server);
        await sandboxAdmin(server, openId, {
          faults: [{ fault: "rate_limit" }],
        });
        await compose(fresh[1], "Met TikTok's limit");
        await page.click("[data-testid=post-submit]");
        await page.locator("[data-testid=post-now-paused]").waitFor();
        await check("compose, stopped by TikTok's cooldown", 375);
      },
    );
    assert.deepEqual(problems, []);
  });
});

Deno.test("at 375 and 1280 px the compose page's tables break lines between words, never inside one", async () => {
  await withBrowser(async (run) => {
    const { server, page } = run;
    await signInToSeededDashboard(run, "narrow_tables_user");
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${server.url}/dashboard`);
      await waitForAllIslands(page);
      await page.locator("[data-testid=job-cancel]").first().waitFor();
      await page.locator("[data-testid=posts-list] tr[data-state=failed]")
        .waitFor();
      // Each single word in the tables ("Cancel", "scheduled", a caption's
      // word) spans one line box: it is not split into letters.
      const split = await page.evaluate(() => {
        const found: string[] = [];
        for (const table of document.querySelectorAll("table.posts")) {
          const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const text = n.textContent ?? "";
            for (const m of text.matchAll(/\S+/g)) {
              if (m[0].length < 2) continue;
              const range = document.createRange();
              range.setStart(n, m.index!);
              range.setEnd(n, m.index! + m[0].length);
              const tops = new Set(
                [...range.getClientRects()].map((r) => Math.round(r.top)),
              );
              if (tops.size > 1) found.push(m[0]);
            }
          }
        }
        return found;
      });
      assert.deepEqual(split, [], `${width} px`);
      assert.equal(await horizontalOverflow(page), 0, `${width} px`);
    }
  });
});

Deno.test("Tab through the composer shows a focus indicator on every control, for a video and for photos, light and dark", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    await signInWithPlan(run, "focus_user", {
      islands: ["UploadCard", "PostCard"],
      privacyOptions: true,
    });
    await uploadVideoFromCard(page);
    // Tomorrow at 10:00 in the browser's zone, as the run time field wants.
    const runAt = await page.evaluate(() => {
      const d = new Date(Date.now() + 86_400_000);
      const p = (n: number) => String(n).padStart(2, "0");
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${
        p(d.getDate())
      }T10:00`;
    });
    const composer = "[data-testid=post-card]";
    // What only a choice shows (the brand boxes, the run time), and the
    // post button, which takes focus once the post can be sent.
    const openEverything = async () => {
      await page.selectOption("[data-testid=post-privacy]", "SELF_ONLY");
      await page.check("[data-testid=post-is_ad]");
      await page.check("[data-testid=post-ad_your_brand]");
      await page.check("[data-testid=when-schedule]");
      await page.fill("[data-testid=post-run-at]", runAt);
      await page.locator("[data-testid=post-submit]:enabled").waitFor();
    };
    const unseen: string[] = [];
    const reached: string[] = [];
    const tabThrough = async (what: string) => {
      for (const scheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        const stops = await tabStopsWithin(page, composer);
        reached.push(...stops.map((s) => `${what}: ${s.control}`));
        unseen.push(
          ...stops.filter((s) => !s.indicated).map((s) =>
            `${what} (${scheme}): ${s.control}`
          ),
        );
      }
    };
    await openEverything();
    await tabThrough("video");
    await page.click("[data-testid=post-mode-photo]");
    await page.setInputFiles("[data-testid=photo-input]", [
      fixturePath("photo2.jpg"),
      fixturePath("photo3.webp"),
    ]);
    await page.locator("[data-testid=photo-carousel] li").nth(1).waitFor();
    await openEverything();
    await tabThrough("photos");
    for (
      const control of [
        "video: select post-source",
        "video: textarea post-title",
        "video: select post-privacy",
        "video: input post-run-at",
        "video: button post-submit",
        "photos: input photo-cover-0",
        "photos: input photo-music",
        "photos: button post-submit",
      ]
    ) assert.ok(reached.includes(control), `${control} in ${reached}`);
    assert.deepEqual(unseen, [], "each focused control shows its focus");
    watched.watch.assertClean();
  });
});
