/**
 * The composer's album in a real headless Chromium against the real app on
 * a loopback port (docs/dashboard.md#compose): a photo TikTok would refuse
 * for its type (a PNG screenshot) goes up converted to a JPEG, and one photo
 * of the album being composed can be removed, for good.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import {
  fixturePath,
  openPhotoMode,
  postFromComposer,
  signInWithPlan,
  withBrowser,
} from "../_helpers/browser_flows.ts";
import {
  apiInPage,
  rememberedAlbumInPage,
} from "../_helpers/dashboard_seed.ts";
import { waitForAllIslands } from "../_helpers/page_quality.ts";
import { getAlbumWithImages } from "../../lib/media/albums.ts";
import { albumStorageKey } from "../../components/album_memory.ts";
import { PAGE_WORDS } from "../../lib/islands/page_words.ts";

/** Chromium logs every 4xx answer a page's fetch or XHR gets. */
const STATUS_4XX_LOGGED = /status of 4\d\d/;
const $ = (id: string) => `[data-testid=${id}]`;
const SLOTS = `${$("photo-slots")} li`;

/** Each photo line's words, the Remove button's left out. */
function slotLines(page: import("playwright-core").Page) {
  return page.locator(SLOTS).evaluateAll((lines) =>
    lines.map((li) => {
      const line = li.cloneNode(true) as HTMLElement;
      line.querySelector("button")?.remove();
      return line.textContent!.replace(/\s+/g, " ").trim();
    })
  );
}

Deno.test("a PNG screenshot picked in the composer goes up as a JPEG, its transparency on white, and its line says it was converted", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithPlan(run, "png_creator", {
      islands: ["PostCard"],
    });
    await openPhotoMode(page);
    // A screenshot as a phone or desktop makes it: a PNG, larger than
    // TikTok's 1080 px, its left half see-through, its right half red.
    const screenshot = await page.evaluate(async () => {
      const canvas = new OffscreenCanvas(1200, 900);
      const context = canvas.getContext("2d")!;
      context.fillStyle = "#f00";
      context.fillRect(600, 0, 600, 900);
      const blob = await canvas.convertToBlob({ type: "image/png" });
      return [...new Uint8Array(await blob.arrayBuffer())];
    });
    await page.setInputFiles($("photo-input"), [
      {
        name: "photo.png",
        mimeType: "image/png",
        buffer: Buffer.from(await Deno.readFile(fixturePath("photo.png"))),
      },
      {
        name: "Screenshot 2026-12-05.png",
        mimeType: "image/png",
        buffer: Buffer.from(screenshot),
      },
    ]);
    await page.waitForFunction(
      (s) => document.querySelectorAll(`${s}[data-state=done]`).length === 2,
      SLOTS,
    );
    assert.deepEqual(await slotLines(page), [
      "photo.png uploaded, converted to JPEG",
      "Screenshot 2026-12-05.png uploaded, converted to JPEG, scaled down from 1200×900 to TikTok's 1080 px a side",
    ]);

    const albumId = JSON.parse(
      await page.evaluate(
        (key) => localStorage.getItem(key)!,
        albumStorageKey(openId),
      ),
    ).album_id;
    const { images } = await getAlbumWithImages(server.deps, openId, albumId);
    assert.deepEqual(
      images.map((i) => [
        i.filename,
        i.contentType,
        i.image?.width,
        i.image?.height,
      ]),
      [
        ["photo.jpg", "image/jpeg", 800, 800],
        ["Screenshot 2026-12-05.jpg", "image/jpeg", 1080, 810],
      ],
    );
    // The stored JPEG, decoded: white where the screenshot was see-through.
    const stored = [
      ...new Uint8Array(await (await fetch(images[1].url)).arrayBuffer()),
    ];
    const [clear, red] = await page.evaluate(async (bytes) => {
      const bitmap = await createImageBitmap(
        new Blob([new Uint8Array(bytes)], { type: "image/jpeg" }),
      );
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext("2d")!;
      context.drawImage(bitmap, 0, 0);
      return [
        [...context.getImageData(200, 400, 1, 1).data],
        [...context.getImageData(900, 400, 1, 1).data],
      ];
    }, stored);
    assert.ok(
      clear.slice(0, 3).every((c) => c >= 245),
      `see-through is white: ${clear}`,
    );
    assert.ok(
      red[0] >= 230 && red[1] <= 25 && red[2] <= 25,
      `red stays red: ${red}`,
    );
    watched.watch.assertClean();
  });
});

/** The words of a photo no JPEG or WebP the browser could not convert. */
const NOT_CONVERTED = PAGE_WORDS.photoNotConverted;

