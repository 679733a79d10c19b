/**
 * The media page in a real Chromium: videos with their size, dimensions,
 * duration and expiry (on one line at desktop widths); an album still listed after a reload; Delete asked
 * first ("Keep it" keeps the file); a video or an album a scheduled post
 * uses refused beside it, in view, with the post's time in local time; an
 * album deleted for good; and a
 * landscape video, and one too long for the creator, refused by the upload
 * card as posting would refuse them.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  browserRunner,
  signInWithPlan,
  uploadCardError,
} from "../_helpers/browser_flows.ts";
import type { BrowserRun } from "../_helpers/browser_flows.ts";
import { CREATOR_INFO_TTL_MS } from "../../lib/posting/creator_info_cache.ts";
import {
  apiInPage,
  sandboxAdmin,
  uploadFixtureInPage,
} from "../_helpers/dashboard_seed.ts";
import { waitForAllIslands, waitForFocusOn } from "../_helpers/page_quality.ts";
import { localWhen } from "../../components/compose_rules.ts";

const ZONE = "America/Los_Angeles";
/** Chromium logs the 409 of the refusal and the 404 of the test checking a deleted upload. */
const LOGGED_ANSWERS = /status of (409|404)/;

const withBrowser = browserRunner({ timezoneId: ZONE, locale: "en-US" });

/**
 * `Dec 12, 2026, 1:18 PM PST` of an ISO time in {@link ZONE}: a record's
 * time in en-US (docs/dashboard.md#times), on its clock,
 * with the zone's name at that instant: PDT from March to November, and a
 * post six days on may be on the other side of a change.
 */
function local(iso: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: ZONE,
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "numeric",
      minute: "2-digit",
      hour12: true,
      timeZoneName: "short",
    }).formatToParts(new Date(iso)).map((p) => [p.type, p.value]),
  );
  return `${parts.month} ${parts.day}, ${parts.year}, ${parts.hour}:${parts.minute} ${parts.dayPeriod} ${parts.timeZoneName}`;
}

/** `hours` after the server's now, on the next whole minute, as ISO. */
function hoursOn(server: { clock: { now(): number } }, hours: number): string {
  return new Date(
    Math.ceil((server.clock.now() + hours * 3600_000) / 60_000) * 60_000,
  ).toISOString();
}

