/**
 * The dashboard's media cards in a real headless Chromium against the real
 * app on a loopback port: the upload card (XHR progress, URL with copy and
 * expiry, the API's errors as they are, the server-rendered list) and the
 * Photo Mode card (album uploads, the live payload JSON, cover and music,
 * the /api/jobs variant, "Upload only", the 1080p rule).
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { basename } from "node:path";
import type { CDPSession, Page } from "playwright-core";
import type { TestServer } from "../_helpers/test_server.ts";
import {
  browserRunner,
  escapeRegExp,
  fixturePath,
  openPhotoMode,
  signInWithPlan,
  sleep,
  waitForIslands,
  withBrowser,
} from "../_helpers/browser_flows.ts";
import type { BrowserRun } from "../_helpers/browser_flows.ts";
import { PLANS } from "../../lib/plans.ts";
import {
  ALBUM_DEFAULT_TTL_MS,
  getAlbumWithImages,
} from "../../lib/media/albums.ts";
import { utcDay } from "../../lib/media/utc_day.ts";

/** Chromium logs every 4xx answer a page's fetch or XHR gets. */
const STATUS_400_LOGGED = /status of 400/;
const ULID = "[0-9A-HJKMNP-TV-Z]{26}";
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MONTHLY_TTL_MS = PLANS.monthly.storageTtlHours * 3600_000;
/** The media islands, waited for after sign-in and after a reload. */
const ISLANDS = ["UploadCard", "PostCard"];

/**
 * Throttles the page's uploads (bytes per second) through DevTools network
 * emulation for the duration of `body`; downloads stay unthrottled.
 */
async function withThrottledUploads(
  run: BrowserRun,
  bytesPerSecond: number,
  body: () => Promise<void>,
) {
  const cdp: CDPSession = await run.watched.context.newCDPSession(run.page);
  try {
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: bytesPerSecond,
    });
    await body();
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/**
 * Signs in as sandbox user `username` through the consent page, chooses
 * the monthly plan, waits for both media islands; returns the open_id.
 */
function signInWithMonthlyPlan(
  run: BrowserRun,
  username: string,
): Promise<string> {
  return signInWithPlan(run, username, {
    planName: "Monthly",
    cards: ["upload-card", "post-card"],
    islands: ISLANDS,
  });
}

/** The Photo Mode payload JSON as the page shows it. */
async function readPayload(page: Page): Promise<Record<string, unknown>> {
  return JSON.parse(
    await page.locator("[data-testid=photo-payload]").textContent() ?? "",
  );
}

/** Polls the payload until `ok` accepts it; returns that payload. */
async function waitForPayload(
  page: Page,
  ok: (payload: Record<string, unknown>) => boolean,
  what: string,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const payload = await readPayload(page);
    if (ok(payload)) return payload;
    if (Date.now() > deadline) {
      throw new Error(`${what}; the payload is ${JSON.stringify(payload)}`);
    }
    await sleep(25);
  }
}

const imagesOf = (payload: Record<string, unknown>) =>
  payload.photo_images as string[];

/** The page globals the recorders below keep their findings in. */
type RecorderGlobals = typeof globalThis & {
  __payloads: string[];
  __progress: Record<string, number[]>;
};

/**
 * Starts recording, in the page, every distinct Photo Mode payload text as
 * the island renders it (a MutationObserver sees each render, however
 * quickly the next one follows).
 */
async function recordPayloads(page: Page) {
  await page.evaluate(() => {
    const pre = document.querySelector("[data-testid=photo-payload]")!;
    const seen: string[] = [pre.textContent ?? ""];
    (globalThis as RecorderGlobals).__payloads = seen;
    new MutationObserver(() => {
      const text = pre.textContent ?? "";
      if (text !== seen[seen.length - 1]) seen.push(text);
    }).observe(pre, { childList: true, characterData: true, subtree: true });
  });
}

async function recordedPayloads(
  page: Page,
): Promise<Record<string, unknown>[]> {
  const texts = await page.evaluate(() =>
    (globalThis as RecorderGlobals).__payloads
  );
  return texts.map((t) => JSON.parse(t));
}

