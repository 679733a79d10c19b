/**
 * Each message is said once, with its politeness, in a real headless
 * Chromium against the real app (docs/dashboard.md#accessibility-and-themes):
 * an error is a role="alert" message inside no other live region (inside a
 * polite one a screen reader said it twice, once politely), and results
 * are in polite regions there from the start.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type { Locator, Page } from "playwright-core";
import {
  fixturePath,
  openPhotoMode,
  signInWithPlan,
  waitForIslands,
  withBrowser,
} from "../_helpers/browser_flows.ts";
import { sandboxAdmin } from "../_helpers/dashboard_seed.ts";
import { startSourceServer } from "../_helpers/source_server.ts";
import { PAGE_WORDS } from "../../lib/islands/page_words.ts";

/**
 * The element's role, and the live regions around it: ancestors that are
 * live (aria-live other than "off", or an alert, status or log role).
 */
function liveContext(error: Locator) {
  return error.evaluate((el) => {
    const live: string[] = [];
    for (let up = el.parentElement; up; up = up.parentElement) {
      const politeness = up.getAttribute("aria-live");
      const role = up.getAttribute("role");
      if (
        (politeness && politeness !== "off") ||
        (role && ["alert", "status", "log"].includes(role))
      ) {
        live.push(
          `${up.tagName} aria-live=${politeness} role=${role} ${
            up.getAttribute("data-testid") ?? ""
          }`,
        );
      }
    }
    return { role: el.getAttribute("role"), live };
  });
}

/** An alert, and in no other live region. */
async function assertSaidOnceAtOnce(error: Locator, what: string) {
  await error.waitFor();
  const { role, live } = await liveContext(error);
  assert.equal(role, "alert", what);
  assert.deepEqual(live, [], `${what} is inside another live region`);
}

/** No alert on the page sits inside another live region. */
async function assertNoNestedAlerts(page: Page, where: string) {
  const nested = await page.evaluate(() =>
    [...document.querySelectorAll("[role=alert]")].filter((el) =>
      el.parentElement?.closest(
        "[aria-live]:not([aria-live=off]), [role=alert], [role=status], [role=log]",
      )
    ).map((el) => el.outerHTML.slice(0, 160))
  );
  assert.deepEqual(nested, [], where);
}

Deno.test("errors are alerts inside no polite region, said once; results stay in polite regions there from the start", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    await signInWithPlan(run, "live_regions", {
      planName: "Monthly",
      cards: ["upload-card", "post-card"],
      islands: ["UploadCard", "PostCard"],
    });
    // The composer: a sent post said politely at the top, a refusal by
    // the button as an alert, its place not live.
    assert.equal(
      await page.getAttribute("[data-testid=post-result]", "aria-live"),
      "polite",
    );
    assert.equal(
      await page.getAttribute("[data-testid=post-refusal]", "aria-live"),
      null,
    );
    // The upload card: the link's result in a polite region there from
    // the start, inside the place focus goes, which is not live itself.
    const announce = page.locator("[data-testid=upload-announce]");
    assert.equal(await announce.getAttribute("aria-live"), null);
    assert.equal(await announce.locator("[aria-live=polite]").count(), 1);

    // A file the card does not take: the error beside the picker.
    await page.setInputFiles("[data-testid=video-input]", {
      name: "notes.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("not a video"),
    });
    await assertSaidOnceAtOnce(
      page.locator(
        "[data-testid=upload-file-announce] [data-testid=upload-error]",
      ),
      "the file's error",
    );
    // A link the server refuses: the error beside the link's result region.
    await page.fill("[data-testid=link-input]", "https://10.0.0.1/clip.mp4");
    await page.click("[data-testid=link-submit]");
    await assertSaidOnceAtOnce(
      announce.locator("[data-testid=upload-error]"),
      "the link's error",
    );
    await assertNoNestedAlerts(page, "/dashboard");

    // A card's error line (ErrorRegion): the webhook card's refusal.
    await page.goto(`${server.url}/dashboard/settings`);
    await page.locator("[data-testid=webhook-card]").waitFor();
    await page.fill("[data-testid=webhook-url]", "https://10.0.0.1/hook");
    await page.click("[data-testid=webhook-save]");
    await assertSaidOnceAtOnce(
      page.locator("[data-testid=webhook-error]"),
      "the webhook card's error",
    );
    await assertNoNestedAlerts(page, "/dashboard/settings");
    // The refusals' answers, as Chromium logs them.
    watched.watch.assertClean({ allowConsole: [/status of (400|502)/] });
  });
});

Deno.test("the composer's why-not-now alert is said once, in no assertive wrapper", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    // The simulator's creator_info refuses: TikTok takes no post now.
    await signInWithPlan(run, "live_regions_stop", {
      beforePlan: (openId) =>
        sandboxAdmin(server, openId, {
          creator_info_error: "spam_risk_user_banned_from_posting",
        }),
      cards: ["post-card"],
      islands: ["PostCard"],
    });
    await assertSaidOnceAtOnce(
      page.locator("[data-testid=post-cannot-post]"),
      "the composer's why-not-now",
    );
    await assertNoNestedAlerts(page, "/dashboard, posting stopped");
    watched.watch.assertClean({ allowConsole: [/status of 502/] });
  });
});

Deno.test("a photo that is no picture and a failed domain Verify are alerts, said at once and once, their words shown", async () => {
  const source = await startSourceServer();
  try {
    await withBrowser(async (run) => {
      const { page, server, watched } = run;
      await signInWithPlan(run, "live_regions_refusals", {
        islands: ["PostCard"],
      });
      // A ".png" the browser cannot decode: refused on its line.
      await openPhotoMode(page);
      await page.setInputFiles(
        "[data-testid=photo-input]",
        fixturePath("not-an-image.png"),
      );
      const refused = page.locator(
        "[data-testid=photo-slots] li[data-state=error] .error-message",
      );
      await assertSaidOnceAtOnce(refused, "the photo's refusal");
      assert.equal(await refused.textContent(), PAGE_WORDS.photoNotPicture);
      assert.ok(await refused.isVisible(), "the refusal is shown");
      await assertNoNestedAlerts(page, "/dashboard, a photo refused");

      // A domain whose file is not in place: Verify's reason, in its item.
      await page.goto(`${server.url}/dashboard/settings`);
      await waitForIslands(page, watched, ["DomainsCard"]);
      await page.fill("[data-testid=domain-input]", source.host);
      await page.click("[data-testid=domain-add]");
      const item = page.locator(
        `[data-testid=domain-list] li[data-domain="${source.host}"]`,
      );
      await item.locator("[data-testid=domain-verify]").click();
      const failed = item.locator("[data-testid=domain-error]");
      await assertSaidOnceAtOnce(failed, "the domain's failed Verify");
      assert.equal(
        (await failed.textContent())?.trim(),
        `Verification of ${source.host} failed: pm3k-verify.txt answered HTTP 404.`,
      );
      assert.ok(await failed.isVisible(), "the reason is shown");
      await assertNoNestedAlerts(page, "/dashboard/settings, Verify failed");
      watched.watch.assertClean({ allowConsole: [/status of 400/] });
    });
  } finally {
    await source.close();
  }
});
