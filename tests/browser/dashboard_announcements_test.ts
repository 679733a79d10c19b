/**
 * The dashboard announces results and errors (`aria-live` regions that were
 * on the page before the result, as the composer's post-result), labels
 * the settings' fields visibly and the controls only a click shows, asks
 * before removing a webhook or a domain, and gives limit errors in the
 * browser's time, in one format, with the next free time when the limit has
 * one (docs/dashboard.md#accessibility-and-themes, docs/dashboard.md#times).
 * @module
 */
import assert from "node:assert/strict";
import {
  browserRunner,
  chooseVideo,
  fixturePath,
  nextApiResponse,
  openPhotoMode,
  signInWithPlan,
  uploadCardError,
  uploadVideoFromCard,
  waitForIslands,
  waitForPrivacyOptions,
} from "../_helpers/browser_flows.ts";
import {
  apiInPage,
  postHoursOnePost,
  sandboxAdmin,
  uploadFixtureInPage,
} from "../_helpers/dashboard_seed.ts";
import { followAMinuteLater } from "../_helpers/follow_while.ts";
import { eventsApplied, revokeAtTikTok } from "../_helpers/tiktok_events.ts";
import { FAIL_REASON_SENTENCES } from "../../lib/tiktok/fail_reasons.ts";
import {
  liveRegionOf,
  markLiveRegions,
  visibleLabelOf,
  waitForAllIslands,
  waitForFocusOn,
} from "../_helpers/page_quality.ts";
import { startSourceServer } from "../_helpers/source_server.ts";
import { localWhen } from "../../components/compose_rules.ts";
import { PLANS } from "../../lib/plans.ts";

/** Chromium logs every 4xx answer a page's fetch gets. */
const STATUS_4XX_LOGGED = /status of 4\d\d/;

/** Tokyo: nine hours from UTC, no daylight saving, a day ahead at night. */
const ZONE = "Asia/Tokyo";
const withBrowser = browserRunner({ timezoneId: ZONE, locale: "en-US" });
/** The same, with the simulator sending TikTok's webhooks (revocations). */
const withBrowserAndTikTokEvents = browserRunner(
  { timezoneId: ZONE, locale: "en-US" },
  { env: { SANDBOX_WEBHOOKS: "on" } },
);
/** The same, run under an owner's SERVICE_NAME, which the islands say. */
const withBrowserAsAcme = browserRunner(
  { timezoneId: ZONE, locale: "en-US" },
  { env: { SERVICE_NAME: "Acme Poster" } },
);

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** A `datetime-local` value (`YYYY-MM-DDTHH:MM`) of `ms` in Tokyo. */
const tokyoInput = (ms: number) =>
  new Date(ms + 9 * HOUR).toISOString().slice(0, 16);

/**
 * What the Compose page shows for the instant `ms` in Tokyo, in en-US: the
 * zone named ("9:00 AM GMT+9").
 */
const tokyoWhen = (ms: number) =>
  localWhen(new Date(ms).toISOString(), new Date(), {
    timeZone: ZONE,
    locale: "en-US",
    named: true,
  });

const SETTINGS_ISLANDS = ["ApiKeyCard", "DomainsCard", "WebhookCard"];