/** `/files/uploads/<open_id>/albums/<album_id>/<ulid>.<ext>` → album id. */
function albumPattern(server: TestServer, openId: string, ext: string) {
  return new RegExp(
    `^${escapeRegExp(server.url)}/files/uploads/${
      escapeRegExp(openId)
    }/albums/(${ULID})/${ULID}\\.${ext}$`,
  );
}

/** Chooses photo2.jpg and photo3.webp; waits for both in the payload. */
async function uploadTwoPhotos(page: Page): Promise<string[]> {
  await page.setInputFiles("[data-testid=photo-input]", [
    fixturePath("photo2.jpg"),
    fixturePath("photo3.webp"),
  ]);
  const payload = await waitForPayload(
    page,
    (p) => imagesOf(p).length === 2,
    "both images should be in the payload",
  );
  return imagesOf(payload);
}

/**
 * Runs `fn` with a temp file of portrait.mp4 followed by `zeros` bytes of
 * zeros: the magic bytes and the boxes up front stay valid, and the
 * upload lasts long enough to watch. The file is removed after.
 */
async function withPaddedVideo(
  prefix: string,
  zeros: number,
  fn: (tempPath: string, filename: string, bytes: Uint8Array) => Promise<void>,
): Promise<void> {
  const tempPath = await Deno.makeTempFile({ prefix, suffix: ".mp4" });
  try {
    const video = await Deno.readFile(fixturePath("portrait.mp4"));
    const bytes = new Uint8Array(video.length + zeros);
    bytes.set(video);
    await Deno.writeFile(tempPath, bytes);
    await fn(tempPath, basename(tempPath), bytes);
  } finally {
    await Deno.remove(tempPath);
  }
}

Deno.test("an upload in progress can be cancelled: the bytes stop, it says so, and nothing is listed", async () => {
  // portrait.mp4 and 6 MB of zeros, sent at 200 KB/s: time to cancel.
  await withPaddedVideo(
    "pm3k_cancel_",
    6_000_000,
    async (tempPath, filename) => {
      await withBrowser(async (run) => {
        const { watched, page } = run;
        await signInWithMonthlyPlan(run, "video_canceller");
        await page.locator("[data-testid=no-uploads]").waitFor();
        await withThrottledUploads(run, 200_000, async () => {
          await page.setInputFiles("[data-testid=video-input]", tempPath);
          await page.waitForFunction(() =>
            Number(
              document.querySelector("[data-testid=upload-progress]")
                ?.getAttribute("data-progress"),
            ) > 0
          );
          // Named for what it cancels, beside the bar.
          const cancel = page.getByRole("button", { name: "Cancel" });
          await cancel.click();
          const error = page.locator("[data-testid=upload-error]");
          await error.waitFor();
          assert.equal(
            (await error.textContent())?.trim(),
            `${filename}: Upload cancelled: nothing was kept. Choose it again to upload it.`,
          );
        });
        assert.equal(
          await page.locator("[data-testid=upload-progress]").count(),
          0,
          "the bar is gone",
        );
        assert.equal(
          await page.locator("[data-testid=video-input]").isDisabled(),
          false,
          "another file can be chosen",
        );
        // Nothing completed: the upload card and the API list no upload.
        await page.locator("[data-testid=no-uploads]").waitFor();
        const listed = await page.evaluate(async () =>
          (await (await fetch("/api/uploads")).json()).uploads.length
        );
        assert.equal(listed, 0, "no upload listed");
        watched.watch.assertClean();
      });
    },
  );
});