/** Counts the page's requests that start an upload (POST /api/uploads). */
function countUploadStarts(page: import("playwright-core").Page) {
  const started = { count: 0 };
  page.on("request", (r) => {
    if (r.method() === "POST" && new URL(r.url()).pathname === "/api/uploads") {
      started.count++;
    }
  });
  return started;
}

/** The words of a file that is no picture the browser can read. */
const NOT_PICTURE = PAGE_WORDS.photoNotPicture;

Deno.test("a file that is no picture is refused on its line as no picture, never uploaded, takes no number and no place in the post", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    await signInWithPlan(run, "unreadable_photo", {
      islands: ["PostCard"],
      privacyOptions: true,
    });
    await openPhotoMode(page);
    const started = countUploadStarts(page);
    await page.setInputFiles($("photo-input"), fixturePath("not-an-image.png"));
    const refused = page.locator(`${SLOTS}[data-state=error] .error-message`);
    await refused.waitFor();
    assert.equal(await refused.textContent(), NOT_PICTURE);
    assert.match(NOT_PICTURE, /^This file is not a picture/);
    assert.doesNotMatch(NOT_PICTURE, /convert/);
    assert.equal(started.count, 0, "no upload is started for it");
    // Its line can still be removed, as any refused photo's.
    assert.equal(
      await page.getByRole("button", { name: "Remove not-an-image.png" })
        .count(),
      1,
    );
    // Alone, it is no photo: the button asks for photos.
    await page.selectOption($("post-privacy"), "SELF_ONLY");
    const submit = page.locator($("post-submit"));
    assert.ok(await submit.isDisabled(), "a refused line is no photo");
    assert.equal(
      (await page.locator("#post-needs-media").textContent())?.trim(),
      "Add photos first.",
    );

    // A photo after it is photo 1, in the list as in the preview.
    await page.setInputFiles($("photo-input"), fixturePath("photo2.jpg"));
    await page.locator(`${SLOTS}[data-state=done]`).waitFor();
    const numbered = await page.locator(SLOTS).evaluateAll((lines) =>
      lines.map((li) => [
        (li as HTMLElement).dataset.state,
        getComputedStyle(li).display,
      ])
    );
    assert.deepEqual(numbered, [["error", "block"], ["done", "list-item"]]);
    assert.match(
      await page.locator($("photo-carousel")).innerText(),
      /Photo 1 is the cover/,
    );
    const { request } = await postFromComposer(page);
    assert.equal((request.photo_images as string[]).length, 1);
    watched.watch.assertClean();
  });
});

Deno.test("a PNG in a browser with no OffscreenCanvas to convert it is refused on its line and never uploaded, while a JPEG that fits still goes up", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    // A browser that decodes images but cannot draw them off screen.
    await page.addInitScript(() => {
      // deno-lint-ignore no-explicit-any
      delete (globalThis as any).OffscreenCanvas;
    });
    await signInWithPlan(run, "no_canvas_photo", { islands: ["PostCard"] });
    await openPhotoMode(page);
    assert.equal(
      await page.evaluate(() => typeof globalThis.OffscreenCanvas),
      "undefined",
    );
    const started = countUploadStarts(page);
    await page.setInputFiles($("photo-input"), [
      fixturePath("photo.png"),
      fixturePath("photo2.jpg"),
    ]);
    await page.locator(`${SLOTS}[data-state=done]`).waitFor();
    await page.locator(`${SLOTS}[data-state=error]`).waitFor();
    assert.deepEqual(await slotLines(page), [
      `photo.png ${NOT_CONVERTED}`,
      "photo2.jpg uploaded",
    ]);
    assert.equal(started.count, 1, "only the JPEG is uploaded");
    watched.watch.assertClean();
  });
});

