/**
 * A creator who uses only the keyboard (docs/dashboard.md#keyboard): after
 * an action that disables or removes the control it was pressed on, focus
 * is never left on `<body>` (where the next Tab starts again at the top of
 * the page). It goes back to that control when it is still usable, else to
 * where the result shows: the composer's result after Post now and
 * Schedule, the card's status after a cancel, a delete or a removal, the
 * new key's field after Issue and Regenerate. Escape answers an inline
 * question with its safe answer and closes the calendar's edit form,
 * focus back on the button that opened it.
 * @module
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  addAccountInBrowser,
  browserRunner,
  choosePlan,
  fixturePath,
  localInputIn,
  showCalendarEntry,
  signInWithPlan,
  uploadVideoFromCard,
} from "../_helpers/browser_flows.ts";
import { apiInPage, uploadFixtureInPage } from "../_helpers/dashboard_seed.ts";
import {
  focusedTestId,
  waitForAllIslands,
  waitForFocusOn,
} from "../_helpers/page_quality.ts";
import { startSourceServer } from "../_helpers/source_server.ts";

const withBrowser = browserRunner({
  timezoneId: "Europe/Berlin",
  locale: "en-GB",
});

/** Chromium logs every 4xx answer a page's fetch gets. */
const STATUS_4XX_LOGGED = /status of 4\d\d/;

/** Focuses the control with test id `testId` and presses `key` on it. */
async function press(page: Page, testId: string, key = "Enter") {
  await page.locator(`[data-testid=${testId}]`).first().focus();
  await page.keyboard.press(key);
}

/** Answers an inline question "Yes": Shift+Tab from "Keep it", then Enter. */
async function confirmByKeyboard(page: Page, testId: string) {
  await press(page, testId);
  await waitForFocusOn(page, `${testId}-no`, "the question");
  await page.keyboard.press("Shift+Tab");
  assert.equal(await focusedTestId(page), `${testId}-yes`);
  await page.keyboard.press("Enter");
}

Deno.test("on the compose page focus never falls to <body>: an upload gives it back to the file field, Post now and Schedule move it to the result, a cancelled scheduled post to what was done, a new album to the photo field", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    await signInWithPlan(run, "keys_compose", {
      cards: ["post-card"],
      islands: ["UploadCard", "PostCard", "JobsList", "PostsList"],
      privacyOptions: true,
    });

    // Space on the file field opens the chooser; the field is disabled
    // while the video is sent, and gets focus back once it is.
    const chooser = page.waitForEvent("filechooser");
    await press(page, "video-input", "Space");
    await (await chooser).setFiles(fixturePath("portrait.mp4"));
    await page.locator("[data-testid=upload-result]").waitFor();
    await waitForFocusOn(page, "video-input", "after the upload");

    // Post now: the button is disabled while sending, then for good (the
    // form is emptied); focus goes to the result it announces.
    await page.fill("[data-testid=post-title]", "Posted by keyboard");
    await page.selectOption("[data-testid=post-privacy]", "SELF_ONLY");
    await press(page, "post-submit");
    await page.locator("[data-testid=post-ok]").waitFor();
    await waitForFocusOn(page, "post-result", "after Post now");

    // Schedule a second video three hours ahead: the same.
    await uploadVideoFromCard(page, "portrait.mp4");
    await page.fill("[data-testid=post-title]", "Scheduled by keyboard");
    await page.selectOption("[data-testid=post-privacy]", "SELF_ONLY");
    await page.check("[data-testid=when-schedule]");
    await page.fill("[data-testid=post-run-at]", await localInputIn(page, 3));
    await press(page, "post-submit");
    await page.locator("[data-testid=post-scheduled]").waitFor();
    await waitForFocusOn(page, "post-result", "after Schedule");

    // Cancelled in Scheduled posts, the row loses its Cancel: focus goes
    // to the announcement of what was done.
    await page.locator("[data-testid=job-cancel]").waitFor();
    await confirmByKeyboard(page, "job-cancel");
    await page.locator("[data-testid=jobs-status]", { hasText: "Cancelled" })
      .waitFor();
    await waitForFocusOn(page, "jobs-status", "after the cancel");

    // "Start a new album" removes itself: focus goes to the photo field.
    await page.click("[data-testid=post-mode-photo]");
    await page.setInputFiles(
      "[data-testid=photo-input]",
      fixturePath("photo2.jpg"),
    );
    await page.locator("[data-testid=photo-carousel] li").waitFor();
    await press(page, "photo-new-album");
    await page.locator("[data-testid=photo-slots]").waitFor({
      state: "detached",
    });
    await waitForFocusOn(page, "photo-input", "after Start a new album");
    watched.watch.assertClean();
  });
});