Deno.test("uploading a video in the dashboard shows a real progress bar, then says it is in the composer, with the URL for automations, Copy URL and how long it is kept", async () => {
  // portrait.mp4 followed by 6 MB of zeros: the magic bytes and the boxes
  // up front stay valid, and the upload lasts long enough to watch.
  await withPaddedVideo(
    "pm3k_big_",
    6_000_000,
    async (tempPath, filename, bytes) => {
      await withBrowser(async (run) => {
        const { server, watched, page } = run;
        const openId = await signInWithMonthlyPlan(run, "video_uploader");
        await page.locator("[data-testid=no-uploads]").waitFor();

        const progress: number[] = [];
        await withThrottledUploads(run, 2_000_000, async () => {
          await page.setInputFiles("[data-testid=video-input]", tempPath);
          await page.locator("[data-testid=upload-progress]").waitFor();
          assert.ok(
            await page.locator("[data-testid=video-input]").isDisabled(),
            "the input is disabled while uploading",
          );
          const deadline = Date.now() + 15_000;
          for (;;) {
            const state = await page.evaluate(() => ({
              progress: document.querySelector("[data-testid=upload-progress]")
                ?.getAttribute("data-progress") ?? null,
              done: document.querySelector("[data-testid=upload-result]") !==
                null,
            }));
            if (state.progress !== null) progress.push(Number(state.progress));
            if (state.done || state.progress === null) break;
            if (Date.now() > deadline) {
              throw new Error(`upload still running: ${progress.join(", ")}`);
            }
            await sleep(40);
          }
        });

        assert.ok(
          progress.some((p) => p > 0 && p < 1),
          `a progress strictly between 0 and 1 was shown (saw ${
            progress.join(", ")
          })`,
        );
        assert.ok(
          new Set(progress).size >= 3,
          `the bar moved through several values (saw ${progress.join(", ")})`,
        );
        assert.deepEqual(
          progress,
          [...progress].sort((a, b) => a - b),
          "progress never goes back",
        );

        const result = page.locator("[data-testid=upload-result]");
        await result.waitFor();
        assert.equal(
          await page.locator("[data-testid=upload-progress]").count(),
          0,
          "the bar is gone once the upload is done",
        );
        assert.equal(
          (await result.locator("strong").textContent())?.trim(),
          filename,
        );
        assert.match(await result.textContent() ?? "", /\(540×960\)/);
        // In a creator's words: where the video is now, what the URL is for,
        // and "Kept until" as the media page says it, its zone named
        // (docs/dashboard.md#times); no API field names.
        const said = (await result.innerText()).replace(/\s+/g, " ");
        assert.match(
          said,
          /: it is ready in the composer below\. Kept until [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d [AP]M (UTC|GMT[+-][\d:]+|[A-Z]{3,4})\./,
        );
        assert.match(
          said,
          /Posting from n8n, Make or a script\? Give it this URL:/,
        );
        assert.doesNotMatch(said, /source_url|expires/);

        const url = await page.locator("[data-testid=upload-url]").inputValue();
        assert.match(
          url,
          new RegExp(
            `^${escapeRegExp(server.url)}/files/uploads/${
              escapeRegExp(openId)
            }/${utcDay(server.clock.now())}/${ULID}\\.mp4$`,
          ),
        );
        assert.equal(
          await result.locator("time[datetime]").getAttribute("datetime"),
          new Date(server.clock.now() + MONTHLY_TTL_MS).toISOString(),
        );

        await watched.context.grantPermissions(
          ["clipboard-read", "clipboard-write"],
          { origin: server.url },
        );
        const copy = page.locator("[data-testid=copy-upload-url]");
        assert.equal((await copy.textContent())?.trim(), "Copy URL");
        await copy.click();
        await page.locator("[data-testid=copy-upload-url]", {
          hasText: /^Copied$/,
        }).waitFor();
        assert.equal(
          await page.evaluate(() => navigator.clipboard.readText()),
          url,
        );

        const file = await fetch(url);
        assert.equal(file.status, 200);
        assert.equal(file.headers.get("content-type"), "video/mp4");
        assert.equal(file.headers.get("content-length"), String(bytes.length));
        const served = new Uint8Array(await file.arrayBuffer());
        assert.equal(served.length, bytes.length);
        assert.deepEqual(served, bytes);

        const listed = page.locator("[data-testid=upload-list] li a", {
          hasText: filename,
        });
        assert.equal(await listed.count(), 1);
        assert.equal(await listed.getAttribute("href"), url);
        assert.match(
          await page.locator("[data-testid=upload-list] li", {
            hasText: filename,
          }).innerText(),
          /\b6\.0 MB · Kept until [A-Z][a-z]{2}\s\d{1,2}, \d{4}, \d{1,2}:\d\d\s[AP]M\b/,
        );

        const reloaded = await page.reload();
        assert.ok(reloaded, "the reload answered");
        assert.ok(
          (await reloaded.text()).includes(`<a href="${url}">${filename}</a>`),
          "the server-rendered dashboard lists the upload",
        );
        await waitForIslands(page, watched, ISLANDS);
        const relisted = page.locator("[data-testid=upload-list] li a", {
          hasText: filename,
        });
        assert.equal(await relisted.count(), 1);
        assert.equal(await relisted.getAttribute("href"), url);
        assert.equal(
          await page.locator("[data-testid=upload-result]").count(),
          0,
        );

        watched.watch.assertClean();
      });
    },
  );
});

Deno.test("a video dropped on the upload card is uploaded like a picked one", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    await signInWithMonthlyPlan(run, "video_dropper");
    await page.locator("[data-testid=no-uploads]").waitFor();
    const bytes = [...await Deno.readFile(fixturePath("portrait.mp4"))];
    // What the browser hands over when a file is dropped from the desktop.
    const dropped = await page.evaluateHandle((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(
        new File([new Uint8Array(data)], "dropped.mp4", { type: "video/mp4" }),
      );
      return transfer;
    }, bytes);
    const zone = "[data-testid=upload-dropzone]";
    await page.dispatchEvent(zone, "dragover", { dataTransfer: dropped });
    await page.dispatchEvent(zone, "drop", { dataTransfer: dropped });
    const result = page.locator("[data-testid=upload-result]");
    await result.waitFor();
    assert.equal(
      (await result.locator("strong").textContent())?.trim(),
      "dropped.mp4",
    );
    assert.match(await result.textContent() ?? "", /\(540×960\)/);
    // A 41 KB file reads as such in the list, not as "0.0 MB".
    const listed = page.locator("[data-testid=upload-list] li", {
      hasText: "dropped.mp4",
    });
    assert.match(
      await listed.innerText(),
      /\b41 KB · Kept until [A-Z][a-z]{2}\s\d{1,2}, \d{4}, \d{1,2}:\d\d\s[AP]M\b/,
    );
    const url = await page.locator("[data-testid=upload-url]").inputValue();
    const file = await fetch(url);
    assert.deepEqual(
      new Uint8Array(await file.arrayBuffer()),
      new Uint8Array(bytes),
    );
    watched.watch.assertClean();
  });
});