/** Schedules a private TikTok post of `job` from the page; its job id. */
async function schedule(
  page: Page,
  job: Record<string, unknown>,
): Promise<string> {
  const r = await apiInPage(page, "POST", "/api/jobs", {
    kind: "tiktok",
    privacy: "SELF_ONLY",
    ...job,
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return String(r.body.job_id);
}

/**
 * Schedules each of `jobs` as {@link schedule} does, captioned "later 1",
 * "later 2"…: a scheduled caption is taken for others.
 */
async function scheduleEach(
  page: Page,
  jobs: Record<string, unknown>[],
): Promise<void> {
  for (const [i, job] of jobs.entries()) {
    await schedule(page, { title: `later ${i + 1}`, ...job });
  }
}

Deno.test("media page: details, albums kept across reloads, delete asked first, in-use refusal in local time, no albums points to the composer's Photos", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "media_user");
    const keep = await uploadFixtureInPage(page, "portrait.mp4", {
      as: "keep.mp4",
    });
    const gone = await uploadFixtureInPage(page, "portrait.mp4", {
      as: "gone.mp4",
    });
    const album = await apiInPage(page, "POST", "/api/albums");
    const albumId = String(album.body.album_id);
    for (const name of ["photo2.jpg", "photo3.webp"]) {
      await uploadFixtureInPage(page, name, { albumId });
    }
    await page.goto(`${server.url}/dashboard/media`);
    await waitForAllIslands(page);
    const video = (u: Record<string, unknown>) =>
      page.locator(`[data-upload-id="${u.upload_id}"]`);
    const text = await video(keep).textContent() ?? "";
    assert.match(text, /keep\.mp4/);
    assert.match(
      text,
      new RegExp(`${Math.round(Number(keep.size) / 1000)} KB · 540×960 · 2 s`),
    );
    assert.ok(
      text.replace(/\s/g, " ").includes(local(String(keep.expires_at))),
      text,
    );
    assert.equal(await video(keep).locator("video.thumb").count(), 1);
    const albumItem = page.locator(`[data-album-id="${albumId}"]`);
    assert.equal(await albumItem.locator("img.thumb").count(), 2);
    // An album's expiry in the words a video's uses.
    assert.match(
      (await albumItem.innerText()).replace(/\s+/g, " "),
      /2 photos · Kept until [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M\sP[DS]T\b/,
    );

    await page.reload();
    await waitForAllIslands(page);
    await albumItem.waitFor();

    // "Keep it" keeps the file.
    await video(gone).getByTestId("media-delete").click();
    await video(gone).getByTestId("media-delete-confirm").waitFor();
    await video(gone).getByTestId("media-delete-no").click();
    const still = await apiInPage(
      page,
      "GET",
      `/api/uploads/${gone.upload_id}`,
    );
    assert.equal(still.status, 200);
    // Confirmed: deleted.
    await video(gone).getByTestId("media-delete").click();
    await video(gone).getByTestId("media-delete-yes").click();
    await video(gone).waitFor({ state: "detached" });
    assert.match(
      await page.getByTestId("media-status").first().textContent() ?? "",
      /Deleted gone\.mp4/,
    );
    const after = await apiInPage(
      page,
      "GET",
      `/api/uploads/${gone.upload_id}`,
    );
    assert.equal(after.status, 404);

    // Scheduled once the page was open (in another tab): its Delete is
    // refused beside it, its time in local time.
    const runAt = hoursOn(server, 3);
    await schedule(page, {
      run_at: runAt,
      source_url: keep.url,
      title: "later",
    });
    await video(keep).getByTestId("media-delete").click();
    await video(keep).getByTestId("media-delete-yes").click();
    const error = video(keep).getByTestId("media-refused");
    await error.filter({ hasText: "scheduled" }).waitFor();
    const message = await error.textContent() ?? "";
    // In the dashboard's one format for instants, as every limit's time.
    const when = localWhen(runAt, new Date(), {
      timeZone: ZONE,
      locale: "en-US",
    });
    assert.equal(
      message,
      `A post scheduled for ${when} uses this media: cancel that post first, then delete this.`,
    );
    assert.equal(await video(keep).count(), 1);

    // The album, deleted for good.
    await albumItem.getByTestId("album-delete").click();
    await albumItem.getByTestId("album-delete-yes").click();
    await albumItem.waitFor({ state: "detached" });
    await page.reload();
    await waitForAllIslands(page);
    assert.equal(await albumItem.count(), 0);
    // None left: the page says where albums are made, with a link there.
    const noAlbums = page.getByTestId("no-albums");
    assert.match(await noAlbums.innerText(), /choose Photos/);
    assert.equal(
      await noAlbums.getByRole("link", { name: "composer" }).getAttribute(
        "href",
      ),
      "/dashboard",
    );
    watched.watch.assertClean({ allowConsole: [LOGGED_ANSWERS] });
  });
});

