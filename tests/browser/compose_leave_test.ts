/**
 * Leaving Compose while its work is on its way (docs/dashboard.md#compose),
 * in a real Chromium: a video's bytes still being sent when the creator
 * clicks Calendar make the browser ask first, and staying keeps the upload,
 * which then finishes; once done, Calendar opens without a question.
 */
import assert from "node:assert/strict";
import type { Dialog, Route } from "playwright-core";
import {
  fixturePath,
  signInWithPlan,
  withBrowser,
} from "../_helpers/browser_flows.ts";
import { waitForAllIslands } from "../_helpers/page_quality.ts";

Deno.test("Compose: leaving while a video uploads asks first; staying keeps the upload, which finishes; then the page is left without a question", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "leaves_mid_upload");
    await waitForAllIslands(page);
    // The video's bytes wait on the network, as on a slow connection.
    const held: Route[] = [];
    await page.route(
      "**/*",
      (route) =>
        route.request().method() === "PUT"
          ? void held.push(route)
          : route.continue(),
    );
    // A creator's click first: browsers ask before leaving only a page
    // that was used.
    await page.click("[data-testid=post-title]");
    await page.setInputFiles(
      "[data-testid=video-input]",
      fixturePath("portrait.mp4"),
    );
    await page.locator("#upload-progress").waitFor();
    while (held.length === 0) await new Promise((r) => setTimeout(r, 50));

    const asked: string[] = [];
    const stay = (d: Dialog) => {
      asked.push(d.type());
      return d.dismiss();
    };
    page.on("dialog", stay);
    await page.click('header a[href="/dashboard/calendar"]', {
      noWaitAfter: true,
    });
    const until = performance.now() + 5_000;
    while (asked.length === 0 && performance.now() < until) {
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.deepEqual(asked, ["beforeunload"], "the browser asked first");
    assert.equal(new URL(page.url()).pathname, "/dashboard", "still here");

    // Stayed: the upload goes on and finishes.
    await Promise.all(held.splice(0).map((r) => r.continue()));
    await page.unroute("**/*");
    await page.waitForFunction(() =>
      (document.querySelector("[data-testid=upload-url]") as
        | HTMLInputElement
        | null)?.value
    );
    // Nothing on its way: Calendar opens with no question.
    await page.click('header a[href="/dashboard/calendar"]');
    await page.waitForURL(`${server.url}/dashboard/calendar`);
    assert.deepEqual(asked, ["beforeunload"], "asked once only");
    page.off("dialog", stay);
    watched.watch.assertClean();
  });
});