Deno.test("at phone widths an upload's expiry date and time stay on one line in the upload card and its list", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    await signInWithMonthlyPlan(run, "narrow_uploader");
    await page.setInputFiles("[data-testid=video-input]", {
      name: "pasta.mp4",
      mimeType: "video/mp4",
      buffer: Buffer.from(await Deno.readFile(fixturePath("portrait.mp4"))),
    });
    await page.locator("[data-testid=upload-result]").waitFor();
    await page.locator("[data-testid=upload-list] li time").waitFor();
    const times = "[data-testid=upload-result] time, " +
      "[data-testid=upload-list] li time";
    for (const width of [320, 340, 360, 375, 390, 414]) {
      await page.setViewportSize({ width, height: 800 });
      // Each time's text on one line: its boxes share one top.
      const lines = await page.locator(times).evaluateAll((els) =>
        els.map((el) => {
          const range = document.createRange();
          range.selectNodeContents(el);
          return new Set(
            [...range.getClientRects()].map((r) => Math.round(r.top)),
          ).size;
        })
      );
      assert.equal(lines.length, 2, "the result's and the list's expiry");
      assert.deepEqual(lines, [1, 1], `at ${width}px`);
    }
    watched.watch.assertClean();
  });
});

Deno.test("a file that is neither a video nor a photo is named and said to be no video, in words without content types, and is not sent", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    await signInWithMonthlyPlan(run, "wrong_file");
    await page.locator("[data-testid=no-uploads]").waitFor();
    let asked = 0;
    page.on("request", (r) => {
      if (new URL(r.url()).pathname === "/api/uploads") asked++;
    });
    // The input accepts video types only; setInputFiles ignores `accept`, so
    // the browser sends what a drop of a text file would send: text/plain.
    await page.setInputFiles("[data-testid=video-input]", {
      name: "notes.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("not a video"),
    });
    const error = page.locator("[data-testid=upload-error]");
    await error.waitFor();
    assert.equal(
      (await error.textContent())?.trim(),
      "notes.txt is not a video: this card takes MP4, MOV and WebM videos.",
    );
    assert.equal(await error.getAttribute("role"), "alert");
    assert.equal(asked, 0, "nothing sent: the API takes no such type");
    assert.equal(await page.locator("[data-testid=upload-result]").count(), 0);
    await page.locator("[data-testid=no-uploads]").waitFor();
    assert.ok(
      await page.locator("[data-testid=video-input]").isEnabled(),
      "the input can be used again",
    );

    // The API answers scripts with the contract's message, as before.
    const api = await page.evaluate(async () => {
      const res = await fetch("/api/uploads", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          filename: "notes.txt",
          content_type: "text/plain",
          size: 11,
        }),
      });
      return { status: res.status, body: await res.json() };
    });
    assert.equal(api.status, 400);
    assert.equal(api.body.error, "unsupported_file_type");
    assert.match(api.body.message, /^Upload a video/);
    watched.watch.assertClean({ allowConsole: [STATUS_400_LOGGED] });
  });
});

