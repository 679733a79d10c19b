/**
 * Numbers in a German Chromium (docs/dashboard.md#numbers): the caption
 * counter, file sizes and a post's counts are written the German way, and
 * the page the server sends already writes them so: they do not change
 * once the islands run.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { browserRunner, signInWithPlan } from "../_helpers/browser_flows.ts";
import { apiInPage, uploadFixtureInPage } from "../_helpers/dashboard_seed.ts";
import { waitForAllIslands } from "../_helpers/page_quality.ts";
import { followAMinuteLater } from "../_helpers/follow_while.ts";
import { paddedMp4 } from "../_helpers/padded_video.ts";

const withGermanBrowser = browserRunner({ locale: "de-DE" });

/** The text of the first element with data-testid `id` in server HTML. */
function serverText(html: string, id: string): string {
  const match = html.match(
    new RegExp(`data-testid="${id}"[^>]*>([\\s\\S]*?)</(p|span)>`),
  );
  assert.ok(match, `the server's page has ${id}`);
  return match[1].replace(/<[^>]*>/g, "").replace(/&nbsp;/g, "\u00a0").trim();
}

Deno.test("in German, the caption counter and file sizes are written the German way, as the server sent them", async () => {
  await withGermanBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "numbers_de", { islands: ["UploadCard"] });
    await page.setInputFiles("[data-testid=video-input]", {
      name: "big.mp4",
      mimeType: "video/mp4",
      buffer: Buffer.from(await paddedMp4(3_400_000)),
    });
    const listed = page.locator("[data-testid=upload-list] li", {
      hasText: "big.mp4",
    });
    await listed.waitFor();
    assert.match((await listed.textContent()) ?? "", /3,4 MB/);
    assert.equal(
      (await page.getByTestId("post-title-count").textContent())?.trim(),
      "0 / 2.200",
    );

    const answer = await page.goto(`${server.url}/dashboard`);
    const html = await answer!.text();
    await waitForAllIslands(page);
    assert.match(html, /big\.mp4<\/a> <span class="muted">3,4 MB/);
    assert.match((await listed.textContent()) ?? "", /3,4 MB/);
    watched.watch.assertClean();
  });
});

Deno.test("in German, a post's views and likes are written the German way, and the same before and after the islands run", async () => {
  await withGermanBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "counts_de");
    const video = await uploadFixtureInPage(page, "portrait.mp4");
    const r = await apiInPage(page, "POST", "/api/tiktok/direct_post", {
      source_url: video.url,
      title: "seen by thousands",
      privacy: "PUBLIC_TO_EVERYONE",
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    for (let i = 0; i < 3; i++) await followAMinuteLater(server);
    // At 3 views a minute or more, over a thousand after six hours.
    server.clock.advance(6 * 3600_000);
    const answer = await page.goto(`${server.url}/dashboard/posts`);
    const sent = serverText(await answer!.text(), "post-counts");
    await waitForAllIslands(page);
    const shown = (await page.getByTestId("post-counts").textContent())
      ?.trim();
    assert.match(sent, /^\d\.\d{3} views · /);
    assert.equal(shown, sent);
    watched.watch.assertClean();
  });
});