Deno.test("on settings the domain and webhook fields have visible labels, the new API key has a label and is announced, a domain's add, failed and passed Verify and removal are announced, and Remove of a webhook or a domain asks first", async () => {
  const source = await startSourceServer();
  try {
    await withBrowser(async (run) => {
      const { page, watched } = run;
      await signInWithPlan(run, "announced_settings", {
        path: "/dashboard/settings",
        islands: SETTINGS_ISLANDS,
      });

      // A label on screen, not only a placeholder (gone once typing starts).
      for (
        const [id, label] of [
          ["domain-input", "Domain to add"],
          ["webhook-url", "Webhook URL"],
        ]
      ) {
        const field = page.locator(`[data-testid=${id}]`);
        assert.equal(await visibleLabelOf(field), label, id);
        assert.equal(
          await page.getByLabel(label, { exact: true }).getAttribute(
            "data-testid",
          ),
          id,
        );
      }

      // The new key: a labelled field, in a region that was already there.
      await markLiveRegions(page);
      await page.click("[data-testid=issue-key]");
      const key = page.getByLabel("Your new API key");
      await key.waitFor();
      assert.match(await key.inputValue(), /^\S{20,}$/);
      assert.deepEqual(await liveRegionOf(key), {
        live: "polite",
        before: true,
      });

      // Adding a domain is announced, with what to do next.
      const domainSaid = page.locator("[data-testid=domains-status]");
      /** The card's announcement once it reads `text`, and its region. */
      const saysDomain = async (text: string) => {
        await domainSaid.filter({ hasText: text }).waitFor();
        assert.equal((await domainSaid.textContent())?.trim(), text);
        assert.deepEqual(await liveRegionOf(domainSaid), {
          live: "polite",
          before: true,
        });
      };
      await markLiveRegions(page);
      await page.fill("[data-testid=domain-input]", source.host);
      await page.click("[data-testid=domain-add]");
      const item = page.locator(
        `[data-testid=domain-list] li[data-domain="${source.host}"]`,
      );
      await item.waitFor();
      await saysDomain(
        `Added ${source.host}. Put its file in place, then click Verify.`,
      );

      // A domain whose file is not in place: Verify's error is an alert,
      // said at once (live_regions_test).
      await item.locator("[data-testid=domain-verify]").click();
      const error = item.locator("[data-testid=domain-error]");
      await error.waitFor();
      assert.ok((await error.textContent())?.trim(), "a reason is given");
      assert.equal(await error.getAttribute("role"), "alert");
      assert.equal(await domainSaid.textContent(), "", "no success said");

      // With the file in place, the passing Verify is announced too.
      source.verifyText = String(
        await item.locator("[data-testid=domain-content]").textContent(),
      ).trim();
      await markLiveRegions(page);
      await item.locator("[data-testid=domain-verify]").click();
      await item.and(page.locator("[data-verified=true]")).waitFor();
      await saysDomain(`Verified ${source.host}.`);

      // The webhook's Remove asks; "Keep it" keeps it.
      const hookUrl = `${source.origin}/hook`;
      await page.fill("[data-testid=webhook-url]", hookUrl);
      await page.click("[data-testid=webhook-save]");
      await page.locator("[data-testid=webhook-saved]").waitFor();
      await page.click("[data-testid=webhook-remove]");
      const asked = page.locator("[data-testid=webhook-remove-confirm]");
      assert.match(await asked.textContent() ?? "", /Remove the webhook\?/);
      await page.click("[data-testid=webhook-remove-no]");
      await page.locator("[data-testid=webhook-remove]").waitFor();
      assert.equal(
        (await apiInPage(page, "GET", "/api/webhook")).body.url,
        hookUrl,
        "kept",
      );
      // Confirmed, it goes.
      await page.click("[data-testid=webhook-remove]");
      await page.click("[data-testid=webhook-remove-yes]");
      await page.locator("[data-testid=webhook-saved]").waitFor({
        state: "detached",
      });
      assert.equal(
        (await apiInPage(page, "GET", "/api/webhook")).body.url,
        null,
      );

      // The domain's Remove asks too, and nothing goes before "Yes".
      await item.locator("[data-testid=domain-remove]").click();
      await item.locator("[data-testid=domain-remove-confirm]").waitFor();
      const listed = await apiInPage(page, "GET", "/api/domains");
      assert.equal((listed.body.domains as unknown[]).length, 1);
      await markLiveRegions(page);
      await item.locator("[data-testid=domain-remove-yes]").click();
      await item.waitFor({ state: "detached" });
      await saysDomain(`Removed ${source.host}.`);

      watched.watch.assertClean({ allowConsole: [STATUS_4XX_LOGGED] });
    });
  } finally {
    await source.close();
  }
});

