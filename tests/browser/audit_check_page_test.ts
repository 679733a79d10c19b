/**
 * `deno task audit-check:page` (tasks/audit_check_page.ts): the composer
 * page the real server serves a signed-in simulated creator, read in real
 * headless Chromium (docs/tiktok-audit.md#checking-the-real-composer-page).
 * The page as served passes; the same page changed in the browser as a
 * broken release would change it (no preview, no photos in a photo post's
 * preview, a photo the server does not serve, a toggle renamed and ticked, the consent line moved under the
 * button) fails, naming what broke; photos served slowly still pass.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { launchChromium } from "../_helpers/browser.ts";
import { withServer } from "../../tasks/screenshots.ts";
import { checkComposerPage } from "../../tasks/composer_page_check.ts";
import { denoTask } from "../_helpers/server_process.ts";

Deno.test("audit-check:page passes the served composer and fails it without a preview, a toggle renamed or the consent moved", async () => {
  const launched = await launchChromium();
  try {
    await withServer({ TIKTOK_APP_AUDITED: "false" }, async (server) => {
      /** Creator `username`'s page checked, `change` made in `mode`. */
      const changed = (
        username: string,
        mode: "video" | "photo" | "both",
        change: (page: Page) => Promise<unknown>,
      ) =>
        checkComposerPage(launched.browser, server, false, {
          creators: [{ username, settings: {} }],
          beforeRead: async (page, shown) => {
            if (mode === "both" || mode === shown) await change(page);
          },
        });
      const served = await checkComposerPage(launched.browser, server, false);
      assert.deepEqual(served, [
        { username: "audit.public", problems: [] },
        { username: "audit.private", problems: [] },
      ]);

      // Gone from the page for good: the island keeps drawing into the
      // removed element, as into no preview at all.
      const noPreview = await changed(
        "no.preview",
        "both",
        (page) =>
          page.evaluate(() =>
            document.querySelector("[data-testid=post-preview]")?.remove()
          ),
      );
      assert.deepEqual(noPreview, [{
        username: "no.preview",
        problems: [
          "no preview shows the content before it is posted",
          "photo post: no preview shows the content before it is posted",
        ],
      }]);

      const noCarousel = await changed("no.carousel", "photo", async (page) => {
        await page.locator("[data-testid=photo-carousel]").evaluate((e) =>
          e.remove()
        );
      });
      assert.deepEqual(noCarousel[0].problems, [
        "photo post: the preview shows no photo: the photos are not seen",
      ]);

      // Served slowly, as a busy server or storage serves them, the photos
      // still count as shown: the check reads once they have loaded.
      const slowPhotos = await changed("slow.photos", "photo", async (page) => {
        await page.route("**/*slow_photo=1*", async (route) => {
          await new Promise((r) => setTimeout(r, 1500));
          const url = new URL(route.request().url());
          url.searchParams.delete("slow_photo");
          await route.continue({ url: url.href });
        });
        await page.locator("[data-testid=post-preview] img").evaluateAll(
          (all) =>
            all.forEach((i) => {
              const img = i as HTMLImageElement;
              const url = new URL(img.src);
              url.searchParams.set("slow_photo", "1");
              img.src = url.href;
            }),
        );
      });
      assert.deepEqual(slowPhotos[0].problems, []);

      // A photo the server does not serve ends the wait and fails.
      const brokenPhoto = await changed(
        "broken.photo",
        "photo",
        async (page) => {
          await page.locator("[data-testid=post-preview] img").first()
            .evaluate((i) => {
              (i as HTMLImageElement).src = "/no/such/photo.jpg";
            });
        },
      );
      assert.deepEqual(brokenPhoto[0].problems, [
        "photo post: the preview's photos show nothing in the browser: the creator cannot see them",
      ]);

      const hiddenVideo = await changed(
        "hidden.video",
        "video",
        async (page) => {
          await page.locator("[data-testid=preview-video]").evaluate((e) => {
            (e as HTMLElement).style.display = "none";
          });
        },
      );
      assert.deepEqual(hiddenVideo[0].problems, [
        "the preview's video shows no frame in the browser: the creator cannot see it",
      ]);

      const broken = await changed("broken.page", "video", async (page) => {
        await page.check("[data-testid=post-allow-duet]");
        await page.locator("[data-testid=post-allow-duet]").evaluate((box) =>
          box.parentElement!.lastChild!.textContent = " Allow remixes"
        );
        await page.evaluate(() => {
          const consent = document.querySelector(
            "[data-testid=post-declaration]",
          )!;
          document.querySelector("[data-testid=post-submit]")!.after(
            consent,
          );
        });
      });
      assert.deepEqual(broken[0].problems, [
        `"Allow duet" starts ticked: TikTok wants it off`,
        `the duet box says "Allow remixes", not TikTok's "Allow Duet"`,
        "the consent line is under the post button: TikTok wants it before the button",
        // Moved once, the line stays under the button in Photos mode too.
        "photo post: the consent line is under the post button: TikTok wants it before the button",
      ]);
    });
  } finally {
    await launched.close();
  }
});

Deno.test("deno task audit-check:page prints a line per creator and exits 0 on the served composer of an audited app", async () => {
  const { code, lines, stderr } = await denoTask("audit-check:page", [], {
    TIKTOK_APP_AUDITED: "true",
  });
  assert.equal(code, 0, stderr + lines.join("\n"));
  assert.deepEqual(lines.map((l) => l.split(":")[0]), [
    "ok   composer page of @audit.public",
    "ok   composer page of @audit.private",
    "The composer page served to a signed-in creator meets every point checked.",
  ]);
  assert.match(lines[0], /TIKTOK_APP_AUDITED=true/);
});
