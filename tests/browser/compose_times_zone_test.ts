/**
 * The compose page's record times name their zone once its scripts run, as
 * the media page's do (docs/dashboard.md#times): the upload card's "Kept
 * until …" (its latest upload and its list) and Your posts' times, written
 * by the shared `LocalTime` (components/LocalTime.tsx). Before, hydrated,
 * they showed a bare "1:18 PM", whose zone nothing beside it said. So do
 * the posts page's, which showed "Dec 6, 2026, 12:09 PM" with no zone.
 */
import assert from "node:assert/strict";
import {
  browserRunner,
  LOS_ANGELES,
  NAMED_IN_LOS_ANGELES,
  signInWithPlan,
  uploadVideoFromCard,
  waitForIslands,
} from "../_helpers/browser_flows.ts";
import { apiInPage } from "../_helpers/dashboard_seed.ts";

const ISLANDS = ["UploadCard", "PostCard", "PostsList"];
const withBrowser = browserRunner(LOS_ANGELES);
const NAMED = NAMED_IN_LOS_ANGELES;

Deno.test("Compose's upload card and Your posts name the zone of their times once hydrated, as the media page does", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "compose_zone_user", { islands: ISLANDS });
    const url = await uploadVideoFromCard(page);
    const said = (await page.getByTestId("upload-result").innerText())
      .replace(/\s+/g, " ");
    assert.match(said, new RegExp(`Kept until ${NAMED.source}\\.`));

    const sent = await apiInPage(page, "POST", "/api/tiktok/direct_post", {
      source_url: url,
      title: "zone named",
      privacy: "SELF_ONLY",
    });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    await page.goto(`${server.url}/dashboard`);
    await waitForIslands(page, watched, ISLANDS);
    const listed = await page.locator("[data-testid=upload-list] li")
      .first().innerText();
    assert.match(listed, new RegExp(`Kept until ${NAMED.source}`), listed);
    const row = page.locator("[data-testid=posts-list] tbody tr").first();
    const when = (await row.locator("td").first().innerText()).trim();
    assert.match(when, new RegExp(`^${NAMED.source}$`), when);
    // The exact instant is kept for machines, as on the posts page.
    assert.ok(await row.locator("td time[datetime]").count() === 1);
    watched.watch.assertClean();
  });
});

Deno.test("the posts page names the zone of a post's time, as Compose's Your posts does", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "posts_zone_user", { islands: ISLANDS });
    const url = await uploadVideoFromCard(page);
    const sent = await apiInPage(page, "POST", "/api/tiktok/direct_post", {
      source_url: url,
      title: "zone named on posts",
      privacy: "SELF_ONLY",
    });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    await page.goto(`${server.url}/dashboard/posts`);
    await waitForIslands(page, watched, ["PostsTable"]);
    // The account's one post.
    const time = page.locator(".post-item time[datetime]").first();
    const when = (await time.innerText()).trim();
    assert.match(when, new RegExp(`^${NAMED.source}$`), when);
    watched.watch.assertClean();
  });
});