Deno.test("saving the privacy of posts from automations by keyboard comes back with focus on the Saved line, not the page's start", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    await signInWithPlan(run, "privacy_by_keys", {
      path: "/dashboard/settings",
      islands: SETTINGS_ISLANDS,
    });
    await page.goto(`${server.url}/dashboard/settings`);
    await waitForIslands(page, watched, SETTINGS_ISLANDS);
    await page.focus("#default-privacy-select");
    await page.selectOption("#default-privacy-select", "SELF_ONLY");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.waitForURL(/saved=default_privacy#default-privacy-saved$/);
    await page.waitForFunction(() =>
      document.activeElement?.getAttribute("data-testid") ===
        "default-privacy-saved"
    );
    // Said again by the boot script once loaded (data-reannounce).
    await page.waitForFunction(() =>
      document.getElementById("default-privacy-saved")?.textContent
        ?.replace(/\s+/g, " ").trim() ===
        "Saved: posts from automations that do not name a privacy go to Only me."
    );
    // The next Tab goes on from the card, not from the top of the page.
    await page.keyboard.press("Tab");
    assert.ok(
      await page.evaluate(() =>
        !!document.activeElement?.closest(
          "[data-testid=default-privacy-card]",
        ) ||
        document.querySelector("[data-testid=default-privacy-card]")!
            .compareDocumentPosition(document.activeElement!) &
          Node.DOCUMENT_POSITION_FOLLOWING
      ),
      "Tab goes on after the card",
    );
    watched.watch.assertClean();
  });
});

Deno.test("the webhook's save, test event and removal are announced in a region there before them, under SERVICE_NAME, and Show signing secret gives focus to the secret", async () => {
  const source = await startSourceServer();
  try {
    await withBrowserAsAcme(async (run) => {
      const { page, watched } = run;
      await signInWithPlan(run, "announced_webhook", {
        path: "/dashboard/settings",
        islands: SETTINGS_ISLANDS,
      });
      const said = page.locator("[data-testid=webhook-status]");
      /** The card's announcement once it reads `text`, and its region. */
      const says = async (text: string) => {
        await said.filter({ hasText: text }).waitFor();
        assert.equal((await said.textContent())?.trim(), text);
        assert.deepEqual(await liveRegionOf(said), {
          live: "polite",
          before: true,
        });
      };
      const hookUrl = `${source.origin}/hook`;
      await markLiveRegions(page);
      await page.fill("[data-testid=webhook-url]", hookUrl);
      await page.click("[data-testid=webhook-save]");
      await says(`Saved: Acme Poster sends events to ${hookUrl}.`);

      await markLiveRegions(page);
      await page.click("[data-testid=webhook-test]");
      await says("Sent a test event: its delivery is listed below.");

      // Later the secret hides behind a button, which goes once pressed:
      // focus goes to the secret, read out, not to <body>.
      await page.reload();
      await waitForAllIslands(page);
      await page.getByRole("button", { name: "Show signing secret" }).focus();
      await page.keyboard.press("Enter");
      await waitForFocusOn(
        page,
        "webhook-secret-line",
        "after Show signing secret",
      );
      assert.match(
        await page.locator("[data-testid=webhook-secret]").textContent() ?? "",
        /^whsec_/,
      );

      await markLiveRegions(page);
      await page.click("[data-testid=webhook-remove]");
      await page.click("[data-testid=webhook-remove-yes]");
      await says("Removed the webhook: Acme Poster sends it no more events.");
      watched.watch.assertClean({ allowConsole: [STATUS_4XX_LOGGED] });
    });
  } finally {
    await source.close();
  }
});