Deno.test("a photo picked or dropped on the video card says to post it with the composer's Photos, while the API keeps its contract message", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    await signInWithMonthlyPlan(run, "photo_on_video_card");
    await page.locator("[data-testid=no-uploads]").waitFor();
    const error = page.locator("[data-testid=upload-error]");
    const said = (name: string) =>
      `${name} is a photo, and this card takes videos. To post photos, press Photos in the composer below and add them there.`;

    // Picked: setInputFiles ignores the input's `accept`, as "All files"
    // in a chooser does.
    await page.setInputFiles(
      "[data-testid=video-input]",
      fixturePath("photo.png"),
    );
    await error.filter({ hasText: "photo.png" }).waitFor();
    assert.equal((await error.textContent())?.trim(), said("photo.png"));
    assert.equal(await error.getAttribute("role"), "alert");

    // Dropped from the desktop, as a phone's JPEG.
    const bytes = [...await Deno.readFile(fixturePath("photo1.jpg"))];
    const dropped = await page.evaluateHandle((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(
        new File([new Uint8Array(data)], "IMG_0412.jpg", {
          type: "image/jpeg",
        }),
      );
      return transfer;
    }, bytes);
    const zone = "[data-testid=upload-dropzone]";
    await page.dispatchEvent(zone, "dragover", { dataTransfer: dropped });
    await page.dispatchEvent(zone, "drop", { dataTransfer: dropped });
    await error.filter({ hasText: "IMG_0412.jpg" }).waitFor();
    assert.equal((await error.textContent())?.trim(), said("IMG_0412.jpg"));
    await page.locator("[data-testid=no-uploads]").waitFor();
    assert.ok(await page.locator("[data-testid=video-input]").isEnabled());

    // The words are the dashboard's: the API answers scripts as before.
    const api = await page.evaluate(async () => {
      const res = await fetch("/api/uploads", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          filename: "IMG_0412.jpg",
          content_type: "image/jpeg",
          size: 1000,
        }),
      });
      return { status: res.status, body: await res.json() };
    });
    assert.equal(api.status, 400);
    assert.equal(api.body.error, "unsupported_file_type");
    assert.equal(
      api.body.message,
      'Upload a video (video/mp4, video/quicktime, video/webm); images go into a photo album (image/jpeg, image/webp): create one first (REST POST /api/albums, MCP create_album) and give its album_id with each image. Received: "image/jpeg".',
    );
    watched.watch.assertClean({ allowConsole: [STATUS_400_LOGGED] });
  });
});