Deno.test("media page: a delete refused because a scheduled post uses the media is said beside that album or video, in view and announced, with focus back on its Delete", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "media_refused_user");
    // Several videos above the album: the page is longer than the window.
    const videos = [];
    for (const name of ["a.mp4", "b.mp4", "c.mp4", "d.mp4"]) {
      videos.push(
        await uploadFixtureInPage(page, "portrait.mp4", { as: name }),
      );
    }
    const album = await apiInPage(page, "POST", "/api/albums");
    const albumId = String(album.body.album_id);
    const photos = [];
    for (const name of ["photo2.jpg", "photo3.webp"]) {
      photos.push(await uploadFixtureInPage(page, name, { albumId }));
    }
    await page.setViewportSize({ width: 1280, height: 600 });
    await page.goto(`${server.url}/dashboard/media`);
    await waitForAllIslands(page);
    // Scheduled once the page was open (in another tab): the page cannot
    // know, and the server refuses the Delete.
    const jobs = [
      {
        media_type: "PHOTO",
        run_at: hoursOn(server, 3),
        photo_images: photos.map((p) => p.url),
      },
      { run_at: hoursOn(server, 5), source_url: videos[0].url },
    ];
    await scheduleEach(page, jobs);
    const when = (iso: string) =>
      localWhen(iso, new Date(), { timeZone: ZONE, locale: "en-US" });

    const cases = [
      {
        item: page.locator(`[data-album-id="${albumId}"]`),
        button: "album-delete",
        at: jobs[0].run_at,
      },
      {
        item: page.locator(`[data-upload-id="${videos[0].upload_id}"]`),
        button: "media-delete",
        at: jobs[1].run_at,
      },
    ];
    for (const { item, button, at } of cases) {
      await item.getByTestId(button).click();
      await item.getByTestId(`${button}-yes`).click();
      const refusal = item.locator("[role=alert][data-testid=media-refused]");
      await refusal.waitFor();
      // An alert, heard once: in no polite region (docs/dashboard.md).
      assert.equal(
        await refusal.evaluate((el) =>
          el.parentElement?.closest("[aria-live]") ?? null
        ),
        null,
      );
      assert.equal(
        await refusal.textContent(),
        `A post scheduled for ${
          when(at)
        } uses this media: cancel that post first, then delete this.`,
      );
      // Beside the Delete pressed, not above the lists out of sight.
      const box = await refusal.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, height: innerHeight };
      });
      assert.ok(
        box.top >= 0 && box.bottom <= box.height,
        `the refusal is in view: ${JSON.stringify(box)}`,
      );
      // Each list is an island of its own (docs/media.md#media-page): in
      // the list, the refusal is said once, beside its item.
      const list = page.getByTestId(
        button === "album-delete" ? "media-albums" : "media-videos",
      );
      assert.equal(
        await list.getByTestId("media-refused").count(),
        1,
        "said once in its list, beside its item",
      );
      await waitForFocusOn(page, button, "after the refused delete");
      assert.equal(await item.count(), 1, "still listed");
    }
    watched.watch.assertClean({ allowConsole: [/status of 409/] });
  });
});

Deno.test("media page: a video or album a scheduled post uses shows Delete disabled with why, before anything is asked, its time naming the zone", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "media_blocked_user");
    const [used, free] = [
      await uploadFixtureInPage(page, "portrait.mp4", { as: "used.mp4" }),
      await uploadFixtureInPage(page, "portrait.mp4", { as: "free.mp4" }),
    ];
    const album = await apiInPage(page, "POST", "/api/albums");
    const albumId = String(album.body.album_id);
    const photos = [];
    for (const name of ["photo2.jpg", "photo3.webp"]) {
      photos.push(await uploadFixtureInPage(page, name, { albumId }));
    }
    const runAts = [hoursOn(server, 5), hoursOn(server, 3)];
    await scheduleEach(page, [
      { run_at: runAts[0], source_url: used.url },
      {
        media_type: "PHOTO",
        run_at: runAts[1],
        photo_images: photos.map((p) => p.url),
      },
    ]);
    await page.goto(`${server.url}/dashboard/media`);
    await waitForAllIslands(page);
    for (
      const [item, label, named, runAt] of [
        [
          page.locator(`[data-upload-id="${used.upload_id}"]`),
          "Delete",
          /^Delete used\.mp4$/,
          runAts[0],
        ],
        [
          page.locator(`[data-album-id="${albumId}"]`),
          "Delete album",
          // Its item named as an enabled Delete's is, the zone too (PDT
          // from March to November).
          /^Delete album of 2 photos, kept until .* [AP]M P[SD]T$/,
          runAts[1],
        ],
      ] as const
    ) {
      const blocked = item.getByTestId("delete-blocked");
      const button = blocked.getByRole("button", { name: label });
      const text = async (l: typeof blocked) =>
        (await l.innerText()).replace(/\s+/g, " ").trim();
      assert.equal(
        await text(blocked),
        `${await text(
          button,
        )} A scheduled post uses it: cancel that post first.`,
      );
      assert.match(await text(button), named);
      assert.equal(await button.isDisabled(), true);
      // Nothing to ask: no Delete that would be refused once confirmed.
      assert.equal(await item.getByTestId(/^(media|album)-delete$/).count(), 0);
      // "Scheduled for <time> PST": the zone named (America/Los_Angeles).
      assert.equal(
        (await item.getByTestId("media-use").innerText()).replace(/\s/g, " "),
        `Scheduled for ${local(runAt)}`,
      );
    }
    // A video nothing schedules keeps its Delete, asked first.
    const freeItem = page.locator(`[data-upload-id="${free.upload_id}"]`);
    assert.equal(await freeItem.getByTestId("delete-blocked").count(), 0);
    await freeItem.getByTestId("media-delete").click();
    await freeItem.getByTestId("media-delete-confirm").waitFor();
    watched.watch.assertClean();
  });
});