Deno.test("Copy URL in the uploads list and the album's Copy JSON say Copied in a live region there before the press", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    await signInWithPlan(run, "announced_copies", {
      cards: ["post-card"],
      islands: ["UploadCard", "PostCard"],
    });
    await watched.context.grantPermissions(
      ["clipboard-read", "clipboard-write"],
      { origin: server.url },
    );
    await uploadFixtureInPage(page, "portrait.mp4", { as: "listed.mp4" });
    await page.reload();
    await waitForAllIslands(page);

    /** Presses `button` by keyboard: "Copied", said from a live region. */
    const saysCopied = async (button: ReturnType<typeof page.locator>) => {
      await markLiveRegions(page);
      await button.focus();
      await page.keyboard.press("Enter");
      await button.filter({ hasText: /^Copied/ }).waitFor();
      assert.deepEqual(await liveRegionOf(button), {
        live: "polite",
        before: true,
      });
    };
    await saysCopied(
      page.locator("[data-testid=upload-list] li", { hasText: "listed.mp4" })
        .getByRole("button"),
    );

    await openPhotoMode(page);
    await page.setInputFiles(
      "[data-testid=photo-input]",
      fixturePath("photo2.jpg"),
    );
    await page.locator("[data-testid=photo-carousel] li").waitFor();
    await saysCopied(
      page.locator("[data-testid=photo-automation] .actions button").first(),
    );
    watched.watch.assertClean();
  });
});

Deno.test("an upload's result is announced, and the day's upload limit says when it resets in the browser's time", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    await signInWithPlan(run, "announced_uploads", {
      plan: "free",
      islands: ["UploadCard", "PostCard"],
    });
    const perDay = PLANS.free.uploadsPerDay;
    for (let i = 1; i < perDay; i++) {
      await uploadFixtureInPage(page, "portrait.mp4", { as: `v${i}.mp4` });
    }

    // The last upload of the day: its result is announced.
    await markLiveRegions(page);
    await uploadVideoFromCard(page);
    const result = page.locator("[data-testid=upload-result]");
    assert.deepEqual(await liveRegionOf(result), {
      live: "polite",
      before: true,
    });

    // One more: refused, with the reset (next 00:00 UTC) in Tokyo's time,
    // in the format of every limit's time (en-US's 12-hour clock).
    const now = new Date(server.clock.now());
    const reset = Date.UTC(
      now.getUTCFullYear(),
      now.getUTCMonth(),
      now.getUTCDate() + 1,
    );
    const resets =
      `Daily upload limit of your plan reached (${perDay} uploads per day). It resets at ${
        tokyoWhen(reset)
      }.`;
    assert.match(
      resets,
      /at (.+, )?9:00\sAM\sGMT\+9\.$/,
      "Tokyo's 00:00 UTC, 12-hour",
    );
    const { error, text } = await uploadCardError(page, "portrait.mp4");
    // Named: the file field has reset (docs/dashboard.md#compose).
    assert.equal(text, `portrait.mp4: ${resets}`);
    // An alert, its own live region, in no polite one: said once, at once
    // (docs/dashboard.md#accessibility-and-themes).
    assert.equal(await error.getAttribute("role"), "alert");
    assert.equal((await liveRegionOf(error)).live, null);

    // Photo Mode's album at the day's limit says it the same way.
    await page.click("[data-testid=post-mode-photo]");
    await page.setInputFiles("[data-testid=photo-input]", [
      fixturePath("photo2.jpg"),
    ]);
    const photoError = page.locator("[data-testid=photo-card] [role=alert]");
    await photoError.waitFor();
    assert.equal(
      (await photoError.textContent())?.trim(),
      resets.replace("per day)", "per day; an album counts as one)"),
    );

    watched.watch.assertClean({ allowConsole: [STATUS_4XX_LOGGED] });
  });
});

Deno.test("the composer's note of when the next post is possible names that time in the browser's time", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    await signInWithPlan(run, "limited_now", { islands: ["PostCard"] });
    await postHoursOnePost(page, "The hour's one post");

    await page.goto(`${server.url}/dashboard`);
    const nextFree = await page.locator("[data-testid=post-next-free] time")
      .getAttribute("datetime");
    assert.ok(nextFree, "the next free time is shown");
    const warning = page.locator("[data-testid=post-now-limited]");
    const shown = tokyoWhen(Date.parse(nextFree));
    assert.equal(
      (await warning.textContent())?.replace(/\s+/g, " ").trim(),
      `Next post possible at ${
        shown.replace(/\s/g, " ")
      }; you can schedule one for then.`,
    );
    assert.notEqual(
      shown,
      localWhen(nextFree, new Date(), { timeZone: "UTC", locale: "en-US" }),
      "Tokyo's time is not UTC's",
    );

    watched.watch.assertClean();
  });
});