Deno.test("Schedule for the next free time removes itself once pressed: focus goes to the time it filled in, not to <body>", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    await signInWithPlan(run, "keys_next_free", {
      cards: ["post-card"],
      islands: ["UploadCard", "PostCard", "JobsList", "PostsList"],
      privacyOptions: true,
    });
    // A post now takes the hour after it: the composer offers its end.
    await uploadVideoFromCard(page, "portrait.mp4");
    await page.fill("[data-testid=post-title]", "Holding the hour");
    await page.selectOption("[data-testid=post-privacy]", "SELF_ONLY");
    await press(page, "post-submit");
    await page.locator("[data-testid=post-ok]").waitFor();
    const offer = page.locator("[data-testid=post-schedule-next-free]");
    await offer.waitFor();

    // Pressed, Schedule is chosen at that time and the offer goes, focus
    // with it: the time field, filled in, is where the creator goes on.
    await press(page, "post-schedule-next-free");
    await offer.waitFor({ state: "detached" });
    await waitForFocusOn(page, "post-run-at", "after Schedule for");
    assert.notEqual(await page.inputValue("[data-testid=post-run-at]"), "");
    watched.watch.assertClean();
  });
});

Deno.test("on the media and settings pages focus never falls to <body>: a deleted video, a removed domain go to what was done, a new or regenerated key to its field, a failed Verify back to Verify, a removed webhook to its field", async () => {
  const source = await startSourceServer();
  try {
    await withBrowser(async (run) => {
      const { page, server, watched } = run;
      await signInWithPlan(run, "keys_settings");
      await uploadFixtureInPage(page, "portrait.mp4", { as: "spare.mp4" });

      await page.goto(`${server.url}/dashboard/media`);
      await waitForAllIslands(page);
      await confirmByKeyboard(page, "media-delete");
      await page.locator("[data-testid=media-status]", { hasText: "Deleted" })
        .waitFor();
      await waitForFocusOn(page, "media-status", "after a delete");

      await page.goto(`${server.url}/dashboard/settings`);
      await waitForAllIslands(page);
      // Issue: the button is disabled while the key is made; the key's
      // field, selected for copying, takes focus.
      await press(page, "issue-key");
      const key = page.locator("[data-testid=api-key-value]");
      await key.waitFor();
      await waitForFocusOn(page, "api-key-value", "after Issue key");
      const first = await key.inputValue();
      // Regenerate asks first, its safe answer focused.
      await press(page, "issue-key");
      await waitForFocusOn(page, "cancel-regenerate", "the question");
      await page.keyboard.press("Shift+Tab");
      assert.equal(await focusedTestId(page), "confirm-regenerate");
      await page.keyboard.press("Enter");
      await page.waitForFunction(
        (old) =>
          (document.querySelector(
            "[data-testid=api-key-value]",
          ) as HTMLInputElement).value !== old,
        first,
      );
      await waitForFocusOn(page, "api-key-value", "after Regenerate");

      // A failed Verify leaves its domain and its button: focus goes back.
      await page.fill("[data-testid=domain-input]", source.host);
      await page.keyboard.press("Enter");
      await page.locator("[data-testid=domain-verify]").waitFor();
      await press(page, "domain-verify");
      await page.locator("[data-testid=domain-error]").waitFor();
      await waitForFocusOn(page, "domain-verify", "after a failed Verify");
      await confirmByKeyboard(page, "domain-remove");
      await page.locator("[data-testid=domains-status]", { hasText: "Removed" })
        .waitFor();
      await waitForFocusOn(page, "domains-status", "after removing a domain");

      // The webhook's Remove goes with the webhook: focus goes to its field.
      await page.fill("[data-testid=webhook-url]", `${source.origin}/hook`);
      await page.keyboard.press("Enter");
      await page.locator("[data-testid=webhook-remove]").waitFor();
      await confirmByKeyboard(page, "webhook-remove");
      await page.locator("[data-testid=webhook-saved]").waitFor({
        state: "detached",
      });
      await waitForFocusOn(page, "webhook-url", "after removing the webhook");
      watched.watch.assertClean({ allowConsole: [STATUS_4XX_LOGGED] });
    });
  } finally {
    await source.close();
  }
});