/**
 * Uploads a fixture from the upload card, expects it refused with
 * `message`, not counted against the day's uploads and not listed.
 */
async function expectRefusedUpload(
  { server, page, watched }: BrowserRun,
  fixture: string,
  message: RegExp,
): Promise<void> {
  const uploadsLeft = async () =>
    (await apiInPage(page, "GET", "/api/limits")).body.uploads_left_today;
  const before = await uploadsLeft();
  assert.match((await uploadCardError(page, fixture)).text, message);
  assert.equal(await uploadsLeft(), before, "a refused upload does not count");
  await page.goto(`${server.url}/dashboard/media`);
  await waitForAllIslands(page);
  assert.equal(await page.locator("[data-upload-id]").count(), 0);
  watched.watch.assertClean({ allowConsole: [/status of 400/] });
}

Deno.test("Use in a post opens an album in the composer's Photos, and the media page marks the album and the cover chosen there", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "media_album_user");
    const albums: string[] = [];
    for (const names of [["photo2.jpg"], ["photo2.jpg", "photo3.webp"]]) {
      const album = await apiInPage(page, "POST", "/api/albums");
      const albumId = String(album.body.album_id);
      for (const name of names) {
        await uploadFixtureInPage(page, name, { albumId });
      }
      albums.push(albumId);
    }
    await page.goto(`${server.url}/dashboard/media`);
    await waitForAllIslands(page);
    const item = (id: string) => page.locator(`[data-album-id="${id}"]`);
    // The composer has no album yet: each can be used, none is marked.
    assert.equal(await page.getByTestId("album-use").count(), 2);
    assert.equal(await page.locator("li[data-cover=true]").count(), 0);

    await item(albums[1]).getByTestId("album-use").click();
    await page.waitForURL(`${server.url}/dashboard`);
    await waitForAllIslands(page);
    const carousel = page.locator("[data-testid=photo-carousel] img");
    await carousel.first().waitFor();
    assert.equal(await carousel.count(), 2, "the album's two photos");
    assert.equal(
      await page.locator("[data-testid=post-mode-photo]").getAttribute(
        "aria-pressed",
      ),
      "true",
      "the composer is on Photos",
    );
    await page.check("[data-testid=photo-cover-1]");

    await page.goto(`${server.url}/dashboard/media`);
    await waitForAllIslands(page);
    await item(albums[1]).getByTestId("album-in-composer").waitFor();
    assert.equal(await item(albums[1]).getByTestId("album-use").count(), 0);
    assert.equal(await item(albums[0]).getByTestId("album-use").count(), 1);
    const marked = item(albums[1]).locator("li[data-cover=true] img");
    assert.equal(
      await marked.getAttribute("alt"),
      "Photo 2 of 2, the cover",
      "the cover chosen in the composer is marked",
    );
    watched.watch.assertClean();
  });
});