Deno.test("a disconnected account's composer is told to reconnect in a warning, and offers no posting time", async () => {
  await withBrowserAndTikTokEvents(async (run) => {
    const { page, server, watched } = run;
    const openId = await signInWithPlan(run, "limited_gone", {
      islands: ["PostCard"],
    });
    // Posted: connected, the composer would offer the next free time.
    await postHoursOnePost(page, "The hour's one post");
    await revokeAtTikTok(server, openId);
    await eventsApplied(server);

    await page.goto(`${server.url}/dashboard`);
    await waitForIslands(page, watched, ["PostCard"]);
    const notice = page.locator("[data-testid=tiktok-disconnected]");
    assert.match(String(await notice.getAttribute("class")), /\bstop\b/);
    assert.doesNotMatch(String(await notice.getAttribute("class")), /notice/);
    await page.locator("[data-testid=post-cannot-post]").waitFor();
    assert.equal(await page.locator("[data-testid=post-next-free]").count(), 0);
    assert.equal(
      await page.locator("[data-testid=post-now-limited]").count(),
      0,
      "no advice to schedule for an account that can post nothing",
    );
    watched.watch.assertClean({ allowConsole: [STATUS_4XX_LOGGED] });
  });
});

Deno.test("at the day's ten posts, posting now and scheduling into the full day are refused with the next free time in the browser's time", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    await signInWithPlan(run, "daily_full", { islands: ["PostCard"] });
    // Ten posts an hour apart by the server's clock: the day is full until
    // 24 hours after the first.
    const first = server.clock.now();
    for (let i = 0; i < 10; i++) {
      server.clock.set(first + i * HOUR);
      await postHoursOnePost(page, `Post ${i + 1} of the day`);
    }
    const freeAt = first + DAY;
    // Named as the first whole minute it frees, as the time field holds it.
    const shown = tokyoWhen(Math.ceil(freeAt / 60_000) * 60_000);
    assert.notEqual(
      shown,
      localWhen(new Date(freeAt).toISOString(), new Date(), {
        timeZone: "UTC",
        locale: "en-US",
      }),
      "Tokyo's time is not UTC's",
    );
    const video = await uploadFixtureInPage(page, "portrait.mp4", {
      as: "eleventh.mp4",
    });
    await page.goto(`${server.url}/dashboard`);
    await waitForIslands(page, watched, ["PostCard"]);
    await waitForPrivacyOptions(page, watched);
    await chooseVideo(page, String(video.url));
    await page.fill("[data-testid=post-title]", "The eleventh post of the day");
    await page.selectOption("[data-testid=post-privacy]", "SELF_ONLY");

    // Now: the API's message, then when the day takes a post again.
    const postedNow = nextApiResponse(page, {
      method: "POST",
      path: "/api/tiktok/direct_post",
    });
    await page.click("[data-testid=post-submit]");
    const now = await (await postedNow).json();
    assert.equal(now.error, "daily_limit");
    assert.equal(now.retry_after, new Date(freeAt).toISOString());
    const error = page.locator(
      "[data-testid=post-error][data-code=daily_limit]",
    );
    await error.waitFor();
    assert.equal(
      (await error.textContent())?.trim(),
      `Daily TikTok posting limit (10/day) reached. Next free: ${shown}.`,
    );

    // Scheduled into the same full day: the same, from the job's
    // next_free_at.
    const runAt = Math.ceil((first + 10.5 * HOUR) / 60_000) * 60_000;
    await page.check("[data-testid=when-schedule]");
    await page.fill("[data-testid=post-run-at]", tokyoInput(runAt));
    const scheduled = nextApiResponse(page, {
      method: "POST",
      path: "/api/jobs",
    });
    await page.click("[data-testid=post-submit]");
    const job = await (await scheduled).json();
    assert.equal(job.error, "daily_limit");
    assert.equal(job.next_free_at, new Date(freeAt).toISOString());
    await page.locator("[data-testid=post-error]", { hasText: "would be" })
      .waitFor();
    assert.equal(
      (await error.textContent())?.trim(),
      `Daily TikTok posting limit (10/day) would be exceeded in the 24 hours around the time asked for. Next free: ${shown}.`,
    );

    watched.watch.assertClean({ allowConsole: [STATUS_4XX_LOGGED] });
  });
});