Deno.test("Escape answers an inline question with its safe answer and closes the calendar's edit form, each giving focus back to the button that opened it", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    await signInWithPlan(run, "keys_escape");
    const video = await uploadFixtureInPage(page, "portrait.mp4");
    // The scheduled video's Delete is disabled: another one's is asked.
    await uploadFixtureInPage(page, "portrait.mp4", { as: "free.mp4" });
    const job = await apiInPage(page, "POST", "/api/jobs", {
      kind: "tiktok",
      run_at: new Date(server.clock.now() + 3 * 3600_000).toISOString(),
      source_url: video.url,
      title: "kept by Escape",
      privacy: "SELF_ONLY",
    });
    assert.equal(job.status, 200, JSON.stringify(job.body));

    /**
     * Opens `open`'s question (or form); once focus is in it, on `inside`,
     * Escape closes it and focus is back on `open`.
     */
    const escapeCloses = async (open: string, inside: string) => {
      await press(page, open);
      await waitForFocusOn(page, inside, `${open} opened`);
      await page.keyboard.press("Escape");
      await page.locator(`[data-testid=${inside}]`).waitFor({
        state: "detached",
      });
      await waitForFocusOn(page, open, `after Escape from ${inside}`);
    };

    await page.goto(`${server.url}/dashboard/media`);
    await waitForAllIslands(page);
    await escapeCloses("media-delete", "media-delete-no");

    await page.goto(`${server.url}/dashboard/calendar`);
    await waitForAllIslands(page);
    await showCalendarEntry(
      page,
      page.locator(`[data-entry="${job.body.job_id}"]`),
    );
    await escapeCloses("entry-cancel", "entry-cancel-no");
    // The edit form opens under its button; Escape from its caption.
    await press(page, "entry-edit");
    const caption = page.locator("[data-testid=entry-title]");
    await caption.focus();
    await page.keyboard.press("Escape");
    await caption.waitFor({ state: "detached" });
    await waitForFocusOn(page, "entry-edit", "after Escape in the edit form");

    await page.goto(`${server.url}/dashboard/settings`);
    await waitForAllIslands(page);
    await press(page, "issue-key");
    await page.locator("[data-testid=api-key-value]").waitFor();
    await escapeCloses("issue-key", "cancel-regenerate");

    const kept = await apiInPage(page, "GET", `/api/jobs/${job.body.job_id}`);
    assert.equal(kept.body.state, "scheduled", "Escape cancelled nothing");
    watched.watch.assertClean();
  });
});

Deno.test("Escape right after Edit opened the calendar's edit form, focus still on Edit, closes it unsaved, by key and by click", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    await signInWithPlan(run, "keys_escape_edit");
    const video = await uploadFixtureInPage(page, "portrait.mp4");
    const job = await apiInPage(page, "POST", "/api/jobs", {
      kind: "tiktok",
      run_at: new Date(server.clock.now() + 3 * 3600_000).toISOString(),
      source_url: video.url,
      title: "closed from Edit",
      privacy: "SELF_ONLY",
    });
    assert.equal(job.status, 200, JSON.stringify(job.body));
    await page.goto(`${server.url}/dashboard/calendar`);
    await waitForAllIslands(page);
    await showCalendarEntry(
      page,
      page.locator(`[data-entry="${job.body.job_id}"]`),
    );
    const edit = page.locator("[data-testid=entry-edit]");
    const form = page.locator("[data-testid=entry-form]");
    for (const open of ["key", "click"]) {
      if (open === "key") await press(page, "entry-edit");
      else await edit.click();
      await form.waitFor();
      await waitForFocusOn(page, "entry-edit", `Edit opened by ${open}`);
      assert.equal(await edit.getAttribute("aria-expanded"), "true");
      await page.keyboard.press("Escape");
      await form.waitFor({ state: "detached" });
      assert.equal(await edit.getAttribute("aria-expanded"), "false");
      await waitForFocusOn(page, "entry-edit", `after Escape (${open})`);
    }
    // Escape on Edit with no form open does nothing.
    await page.keyboard.press("Escape");
    assert.equal(await form.count(), 0);
    const kept = await apiInPage(page, "GET", `/api/jobs/${job.body.job_id}`);
    assert.equal(kept.body.state, "scheduled", "Escape cancelled nothing");
    assert.equal(kept.body.title, "closed from Edit");
    watched.watch.assertClean();
  });
});