Deno.test("media page at desktop widths shows each video's expiry on one line", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "media_wide_user");
    await uploadFixtureInPage(page, "portrait.mp4", { as: "wide.mp4" });
    // 1100 px: the screenshots' width; 1280 px: a common laptop.
    for (const width of [1100, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(`${server.url}/dashboard/media`);
      await waitForAllIslands(page);
      const kept = page.locator("[data-upload-id] p", {
        hasText: "Kept until",
      });
      assert.equal(await kept.count(), 1);
      // One line box: the text's client rects all share one top.
      const lines = await kept.evaluate((p) => {
        const range = document.createRange();
        range.selectNodeContents(p);
        return new Set(
          [...range.getClientRects()].map((r) => Math.round(r.top)),
        ).size;
      });
      assert.equal(lines, 1, `"${await kept.textContent()}" at ${width} px`);
    }
    watched.watch.assertClean();
  });
});

Deno.test('media page on an en-US phone: a record\'s time keeps its AM or PM beside it (a no-break space), never wrapped onto a line of its own, and an album of one photo is "1 photo"', async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "media_phone_clock");
    await uploadFixtureInPage(page, "portrait.mp4", { as: "phone.mp4" });
    const album = await apiInPage(page, "POST", "/api/albums");
    await uploadFixtureInPage(page, "photo2.jpg", {
      albumId: String(album.body.album_id),
    });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${server.url}/dashboard/media`);
    await waitForAllIslands(page);
    const kept = await page.locator("main").getByText(/^Kept until|Kept until/)
      .allTextContents();
    const times = kept.join(" ").match(/\d{1,2}:\d\d\s[AP]M/g) ?? [];
    assert.ok(times.length >= 2, kept.join(" | "));
    for (const t of times) assert.match(t, /\d\u00a0[AP]M$/, kept.join(" | "));
    // An album of one photo says so in the singular.
    assert.ok(kept.some((k) => /^1 photo · Kept until /.test(k)), kept.join());
    await page.getByTestId("album-delete").click();
    await page.getByText("Delete this album of 1 photo?").waitFor();
    watched.watch.assertClean();
  });
});

Deno.test("a landscape video uploaded from the dashboard is refused at once, with posting's message, and not counted", async () => {
  await withBrowser(async (run) => {
    await signInWithPlan(run, "landscape_user", { islands: ["UploadCard"] });
    await expectRefusedUpload(
      run,
      "landscape.mp4",
      /The video must be vertical \(9:16\); this one displays 960×540/,
    );
  });
});

Deno.test("a video too long for the creator, uploaded from the dashboard, is refused at once with posting's message", async () => {
  await withBrowser(async (run) => {
    // The composer's own creator_info lookup done first: one still in
    // flight when the clock moves would cache the old limit as fresh, and
    // the upload's check would join it.
    const openId = await signInWithPlan(run, "too_long_user", {
      islands: ["UploadCard", "PostCard"],
      privacyOptions: true,
    });
    await sandboxAdmin(run.server, openId, { max_video_post_duration_sec: 1 });
    // Whatever the dashboard cached of creator_info ages out: completing
    // the upload asks TikTok itself.
    run.server.clock.advance(CREATOR_INFO_TTL_MS + 60_000);
    await expectRefusedUpload(
      run,
      "portrait.mp4",
      /The video lasts 2 s; this TikTok account may post at most 1 s\./,
    );
  });
});

Deno.test("an album's photos on the media page are shown two a row at 375 px, about as wide as tall, not as strips the card's width", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    await signInWithPlan(run, "album_thumbs");
    const album = await apiInPage(page, "POST", "/api/albums");
    for (const name of ["photo2.jpg", "photo3.webp"]) {
      await uploadFixtureInPage(page, name, {
        albumId: String(album.body.album_id),
      });
    }
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(`${server.url}/dashboard/media`);
      await waitForAllIslands(page);
      const boxes = await page.locator("ul.media-grid.photos img")
        .evaluateAll((imgs) =>
          imgs.map((img) => {
            const box = img.getBoundingClientRect();
            return { top: box.top, ratio: box.width / box.height };
          })
        );
      assert.equal(boxes.length, 2);
      assert.equal(boxes[0].top, boxes[1].top, `one row at ${width}px`);
      for (const { ratio } of boxes) {
        assert.ok(ratio > 0.75 && ratio < 1.25, `${ratio} at ${width}px`);
      }
    }
    watched.watch.assertClean();
  });
});

Deno.test("while a confirmed Delete is on its way, Keep it cannot be pressed and the question says it is being done: the video is deleted, never shown as kept", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    await signInWithPlan(run, "media_slow_delete");
    const video = await uploadFixtureInPage(page, "portrait.mp4");
    let release = () => {};
    const held = new Promise<void>((r) => release = r);
    await page.route("**/api/uploads/**", async (route) => {
      if (route.request().method() === "DELETE") await held;
      await route.fallback();
    });
    await page.goto(`${server.url}/dashboard/media`);
    await waitForAllIslands(page);
    await page.click("[data-testid=media-delete]");
    await page.click("[data-testid=media-delete-yes]");
    const keep = page.locator("[data-testid=media-delete-no]");
    const question = page.locator("[data-testid=media-delete-confirm]");
    try {
      assert.equal(await keep.isDisabled(), true, "Keep it while deleting");
      assert.equal(await question.getAttribute("aria-busy"), "true");
      assert.match(
        await question.locator("span").first().evaluate((el) =>
          getComputedStyle(el, "::after").content
        ),
        /One moment/,
      );
    } finally {
      release();
    }
    await page.locator("[data-testid=media-status]").filter({
      hasText: "Deleted",
    }).waitFor();
    const gone = await apiInPage(
      page,
      "GET",
      `/api/uploads/${video.upload_id}`,
    );
    assert.equal(gone.status, 404);
    watched.watch.assertClean({ allowConsole: [LOGGED_ANSWERS] });
  });
});

Deno.test("an upload sharing its file name keeps its name on the media page and in the composer once an older one is deleted", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "stable_names_user");
    const older = await uploadFixtureInPage(page, "portrait.mp4", {
      as: "clip.mp4",
    });
    server.clock.advance(20_000);
    await uploadFixtureInPage(page, "portrait.mp4", { as: "clip.mp4" });
    server.clock.advance(20_000);
    const newer = await uploadFixtureInPage(page, "portrait.mp4", {
      as: "clip.mp4",
    });
    const caption = async () => {
      await page.goto(`${server.url}/dashboard/media`);
      await waitForAllIslands(page);
      return (await page.locator(`[data-upload-id="${newer.upload_id}"]`)
        .locator(".caption").textContent())?.trim();
    };
    const picked = async () => {
      await page.goto(`${server.url}/dashboard`);
      await waitForAllIslands(page);
      return (await page.locator("[data-testid=post-source] option")
        .allTextContents()).map((t) => t.trim()).filter((t) =>
          t.startsWith("clip.mp4")
        );
    };
    const name = await caption();
    assert.ok(name?.startsWith("clip.mp4, upload "), name);
    // The composer calls it by the same name.
    assert.ok((await picked()).includes(name!), JSON.stringify(await picked()));
    const gone = await apiInPage(
      page,
      "DELETE",
      `/api/uploads/${older.upload_id}`,
    );
    assert.equal(gone.status, 200, JSON.stringify(gone.body));
    // Two of the name are left: it is still called what the creator knew,
    // and no other upload is now called so.
    assert.equal(await caption(), name);
    assert.ok((await picked()).includes(name!), JSON.stringify(await picked()));
    watched.watch.assertClean();
  });
});

Deno.test("media page marks each video and album a post used or a scheduled post will use, linked to the post or to the job's week on the calendar, and names apart two uploads of one file", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "media_uses_user");
    const posted = await uploadFixtureInPage(page, "portrait.mp4", {
      as: "posted.mp4",
    });
    const later = await uploadFixtureInPage(page, "portrait.mp4", {
      as: "later.mp4",
    });
    const free = await uploadFixtureInPage(page, "portrait.mp4", {
      as: "free.mp4",
    });
    // One file sent twice, 20 seconds apart.
    const first = await uploadFixtureInPage(page, "portrait.mp4", {
      as: "clip.mp4",
    });
    server.clock.advance(20_000);
    const second = await uploadFixtureInPage(page, "portrait.mp4", {
      as: "clip.mp4",
    });
    const album = await apiInPage(page, "POST", "/api/albums");
    const albumId = String(album.body.album_id);
    const photo = await uploadFixtureInPage(page, "photo2.jpg", { albumId });

    const sent = await apiInPage(page, "POST", "/api/tiktok/direct_post", {
      source_url: posted.url,
      title: "now",
      privacy: "SELF_ONLY",
    });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const post = ((await apiInPage(page, "GET", "/api/tiktok/posts")).body
      .posts as { post_id: string; publish_id: string; created_at: string }[])
      .find((p) => p.publish_id === sent.body.publish_id);
    assert.ok(post, "the post is listed");
    // Six and a half days on, within the plan's 7 days of files: another
    // week than today's (but early on its first day), for the calendar's
    // link to show.
    const videoRun = hoursOn(server, 156);
    const videoJob = await schedule(page, {
      run_at: videoRun,
      source_url: later.url,
      title: "later",
    });
    const albumRun = hoursOn(server, 6);
    const albumJob = await schedule(page, {
      media_type: "PHOTO",
      run_at: albumRun,
      photo_images: [photo.url],
      title: "album later",
    });

    // In the page as the server sends it, before any script runs.
    const html = await page.evaluate(() =>
      fetch("/dashboard/media").then((r) => r.text())
    );
    assert.ok(html.includes(`href="/dashboard/calendar?job=${videoJob}"`));
    assert.ok(
      html.includes(
        `href="/dashboard/posts?post=${post.post_id}#post-${post.post_id}"`,
      ),
    );
    const tag = (u: Record<string, unknown>) =>
      `clip.mp4, upload ${String(u.upload_id).slice(-6)}`;
    assert.ok(html.includes(tag(second)));

    await page.goto(`${server.url}/dashboard/media`);
    await waitForAllIslands(page);
    const item = (id: unknown) =>
      page.locator(`[data-upload-id="${id}"], [data-album-id="${id}"]`);
    const uses = (id: unknown) =>
      item(id).getByTestId("media-use").evaluateAll((lines) =>
        lines.map((p) => [
          (p.textContent ?? "").replace(/\s+/g, " ").trim(),
          p.querySelector("a")?.getAttribute("href"),
        ])
      );
    // Each time names the zone, as it is then (PST or PDT). TikTok is
    // still processing the post: "Sent to TikTok", not "Posted", until it
    // finishes (docs/dashboard.md#words-not-codes).
    assert.deepEqual(await uses(posted.upload_id), [[
      `Sent to TikTok ${local(post.created_at)}`,
      `/dashboard/posts?post=${post.post_id}#post-${post.post_id}`,
    ]]);
    assert.deepEqual(await uses(later.upload_id), [[
      `Scheduled for ${local(videoRun)}`,
      `/dashboard/calendar?job=${videoJob}`,
    ]]);
    assert.deepEqual(await uses(albumId), [[
      `Scheduled for ${local(albumRun)}`,
      `/dashboard/calendar?job=${albumJob}`,
    ]]);
    assert.deepEqual(await uses(free.upload_id), []);

    // Two uploads of one name: told apart by their upload's tag, in their
    // names and in their buttons' names.
    assert.equal(
      await item(first.upload_id).locator(".caption").textContent(),
      tag(first),
    );
    assert.equal(
      await item(second.upload_id).locator(".caption").textContent(),
      tag(second),
    );
    await page.getByRole("button", { name: `Delete ${tag(second)}` })
      .waitFor();
    assert.equal(
      await item(free.upload_id).locator(".caption").textContent(),
      "free.mp4",
    );

    // The links lead to the post and to the job's week.
    // A job id that is no job, or no id at all, opens today's week.
    for (const asked of ["01ARZ3NDEKTSV4RRFFQ69G5FAV", "x".repeat(3000)]) {
      const answer = await page.evaluate(
        (job) => fetch(`/dashboard/calendar?job=${job}`).then((r) => r.status),
        asked,
      );
      assert.equal(answer, 200, asked.slice(0, 30));
    }
    await item(later.upload_id).getByRole("link").click();
    await page.waitForURL(/\/dashboard\/calendar\?job=/);
    await waitForAllIslands(page);
    await page.locator(`[data-entry="${videoJob}"]`).waitFor();
    await page.goto(`${server.url}/dashboard/media`);
    await waitForAllIslands(page);
    await item(posted.upload_id).getByRole("link").click();
    await page.waitForURL(/\/dashboard\/posts\?post=.*#post-/);
    await page.locator(`#post-${post.post_id}`).waitFor();
    watched.watch.assertClean();
  });
});

