/**
 * Right after Post now, in a real Chromium on a phone: the composer's
 * success notice is what the creator reads first (atop the card, on
 * screen, focused and announced), and the hourly limit that follows is
 * said neutrally, its "Schedule for …" offer a secondary button, not an
 * alarm (docs/dashboard.md#scheduling).
 */
import assert from "node:assert/strict";
import {
  browserRunner,
  signInWithPlan,
  uploadVideoFromCard,
} from "../_helpers/browser_flows.ts";
import { waitForFocusOn } from "../_helpers/page_quality.ts";

const $ = (id: string) => `[data-testid=${id}]`;

Deno.test("after Post now the sent notice is atop the composer, on screen and focused, and the next post's time reads as information, not a refusal", async () => {
  await browserRunner({ viewport: { width: 390, height: 844 } })(
    async (run) => {
      const { page, watched } = run;
      await signInWithPlan(run, "post_now_reads", {
        islands: ["PostCard"],
        privacyOptions: true,
      });
      await uploadVideoFromCard(page);
      await page.fill($("post-title"), "Read first");
      await page.selectOption($("post-privacy"), "SELF_ONLY");
      await page.click($("post-submit"));
      const ok = page.locator($("post-ok"));
      await ok.waitFor();

      // Before the form (and its When box): read first, and announced.
      assert.equal(
        await page.evaluate(() => {
          const ok = document.querySelector("[data-testid=post-ok]")!;
          const form = document.querySelector("[data-testid=post-form]")!;
          return !!(ok.compareDocumentPosition(form) &
            Node.DOCUMENT_POSITION_FOLLOWING);
        }),
        true,
        "the notice comes before the form",
      );
      assert.equal(
        await ok.evaluate((el) =>
          el.closest("[aria-live]")?.getAttribute("aria-live")
        ),
        "polite",
      );
      await waitForFocusOn(page, "post-result", "after Post now");
      const box = await ok.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom };
      });
      assert.ok(
        box.top >= 0 && box.bottom <= 844,
        `the notice is on screen (${box.top}–${box.bottom})`,
      );

      // The hour's one post is taken: said as information.
      const limited = page.locator($("post-now-limited"));
      await limited.waitFor();
      const said = (await limited.innerText()).replace(/\s+/g, " ");
      assert.match(
        said,
        /^Next post possible at .+; you can schedule one for then\.$/,
      );
      assert.doesNotMatch(said, /refused/);
      const offer = page.locator($("post-schedule-next-free"));
      assert.match(String(await offer.getAttribute("class")), /\bsecondary\b/);

      // Sent anyway, another video is refused by the hour's limit: said in
      // the page's words, not the API's "You must wait about 59 more
      // minutes before next TikTok post.", which is for scripts.
      await uploadVideoFromCard(page, "portrait.webm");
      await page.fill($("post-title"), "Second within the hour");
      await page.selectOption($("post-privacy"), "SELF_ONLY");
      await page.click($("post-submit"));
      const refused = page.locator($("post-error"));
      await refused.waitFor();
      // Late in the day the next free time is tomorrow and names its day
      // ("Mon, Dec 7, 12:35 AM UTC"), on 31 December its year too ("Fri,
      // Jan 1, 2027, 12:36 AM UTC"); otherwise the time alone.
      assert.match(
        (await refused.innerText()).replace(/\s+/g, " ").trim(),
        /^Posts from one TikTok account go at least an hour apart, so this was not posted\. Next free: ([A-Z][a-z]{2}, [A-Z][a-z]{2} \d{1,2}, (\d{4}, )?)?\d{1,2}:\d\d [AP]M UTC\.$/,
      );
      // The one answer Chromium logs: that refusal's 429 (interval_limit).
      watched.watch.assertClean({
        allowConsole: [
          /status of 429 \(Too Many Requests\) \(at [^)]*\/api\/tiktok\/direct_post\)/,
        ],
      });
    },
  );
});