Deno.test("one photo of the album being composed is removed by its own Remove: focus moves on, the cover stays on its photo, and a reload keeps the removal", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithPlan(run, "photo_remover", {
      islands: ["PostCard"],
    });
    // Remembered: photo2.jpg and photo3.webp, photo3.webp the cover.
    const albumId = await rememberedAlbumInPage(page, openId, 1);
    await page.goto(`${server.url}/dashboard`);
    await waitForAllIslands(page);
    await page.locator(`${$("photo-carousel")} li`).nth(1).waitFor();
    await page.setInputFiles($("photo-input"), fixturePath("not-an-image.png"));
    await page.locator(`${SLOTS}[data-state=error]`).waitFor();
    // Focus is placed after the render (an effect): once it has landed.
    const focused = async () => {
      await page.waitForFunction(() => document.activeElement !== document.body)
        .catch(() => {});
      return await page.evaluate(() =>
        document.activeElement?.getAttribute("aria-label") ??
          document.activeElement?.getAttribute("data-testid")
      );
    };
    const remembered = () =>
      page.evaluate(
        (key) => JSON.parse(localStorage.getItem(key)!),
        albumStorageKey(openId),
      );
    const stored = async () =>
      (await getAlbumWithImages(server.deps, openId, albumId)).images.map((
        i,
      ) => i.filename);

    // The refused photo, the last line: focus goes to the line before.
    const removeRefused = page.getByRole("button", {
      name: "Remove not-an-image.png",
    });
    await removeRefused.click();
    await removeRefused.waitFor({ state: "detached" });
    assert.deepEqual(await slotLines(page), [
      "photo2.jpg uploaded",
      "photo3.webp uploaded",
    ]);
    assert.equal(await focused(), "Remove photo3.webp");

    // The first photo, by keyboard: focus goes to the photo now in its
    // place, and the cover stays on photo3.webp, now photo 1.
    await page.getByRole("button", { name: "Remove photo2.jpg" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Remove photo2.jpg" })
      .waitFor({ state: "detached" });
    assert.deepEqual(await slotLines(page), ["photo3.webp uploaded"]);
    assert.equal(await focused(), "Remove photo3.webp");
    assert.deepEqual(await stored(), ["photo3.webp"]);
    assert.deepEqual(await remembered(), { album_id: albumId, cover: 0 });
    const cover = page.locator(`${$("photo-carousel")} li[data-cover=true]`);
    assert.equal(await page.locator(`${$("photo-carousel")} li`).count(), 1);
    assert.equal(await cover.locator("img").getAttribute("alt"), "Photo 1");

    // After a reload the album comes back without it.
    await page.reload();
    await waitForAllIslands(page);
    await page.locator(`${$("photo-carousel")} li`).first().waitFor();
    assert.deepEqual(await slotLines(page), ["photo3.webp uploaded"]);
    assert.equal(await page.locator(`${$("photo-carousel")} li`).count(), 1);

    // The last photo: focus goes to the photo field.
    await page.getByRole("button", { name: "Remove photo3.webp" }).click();
    await page.locator(SLOTS).first().waitFor({ state: "detached" });
    assert.equal(await focused(), "photo-input");
    assert.deepEqual(await stored(), []);
    watched.watch.assertClean({ allowConsole: [STATUS_4XX_LOGGED] });
  });
});

Deno.test("a photo a scheduled post uses is not removed from the album being composed: the refusal is said and the photo stays", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithPlan(run, "photo_in_use", {
      islands: ["PostCard"],
    });
    const albumId = await rememberedAlbumInPage(page, openId, 0);
    const { images } = await getAlbumWithImages(server.deps, openId, albumId);
    // An automation scheduled the album's photos meanwhile.
    const job = await apiInPage(page, "POST", "/api/jobs", {
      kind: "tiktok",
      media_type: "PHOTO",
      run_at: new Date(
        Math.ceil((server.clock.now() + 3 * 3600_000) / 60_000) * 60_000,
      ).toISOString(),
      photo_images: images.map((i) => i.url),
      title: "later",
      privacy: "SELF_ONLY",
    });
    assert.equal(job.status, 200, JSON.stringify(job.body));
    await page.goto(`${server.url}/dashboard`);
    await waitForAllIslands(page);
    await page.locator(`${$("photo-carousel")} li`).nth(1).waitFor();

    const remove = page.getByRole("button", { name: "Remove photo2.jpg" });
    await remove.click();
    const error = page.locator(`${$("photo-card")} [role=alert]`);
    await page.waitForFunction(
      (s) => (document.querySelector(s)?.textContent ?? "") !== "",
      `${$("photo-card")} [role=alert]`,
    );
    assert.match(await error.textContent() ?? "", /scheduled/i);
    assert.deepEqual(await slotLines(page), [
      "photo2.jpg uploaded",
      "photo3.webp uploaded",
    ]);
    assert.equal(
      (await getAlbumWithImages(server.deps, openId, albumId)).images.length,
      2,
    );
    // Focus stays on the Remove pressed, still there.
    assert.equal(
      await page.evaluate(() =>
        document.activeElement?.getAttribute("aria-label")
      ),
      "Remove photo2.jpg",
    );
    watched.watch.assertClean({ allowConsole: [STATUS_4XX_LOGGED] });
  });
});

/**
 * Holds the page's requests `held` picks until `release` is called: an
 * upload's bytes or a removal still on their way, as on a slow network.
 */