Deno.test("Photo Mode uploads several images and the payload JSON updates as each completes", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithMonthlyPlan(run, "photo_poster");
    await openPhotoMode(page);

    // Nothing preset: no privacy, no music, no comments, no disclosure.
    assert.deepEqual(await readPayload(page), {
      media_type: "PHOTO",
      photo_images: [],
      photo_cover_index: 0,
      auto_add_music: false,
      title: "",
      disable_comment: true,
      is_ad: false,
      ad_your_brand: false,
      ad_branded_content: false,
      brand: "",
    });

    await recordPayloads(page);
    // Every progress value each image's slot shows while it uploads.
    await page.evaluate(() => {
      const seen: Record<string, number[]> = {};
      (globalThis as RecorderGlobals).__progress = seen;
      const record = () => {
        document.querySelectorAll("[data-testid=photo-slots] li").forEach(
          (li, i) => {
            const value = li.querySelector("progress")?.getAttribute(
              "data-progress",
            );
            if (value) (seen[i] ??= []).push(Number(value));
          },
        );
      };
      new MutationObserver(record).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ["data-progress"],
      });
    });
    let images: string[] = [];
    await withThrottledUploads(run, 100_000, async () => {
      images = await uploadTwoPhotos(page);
    });
    const progress = await page.evaluate(() =>
      (globalThis as RecorderGlobals).__progress
    );
    for (const slot of ["0", "1"]) {
      assert.ok(
        (progress[slot] ?? []).some((p) => p > 0 && p < 1),
        `image ${slot} showed its own progress (saw ${progress[slot]})`,
      );
    }

    const states = (await recordedPayloads(page)).map(imagesOf);
    const counts = states.map((s) => s.length);
    assert.deepEqual(
      counts,
      [0, 1, 2],
      "the payload showed no image, then one, then both",
    );
    assert.ok(
      images.includes(states[1][0]),
      "the first image shown is one of the two",
    );

    const jpg = albumPattern(server, openId, "jpg").exec(images[0]);
    const webp = albumPattern(server, openId, "webp").exec(images[1]);
    assert.ok(jpg, `photo2.jpg is first: ${images[0]}`);
    assert.ok(webp, `photo3.webp is second: ${images[1]}`);
    assert.equal(jpg[1], webp[1], "both images are in one album");
    assert.equal(
      await page.locator("[data-testid=photo-slots] li[data-state=done]")
        .count(),
      2,
    );

    const caption = "Two photos from the browser test #pm3k";
    await page.fill("[data-testid=post-title]", caption);
    await page.selectOption("[data-testid=post-privacy]", "SELF_ONLY");
    const common = {
      media_type: "PHOTO",
      photo_images: images,
      photo_cover_index: 0,
      auto_add_music: false,
      title: caption,
      privacy: "SELF_ONLY",
      disable_comment: true,
      is_ad: false,
      ad_your_brand: false,
      ad_branded_content: false,
    };
    assert.deepEqual(
      await waitForPayload(
        page,
        (p) => p.title === caption && p.privacy === "SELF_ONLY",
        "the caption and privacy should be in the payload",
      ),
      { ...common, brand: "" },
    );

    // The cover is picked in the carousel, where it is marked.
    await page.check("[data-testid=photo-cover-1]");
    await page.check("[data-testid=photo-music]");
    assert.equal(
      await page.locator("[data-testid=photo-carousel] li[data-cover=true] img")
        .getAttribute("src"),
      images[1],
    );
    const changed = { ...common, photo_cover_index: 1, auto_add_music: true };
    assert.deepEqual(
      await waitForPayload(
        page,
        (p) => p.photo_cover_index === 1 && p.auto_add_music === true,
        "the cover and music choices should be in the payload",
      ),
      { ...changed, brand: "" },
    );

    const before = Date.now();
    await page.click("[data-testid=payload-job]");
    const job = await waitForPayload(
      page,
      (p) => p.kind === "tiktok",
      "the /api/jobs payload should show",
    );
    assert.match(String(job.run_at), ISO_UTC);
    const runAt = Date.parse(String(job.run_at));
    assert.ok(
      runAt > before + 58 * 60_000 && runAt <= Date.now() + 3600_000,
      `run_at is about an hour ahead: ${job.run_at}`,
    );
    assert.ok(!("brand" in job), "the job payload has no brand");
    assert.deepEqual(job, { kind: "tiktok", run_at: job.run_at, ...changed });

    await page.click("[data-testid=payload-direct]");
    assert.deepEqual(
      await waitForPayload(
        page,
        (p) => !("kind" in p),
        "the direct_post payload should show again",
      ),
      { ...changed, brand: "" },
    );

    watched.watch.assertClean();
  });
});