Deno.test("a photo picked again is shown as already in the album and kept once", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    await signInWithPlan(run, "photo_picked_twice", {
      islands: ["PostCard"],
      privacyOptions: true,
    });
    await openPhotoMode(page);
    await page.setInputFiles(
      "[data-testid=photo-input]",
      fixturePath("photo2.jpg"),
    );
    await page.locator("[data-testid=photo-slot-done]").waitFor();
    await page.setInputFiles(
      "[data-testid=photo-input]",
      fixturePath("photo2.jpg"),
    );
    const again = page.locator(
      "[data-testid=photo-slots] li[data-state=error] .error-message",
    );
    await again.waitFor();
    assert.equal((await again.textContent())?.trim(), "already in this album");
    assert.equal(
      await page.locator("[data-testid=photo-slot-done]").count(),
      1,
    );
    const albumId = await page.evaluate(() =>
      Object.entries(localStorage).find(([k]) => k.startsWith("pm3k:album:"))
        ?.[1]
    );
    const album = await page.evaluate(async (id) => {
      const res = await fetch(`/api/albums/${JSON.parse(String(id)).album_id}`);
      return await res.json();
    }, albumId);
    assert.equal(album.image_count, 1);

    watched.watch.assertClean();
  });
});

Deno.test("a post's state change is announced on the posts page and under the composer, in a region there before it", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    const openId = await signInWithPlan(run, "announced_states");
    /** Follows the publishes until TikTok settled every post. */
    const settle = async () => {
      for (let i = 0; i < 10; i++) {
        const posts = (await apiInPage(page, "GET", "/api/tiktok/posts")).body
          .posts as { state: string }[];
        if (posts.every((p) => p.state !== "pending")) return;
        await followAMinuteLater(server);
      }
      assert.fail("TikTok did not settle the posts");
    };
    /** Opens `path`, makes `title` settle, returns its announcement. */
    const announced = async (path: string, list: string, title: string) => {
      await page.goto(`${server.url}${path}`);
      await waitForAllIslands(page);
      const row = page.locator(
        `[data-testid=${list}] [data-state=pending]`,
        { hasText: title },
      );
      await row.waitFor();
      const region = page.locator(
        `[data-testid=${list}] [data-testid=post-state-announcer]`,
      );
      assert.equal(await region.textContent(), "", "silent until a change");
      await markLiveRegions(page);
      await settle();
      await region.filter({ hasText: title }).waitFor();
      assert.deepEqual(await liveRegionOf(region), {
        live: "polite",
        before: true,
      });
      return (await region.textContent())?.trim();
    };

    await postHoursOnePost(page, "Harbour at dawn");
    assert.equal(
      await announced("/dashboard/posts", "posts-table", "Harbour at dawn"),
      "“Harbour at dawn” is now Published.",
    );

    // An hour on, a post TikTok fails: said under the composer, in words.
    server.clock.advance(3600_000);
    await sandboxAdmin(server, openId, {
      faults: [{ fault: "publish_failed", fail_reason: "spam_risk_text" }],
    });
    await postHoursOnePost(page, "Flagged caption");
    assert.equal(
      await announced("/dashboard", "posts-list", "Flagged caption"),
      `“Flagged caption” is now Failed: ${FAIL_REASON_SENTENCES.spam_risk_text}`,
    );
    watched.watch.assertClean();
  });
});
