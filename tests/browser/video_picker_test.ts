/**
 * The composer's video picker in a real Chromium: videos of the same file
 * name are told apart (docs/dashboard.md#compose).
 */
import assert from "node:assert/strict";
import { signInWithPlan, withBrowser } from "../_helpers/browser_flows.ts";
import { uploadFixtureInPage } from "../_helpers/dashboard_seed.ts";
import { waitForAllIslands } from "../_helpers/page_quality.ts";

Deno.test("two uploads of the same file name read differently in the composer's video picker, by when each was uploaded", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "same_file_names");
    await uploadFixtureInPage(page, "portrait.mp4", { as: "clip.mp4" });
    server.clock.advance(2 * 3600_000);
    await uploadFixtureInPage(page, "portrait.webm", { as: "clip.mp4" });
    await uploadFixtureInPage(page, "portrait.mp4", { as: "other.mp4" });
    await page.goto(`${server.url}/dashboard`);
    await waitForAllIslands(page);
    const options = (await page.locator("[data-testid=post-source] option")
      .allTextContents()).map((t) => t.trim());
    const clips = options.filter((t) => t.startsWith("clip.mp4"));
    assert.equal(clips.length, 2, JSON.stringify(options));
    assert.notEqual(clips[0], clips[1], JSON.stringify(options));
    for (const clip of clips) assert.match(clip, /^clip\.mp4, uploaded /);
    // A file name of its own stays as it is.
    assert.ok(options.includes("other.mp4"), JSON.stringify(options));
    watched.watch.assertClean();
  });
});