Deno.test("Upload only (get link) retains the album for the plan's time", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithMonthlyPlan(run, "link_only");
    await openPhotoMode(page);
    const retain = page.locator("[data-testid=photo-retain]");
    assert.ok(await retain.isDisabled(), "nothing to retain before uploads");

    const images = await uploadTwoPhotos(page);
    const albumId = albumPattern(server, openId, "jpg").exec(images[0])?.[1];
    assert.ok(albumId, `an album URL: ${images[0]}`);
    const now = server.clock.now();

    const fresh = await getAlbumWithImages(server.deps, openId, albumId);
    assert.equal(fresh.album.retained, false);
    assert.equal(
      fresh.album.expiresAt,
      now + Math.min(ALBUM_DEFAULT_TTL_MS, MONTHLY_TTL_MS),
    );
    // The album keeps its images in the order they were chosen, as the card.
    assert.deepEqual(fresh.images.map((i) => i.url), images);

    assert.ok(await retain.isEnabled());
    await retain.click();
    const retained = page.locator("[data-testid=photo-retained]");
    await retained.waitFor();
    const until = new Date(now + MONTHLY_TTL_MS).toISOString();
    assert.equal(
      await retained.locator("time[datetime]").getAttribute("datetime"),
      until,
    );

    const kept = await getAlbumWithImages(server.deps, openId, albumId);
    assert.equal(kept.album.retained, true);
    assert.equal(kept.album.expiresAt, now + MONTHLY_TTL_MS);
    assert.deepEqual(kept.images.map((i) => i.url), images);
    assert.deepEqual(
      kept.images.map((i) => i.expiresAt),
      [now + MONTHLY_TTL_MS, now + MONTHLY_TTL_MS],
      "the images live as long as their album",
    );

    watched.watch.assertClean();
  });
});

/** photo2.jpg's width and height: within TikTok's 1080 px. */
Deno.test("Upload only's \"Kept until …\" names the zone, as Compose's other times do", async () => {
  // Every time on Compose names its zone (docs/dashboard.md#times); this
  // one showed a bare "Jan 5, 2027, 1:18 PM".
  const inLosAngeles = browserRunner({
    timezoneId: "America/Los_Angeles",
    locale: "en-US",
  });
  await inLosAngeles(async (run) => {
    const { page, watched } = run;
    await signInWithMonthlyPlan(run, "link_only_zone");
    await openPhotoMode(page);
    await uploadTwoPhotos(page);
    await page.locator("[data-testid=photo-retain]").click();
    const until = page.locator("[data-testid=photo-retained] time");
    await until.waitFor();
    assert.match(
      (await until.innerText()).trim(),
      /^[A-Z][a-z]{2}\s\d{1,2}, \d{4}, \d{1,2}:\d\d\s[AP]M\sP[DS]T$/,
    );
    watched.watch.assertClean();
  });
});

const PHOTO2_SIZE = [864, 1080];

Deno.test("a photo over 1080 px picked in the composer is scaled down to fit before upload, and its line says so", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    const openId = await signInWithMonthlyPlan(run, "big_photo");
    await openPhotoMode(page);
    const uploadsLeft = () =>
      page.evaluate(async () =>
        (await (await fetch("/api/limits")).json()).uploads_left_today as number
      );
    const left = await uploadsLeft();
    // The field says so before any is picked: a phone's photo need not be
    // made smaller first.
    assert.equal(
      await page.getByLabel(/^Add photos/).evaluate((input) =>
        (input as HTMLInputElement).labels![0].textContent?.replace(
          /\s+/g,
          " ",
        ).trim()
      ),
      "Add photos (1 to 35; a PNG or other image becomes a JPEG; any over TikTok's 1080 px a side is scaled down)",
    );

    // 2000×1500: the API refuses it as it is (image_too_large_px,
    // upload_inspection_test); the composer sends it at 1080×810.
    await page.setInputFiles("[data-testid=photo-input]", [
      fixturePath("photo2.jpg"),
      fixturePath("photo-too-big-px.jpg"),
    ]);
    const done = page.locator("[data-testid=photo-slots] li[data-state=done]");
    await page.waitForFunction(
      () =>
        document.querySelectorAll(
          "[data-testid=photo-slots] li[data-state=done]",
        ).length === 2,
    );
    assert.equal(
      (await done.nth(1).textContent())?.replace(/\s+/g, " ").trim(),
      "photo-too-big-px.jpg uploaded, scaled down from 2000×1500 to TikTok's 1080 px a side Remove",
    );
    assert.equal(
      (await done.nth(0).textContent())?.replace(/\s+/g, " ").trim(),
      "photo2.jpg uploaded Remove",
      "a photo within the limit goes as it is",
    );

    const payload = await waitForPayload(
      page,
      (p) => imagesOf(p).length === 2,
      "both photos should be in the payload",
    );
    const albumId = albumPattern(server, openId, "jpg").exec(
      imagesOf(payload)[0],
    )?.[1];
    assert.ok(albumId, "the photos are in one album");
    const { images } = await getAlbumWithImages(server.deps, openId, albumId);
    assert.deepEqual(images.map((i) => i.url), imagesOf(payload));
    assert.deepEqual(
      images.map((i) => [i.image?.width, i.image?.height]),
      [PHOTO2_SIZE, [1080, 810]],
    );
    assert.equal(
      await uploadsLeft(),
      left - 1,
      "the album counts once",
    );

    watched.watch.assertClean();
  });
});

