/**
 * The stylesheet is linked under a content-versioned URL and cached as the
 * island bundles are (docs/dashboard.md#styles-and-caching): a deploy that
 * changes the styles changes the URL, so new markup never meets old styles.
 */
import assert from "node:assert/strict";
import {
  choosePlan,
  signInFromStartPage,
  waitForIslands,
  withBrowser,
} from "../_helpers/browser_flows.ts";
import { stylesheetVersion } from "../../lib/http/stylesheet.ts";

const IMMUTABLE = "public, max-age=31536000, immutable";

Deno.test("pages link the stylesheet by its content's version, cached like the island bundles; another version is never kept", async () => {
  await withBrowser(async ({ server, watched, page }) => {
    const file = await Deno.readFile(
      new URL("../../static/styles.css", import.meta.url),
    );
    const expected = `/static/styles.css?v=${stylesheetVersion(file)}`;
    const linked = () =>
      page.evaluate(() =>
        [...document.querySelectorAll("link[rel=stylesheet]")].map((l) =>
          l.getAttribute("href")
        )
      );

    await page.goto(`${server.url}/`);
    assert.deepEqual(await linked(), [expected], "the start page");
    await signInFromStartPage(page, server, "style_reader");
    assert.deepEqual(await linked(), [expected], "the sandbox consent page");
    await choosePlan(page, "free", "Free");
    await waitForIslands(page, watched, ["PostCard"]);
    assert.deepEqual(await linked(), [expected], "the dashboard");

    // The styles apply: cards have their rounded corners.
    assert.notEqual(
      await page.locator("[data-testid=post-card]").evaluate((el) =>
        getComputedStyle(el).borderRadius
      ),
      "0px",
    );

    // The island bundles' rule: a content-versioned URL is kept forever.
    const island = await page.locator("script[type=module]").evaluate((s) =>
      (s as HTMLScriptElement).textContent ?? ""
    );
    const bundle = island.match(/\/_islands\/[0-9a-f]+\/[^"']+\.js/)?.[0];
    assert.ok(bundle, "the boot script names a versioned bundle");
    const scriptRes = await page.request.get(`${server.url}${bundle}`);
    const styleRes = await page.request.get(`${server.url}${expected}`);
    assert.equal(styleRes.status(), 200);
    assert.equal(styleRes.headers()["cache-control"], IMMUTABLE);
    assert.equal(
      styleRes.headers()["cache-control"],
      scriptRes.headers()["cache-control"],
    );
    assert.deepEqual(new Uint8Array(await styleRes.body()), file);

    // A page from before a deploy asks for the old version: it gets today's
    // file, which must not be kept under the old URL.
    const old = await page.request.get(
      `${server.url}/static/styles.css?v=0000000000000000`,
    );
    assert.equal(old.status(), 200);
    assert.equal(old.headers()["cache-control"], "no-cache");
    watched.watch.assertClean();
  });
});