Deno.test("a click that focuses nothing (as in Safari) leaves focus where it was, not pulled back to a field used before in another card", async () => {
  const source = await startSourceServer();
  try {
    await withBrowser(async (run) => {
      const { page, server, watched } = run;
      await signInWithPlan(run, "keys_pointer");
      await page.goto(`${server.url}/dashboard/settings`);
      await waitForAllIslands(page);
      await page.fill("[data-testid=domain-input]", source.host);
      await page.keyboard.press("Enter");
      await page.locator("[data-testid=domain-verify]").waitFor();
      // The webhook's field had focus last...
      await page.locator("[data-testid=webhook-url]").focus();
      // ...then Verify is clicked the way Safari clicks: a pointer press,
      // focus leaving the field for <body>, and no focus on the button.
      await page.evaluate(() => {
        const verify = document.querySelector<HTMLButtonElement>(
          "[data-testid=domain-verify]",
        )!;
        verify.dispatchEvent(
          new PointerEvent("pointerdown", { bubbles: true }),
        );
        (document.activeElement as HTMLElement | null)?.blur();
        verify.click();
      });
      await page.locator("[data-testid=domain-error]").waitFor();
      // Give the rescue's render its turn before looking.
      await page.evaluate(() => new Promise((r) => setTimeout(r, 200)));
      assert.equal(
        await page.evaluate(() => document.activeElement === document.body),
        true,
        "focus stays on <body>, not the webhook field",
      );
      watched.watch.assertClean({ allowConsole: [STATUS_4XX_LOGGED] });
    });
  } finally {
    await source.close();
  }
});

Deno.test("the header's Sign out menu closes on Escape, focus back on Sign out, and when Tab leaves it, so it covers no control focus reaches", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    await signInWithPlan(run, "keys_sign_out_menu");
    // A menu only with a choice to make: two accounts.
    await addAccountInBrowser(run, "keys_sign_out_other");
    await choosePlan(page, "free");
    await page.setViewportSize({ width: 1440, height: 800 });
    // The calendar's Today and Next sit under the open menu at this width.
    await page.goto(`${server.url}/dashboard/calendar`);
    await waitForAllIslands(page);
    const menu = page.locator("[data-testid=sign-out]");
    const isOpen = () => menu.evaluate((d) => (d as HTMLDetailsElement).open);
    const summary = menu.locator("summary");

    await summary.focus();
    await page.keyboard.press("Enter");
    assert.equal(await isOpen(), true, "Enter opens the menu");
    await page.keyboard.press("Tab");
    assert.equal(await focusedTestId(page), "sign-out-account");
    await page.keyboard.press("Escape");
    assert.equal(await isOpen(), false, "Escape closes the menu");
    assert.equal(
      await page.evaluate(() => document.activeElement?.tagName),
      "SUMMARY",
      "focus back on Sign out",
    );

    await page.keyboard.press("Enter");
    assert.equal(await isOpen(), true, "Enter opens it again");
    await page.keyboard.press("Escape");
    assert.equal(await isOpen(), false, "Escape on Sign out itself closes it");

    await page.keyboard.press("Enter");
    for (let i = 0; i < 3; i++) await page.keyboard.press("Tab");
    assert.equal(
      await menu.evaluate((d) => d.contains(document.activeElement)),
      false,
      "Tab went past the menu",
    );
    assert.equal(await isOpen(), false, "the menu closed as focus left it");
    watched.watch.assertClean();
  });
});