Deno.test("while a video uploads the card names it beside its bar, and a file dropped meanwhile is not sent over it", async () => {
  await withPaddedVideo("pm3k_long_", 3_000_000, async (tempPath, filename) => {
    const video = await Deno.readFile(fixturePath("portrait.mp4"));
    await withBrowser(async (run) => {
      const { page, watched } = run;
      await signInWithMonthlyPlan(run, "busy_uploader");
      await page.locator("[data-testid=no-uploads]").waitFor();
      const small = [...video];
      await withThrottledUploads(run, 1_000_000, async () => {
        await page.setInputFiles("[data-testid=video-input]", tempPath);
        // What is uploading, by name and size, and the bar named by it.
        const bar = page.getByRole("progressbar", {
          name: `Uploading ${filename} (3.0 MB)`,
        });
        await bar.waitFor();
        assert.equal(
          await bar.getAttribute("data-testid"),
          "upload-progress",
        );
        // A second file dropped on the zone meanwhile.
        const dropped = await page.evaluateHandle((data) => {
          const transfer = new DataTransfer();
          transfer.items.add(
            new File([new Uint8Array(data)], "dropped.mp4", {
              type: "video/mp4",
            }),
          );
          return transfer;
        }, small);
        const zone = "[data-testid=upload-dropzone]";
        await page.dispatchEvent(zone, "dragover", { dataTransfer: dropped });
        await page.dispatchEvent(zone, "drop", { dataTransfer: dropped });
        await page.locator("[data-testid=upload-result]").waitFor({
          timeout: 15_000,
        });
      });
      assert.equal(
        (await page.locator("[data-testid=upload-result] strong")
          .textContent())?.trim(),
        filename,
        "the result is the file whose bar was shown",
      );
      // Time for a second upload to have finished, had one started.
      await sleep(1_500);
      assert.deepEqual(
        await page.locator("[data-testid=upload-list] li a").allTextContents(),
        [filename],
        "only the first file was uploaded",
      );
      watched.watch.assertClean();
    });
  });
});

Deno.test('an upload the network cuts off says so in words and what to do, not the browser\'s "Failed to fetch"', async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    await signInWithMonthlyPlan(run, "offline_uploader");
    await page.locator("[data-testid=no-uploads]").waitFor();
    const error = page.locator("[data-testid=upload-error]");

    // The request for an upload never gets an answer.
    await page.route(
      "**/api/uploads",
      (route) =>
        route.request().method() === "POST"
          ? route.abort("internetdisconnected")
          : route.fallback(),
    );
    await page.setInputFiles(
      "[data-testid=video-input]",
      fixturePath("portrait.mp4"),
    );
    await error.waitFor();
    assert.equal(
      (await error.textContent())?.trim(),
      "portrait.mp4: The server could not be reached: check your internet connection, then try again.",
    );
    await page.unroute("**/api/uploads");

    // The bytes are cut off on their way.
    await page.route(
      (url) => url.origin === new URL(page.url()).origin,
      (route) =>
        route.request().method() === "PUT"
          ? route.abort("internetdisconnected")
          : route.fallback(),
    );
    await page.setInputFiles(
      "[data-testid=video-input]",
      fixturePath("portrait.mp4"),
    );
    await error.filter({ hasText: "The upload stopped" }).waitFor();
    assert.equal(
      (await error.textContent())?.trim(),
      "portrait.mp4: The upload stopped: the server could not be reached. Check your internet connection, then choose the file again.",
    );
    watched.watch.assertClean({
      allowConsole: [/ERR_INTERNET_DISCONNECTED/],
    });
  });
});