Deno.test("Use in a post opens a video in the composer, chosen, and a video posted or scheduled says why TikTok would refuse it instead, at 375 and 1280 px", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signInWithPlan(run, "media_video_use_user");
    // The oldest: not the one the composer would choose by itself.
    const old = await uploadFixtureInPage(page, "portrait.mp4", {
      as: "old.mp4",
    });
    const posted = await uploadFixtureInPage(page, "portrait.mp4", {
      as: "posted.mp4",
    });
    const later = await uploadFixtureInPage(page, "portrait.mp4", {
      as: "later.mp4",
    });
    await uploadFixtureInPage(page, "portrait.mp4", { as: "newest.mp4" });
    const sent = await apiInPage(page, "POST", "/api/tiktok/direct_post", {
      source_url: posted.url,
      title: "now",
      privacy: "SELF_ONLY",
    });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    await schedule(page, {
      run_at: hoursOn(server, 6),
      source_url: later.url,
      title: "later",
    });

    // A link the server renders, before any script runs.
    const html = await page.evaluate(() =>
      fetch("/dashboard/media").then((r) => r.text())
    );
    assert.ok(
      html.includes(`href="/dashboard?video=${old.upload_id}#compose"`),
    );
    assert.ok(
      !html.includes(`href="/dashboard?video=${posted.upload_id}#compose"`),
    );
    assert.ok(
      !html.includes(`href="/dashboard?video=${later.upload_id}#compose"`),
    );

    const item = (id: unknown) => page.locator(`[data-upload-id="${id}"]`);
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(`${server.url}/dashboard/media`);
      await waitForAllIslands(page);
      const use = page.getByRole("link", { name: "Use in a post (old.mp4)" });
      assert.ok(await use.isVisible(), `Use in a post at ${width} px`);
      assert.match(
        await item(posted.upload_id).getByTestId("video-reuse-refused")
          .innerText(),
        /sent to TikTok already, and the same upload is posted at most once on an account within 12 months\. A new upload of the same file can be posted, but it then shows twice on your TikTok profile: upload it again only to post it twice, or after deleting the first post on TikTok\./,
      );
      assert.match(
        await item(later.upload_id).getByTestId("video-reuse-refused")
          .innerText(),
        /A scheduled post will use this video/,
      );
      assert.equal(
        await item(posted.upload_id).getByTestId("video-use").count(),
        0,
      );
      assert.ok(
        await page.evaluate(() =>
          document.documentElement.scrollWidth <=
            document.documentElement.clientWidth
        ),
        `no sideways scroll at ${width} px`,
      );
    }

    await page.getByRole("link", { name: "Use in a post (old.mp4)" }).click();
    await page.waitForURL(
      `${server.url}/dashboard?video=${old.upload_id}#compose`,
    );
    await waitForAllIslands(page);
    assert.equal(
      await page.locator("[data-testid=post-source]").inputValue(),
      old.url,
      "the video is chosen in the composer",
    );
    // No post is made again: none of Post again's notes.
    assert.equal(await page.getByTestId("post-again-note").count(), 0);

    // A link kept from before the video was posted says why, not fails.
    await page.goto(`${server.url}/dashboard?video=${posted.upload_id}`);
    await waitForAllIslands(page);
    assert.match(
      await page.getByTestId("again-notice").innerText(),
      /sent to TikTok already.*The composer starts empty\./,
    );
    watched.watch.assertClean();
  });
});