async function holdRequests(
  page: import("playwright-core").Page,
  held: (r: import("playwright-core").Request) => boolean,
) {
  const waiting: import("playwright-core").Route[] = [];
  const sent: string[] = [];
  await page.route("**/*", (route) => {
    if (!held(route.request())) return route.continue();
    sent.push(
      `${route.request().method()} ${new URL(route.request().url()).pathname}`,
    );
    waiting.push(route);
  });
  return {
    sent,
    release: async () => {
      await Promise.all(waiting.splice(0).map((r) => r.continue()));
      await page.unroute("**/*");
    },
  };
}

Deno.test("a photo removed just above one still uploading gives focus to the Remove of the photo before it, not the photo field", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithPlan(run, "remove_above_uploading", {
      islands: ["PostCard"],
    });
    await rememberedAlbumInPage(page, openId, 0);
    await page.goto(`${server.url}/dashboard`);
    await waitForAllIslands(page);
    await page.locator(`${$("photo-carousel")} li`).nth(1).waitFor();
    // photo1.jpg's bytes wait on the network: its line has no Remove yet.
    const bytes = await holdRequests(page, (r) => r.method() === "PUT");
    await page.setInputFiles($("photo-input"), fixturePath("photo1.jpg"));
    await page.locator(`${SLOTS}[data-state=uploading]`).waitFor();
    while (bytes.sent.length === 0) await new Promise((r) => setTimeout(r, 25));

    const remove = page.getByRole("button", { name: "Remove photo3.webp" });
    await remove.click();
    await remove.waitFor({ state: "detached" });
    // photo1.jpg, still uploading, is now in its place: the photo before.
    // Focus is placed after the render (an effect): wait for it to land.
    await page.waitForFunction(() => document.activeElement !== document.body)
      .catch(() => {});
    assert.equal(
      await page.evaluate(() =>
        document.activeElement?.getAttribute("aria-label") ??
          document.activeElement?.getAttribute("data-testid")
      ),
      "Remove photo2.jpg",
    );
    await bytes.release();
    await page.waitForFunction(
      (s) => document.querySelectorAll(`${s}[data-state=done]`).length === 2,
      SLOTS,
    );
    assert.deepEqual(await slotLines(page), [
      "photo2.jpg uploaded",
      "photo1.jpg uploaded, scaled down from 1080×1350 to TikTok's 1080 px a side",
    ]);
    watched.watch.assertClean();
  });
});

Deno.test("a Remove pressed twice while its removal is on its way removes the photo once, and the cover stays on its photo", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithPlan(run, "remove_twice", {
      islands: ["PostCard"],
    });
    // photo2.jpg and photo3.webp, then photo1.jpg; photo1.jpg the cover.
    const albumId = await rememberedAlbumInPage(page, openId, 0);
    await page.goto(`${server.url}/dashboard`);
    await waitForAllIslands(page);
    await page.locator(`${$("photo-carousel")} li`).nth(1).waitFor();
    await page.setInputFiles($("photo-input"), fixturePath("photo1.jpg"));
    await page.waitForFunction(
      (s) => document.querySelectorAll(`${s}[data-state=done]`).length === 3,
      SLOTS,
    );
    await page.check($("photo-cover-2"));

    const removals = await holdRequests(page, (r) => r.method() === "DELETE");
    const remove = page.getByRole("button", { name: "Remove photo2.jpg" });
    await remove.click();
    await remove.click();
    // Both presses are heard before the first DELETE is answered.
    await page.evaluate(() => new Promise((r) => setTimeout(r, 200)));
    await removals.release();
    await remove.waitFor({ state: "detached" });
    await page.evaluate(() => new Promise((r) => setTimeout(r, 200)));
    assert.deepEqual(removals.sent, [removals.sent[0]], "one DELETE sent");
    assert.deepEqual(await slotLines(page), [
      "photo3.webp uploaded",
      "photo1.jpg uploaded, scaled down from 1080×1350 to TikTok's 1080 px a side",
    ]);
    const cover = page.locator(`${$("photo-carousel")} li[data-cover=true]`);
    assert.equal(await cover.locator("img").getAttribute("alt"), "Photo 2");
    assert.equal(
      JSON.parse(
        await page.evaluate(
          (key) => localStorage.getItem(key)!,
          albumStorageKey(openId),
        ),
      ).cover,
      1,
    );
    assert.deepEqual(
      (await getAlbumWithImages(server.deps, openId, albumId)).images.map((
        i,
      ) => i.filename),
      ["photo3.webp", "photo1.jpg"],
    );
    watched.watch.assertClean({ allowConsole: [STATUS_4XX_LOGGED] });
  });
});
