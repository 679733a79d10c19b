/**
 * The dashboard's frame in a real headless Chromium
 * (docs/dashboard.md#layout): the header's navigation and account menu, the
 * skip link and visible focus, the favicon, light and dark themes, text
 * contrast, labels on every control, no horizontal overflow at 375 px, and
 * several TikTok accounts in one browser (add, switch, each with its own
 * plan, API key and posting limits, sign out of one or all).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  addAccountInBrowser,
  browserRunner,
  fixturePath,
  openPhotoMode,
  sandboxOpenId,
  shownOncePlaced,
  signInInBrowser,
  signInWithPlan,
  uploadVideoFromCard,
  waitForIslands,
  withBrowser,
} from "../_helpers/browser_flows.ts";
import type { BrowserRun } from "../_helpers/browser_flows.ts";
import {
  apiInPage,
  postHoursOnePost,
  uploadFixtureInPage,
} from "../_helpers/dashboard_seed.ts";
import {
  horizontalOverflow,
  waitForAllIslands,
} from "../_helpers/page_quality.ts";
import type { TestServer } from "../_helpers/test_server.ts";
import { fetchAnsweredLine } from "../_helpers/browser.ts";

const $ = (id: string) => `[data-testid=${id}]`;
const NAV = [
  ["Compose", "/dashboard"],
  ["Calendar", "/dashboard/calendar"],
  ["Posts", "/dashboard/posts"],
  ["Media", "/dashboard/media"],
  ["Settings", "/dashboard/settings"],
  ["API docs", "/docs"],
];

function signIn(run: BrowserRun, username: string, path?: string) {
  return signInWithPlan(run, username, {
    path,
    cards: path ? [] : ["post-card"],
    islands: path ? ["ApiKeyCard"] : ["UploadCard", "PostCard"],
  });
}

/** WCAG contrast of two `rgb(r, g, b)` colours. */
function contrast(a: string, b: string): number {
  const lum = (rgb: string) => {
    const [r, g, bl] = (rgb.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((
      v,
    ) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/** Controls with no accessible name from a label or aria attributes. */
function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("input, select, textarea")]
      .filter((el) => (el as HTMLInputElement).type !== "hidden")
      .filter((el) =>
        !((el as HTMLInputElement).labels?.length) &&
        !el.getAttribute("aria-label") &&
        !el.getAttribute("aria-labelledby")
      )
      .map((el) => el.outerHTML.slice(0, 120))
  );
}

Deno.test("the header links every dashboard page, marks the current one, and the skip link moves focus to the content, visibly", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    await signIn(run, "layout_nav");
    const links = await page.locator("header nav.pages a").evaluateAll((as) =>
      as.map((a) => [a.textContent, a.getAttribute("href")])
    );
    assert.deepEqual(links, NAV);
    assert.equal(
      await page.locator("header nav a[aria-current=page]").textContent(),
      "Compose",
    );
    await page.goto(`${server.url}/dashboard/settings`);
    assert.equal(
      await page.locator("header nav a[aria-current=page]").textContent(),
      "Settings",
    );

    // The first Tab reaches the skip link; following it focuses the content.
    await page.keyboard.press("Tab");
    const skip = await page.evaluate(() => ({
      text: document.activeElement?.textContent,
      outline: getComputedStyle(document.activeElement!).outlineStyle,
      top: document.activeElement!.getBoundingClientRect().top,
    }));
    assert.equal(skip.text, "Skip to content");
    assert.notEqual(skip.outline, "none", "focus is visible");
    assert.ok(skip.top >= 0, "the focused skip link is on screen");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "main");

    const icon = await page.locator("link[rel=icon]").getAttribute("href");
    assert.equal(icon, "/static/favicon.svg");
    const res = await fetch(`${server.url}${icon}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^image\/svg\+xml/);
    assert.match(await res.text(), /^<svg /);
    watched.watch.assertClean();
  });
});

Deno.test("each dashboard page's title names the page and the account shown, so no two pages share one", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    await signIn(run, "layout_titles");
    const account = (await page.locator($("active-account")).textContent())
      ?.trim();
    assert.equal(account, "Layout Titles");
    const pages = NAV.filter(([, path]) => path.startsWith("/dashboard"));
    const titles = [];
    for (const [, path] of pages) {
      await page.goto(`${server.url}${path}`);
      titles.push(await page.title());
    }
    assert.deepEqual(
      titles,
      pages.map(([label]) => `${label} – ${account} – PM3K`),
    );
    watched.watch.assertClean();
  });
});

Deno.test("an account with no plan yet, sent to the plan choice from any dashboard page, hears that page named in the title, not Compose, sees no nav item marked current, and is told the pages open once a plan is chosen", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    await signInInBrowser(page, server, "titles_no_plan");
    const current = page.locator("header nav a[aria-current=page]");
    const note = page.locator($("plan-first"));
    for (const [, path] of NAV.filter(([, p]) => p.startsWith("/dash"))) {
      await page.goto(`${server.url}${path}`);
      await page.locator($("plan-choice")).waitFor();
      assert.equal(
        await page.title(),
        "Choose a plan – Titles No Plan – PM3K",
        path,
      );
      assert.equal(await current.count(), 0, `${path}: no page is current`);
      assert.ok(await note.isVisible(), path);
      assert.equal(
        (await note.innerText()).trim(),
        "Compose, Calendar, Posts, Media and Settings open once you choose a plan.",
      );
    }
    await page.click("button[name=plan][value=free]");
    await page.waitForURL(/\/dashboard$/);
    assert.equal(await current.textContent(), "Compose");
    assert.equal(await note.count(), 0, "no note once a plan is chosen");
    watched.watch.assertClean();
  });
});

Deno.test("the plan choice says what to press: each plan's button is named Choose and the plan, its limits listed beside it, and a keyboard chooses it", async () => {
  await browserRunner({ viewport: { width: 375, height: 740 } })(
    async (run) => {
      const { page, server, watched } = run;
      await signInInBrowser(page, server, "plan_words");
      const choice = page.locator($("plan-choice"));
      await choice.waitFor();
      const buttons = choice.getByRole("button");
      assert.deepEqual(
        (await buttons.allInnerTexts()).map((t) => t.trim()),
        ["Choose Free", "Choose Monthly", "Choose Annual"],
        "each button says what it does, in words a finger or a screen reader takes",
      );
      // A list is no button's content (HTML allows only phrasing content
      // there): each plan's limits are beside its button, named by the plan.
      assert.equal(await choice.locator("button ul, button li").count(), 0);
      const monthly = choice.getByRole("group", { name: "Monthly" });
      assert.match(
        (await monthly.innerText()).replace(/\s+/g, " "),
        /API key valid 180 days .*files kept 7 days/,
      );
      await monthly.getByRole("button").focus();
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/dashboard$/);
      assert.equal(
        (await page.locator($("plan-name")).textContent())?.trim(),
        "Monthly",
      );
      watched.watch.assertClean();
    },
  );
});

Deno.test("every control of the compose and settings pages has a label, results are announced, and buttons reach 4.5:1 contrast", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    await signIn(run, "layout_labels");
    await uploadVideoFromCard(page);
    assert.deepEqual(await unlabelledControls(page), [], "compose: video");
    await openPhotoMode(page);
    assert.deepEqual(await unlabelledControls(page), [], "compose: photos");
    assert.equal(
      await page.locator(`${$("post-result")}[aria-live=polite]`).count(),
      1,
    );
    const button = await page.locator($("post-mode-photo")).evaluate((b) => {
      const s = getComputedStyle(b);
      return { color: s.color, background: s.backgroundColor };
    });
    assert.ok(
      contrast(button.color, button.background) >= 4.5,
      `button text contrast: ${JSON.stringify(button)}`,
    );
    await page.goto(`${server.url}/dashboard/settings`);
    assert.deepEqual(await unlabelledControls(page), [], "settings");
    watched.watch.assertClean();
  });
});

Deno.test("a button repeated for each listed item says which item it acts on: Copy URL, Cancel, Delete, Use in a post, Verify and Remove", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    await signIn(run, "layout_names");
    const videos = [];
    for (const name of ["one.mp4", "two.mp4"]) {
      videos.push(
        await uploadFixtureInPage(page, "portrait.mp4", { as: name }),
      );
    }
    const album = await apiInPage(page, "POST", "/api/albums");
    for (const photo of ["photo2.jpg", "photo3.webp"]) {
      await uploadFixtureInPage(page, photo, {
        albumId: String(album.body.album_id),
      });
    }
    for (const [i, video] of videos.entries()) {
      const job = await apiInPage(page, "POST", "/api/jobs", {
        kind: "tiktok",
        run_at: new Date(server.clock.now() + (3 + 2 * i) * 3600_000)
          .toISOString(),
        source_url: video.url,
        title: `caption ${i + 1}`,
        privacy: "SELF_ONLY",
      });
      assert.equal(job.status, 200, JSON.stringify(job.body));
    }
    for (const domain of ["a.example.com", "b.example.com"]) {
      const added = await apiInPage(page, "POST", "/api/domains", { domain });
      assert.equal(added.status, 200, JSON.stringify(added.body));
    }
    /** Waits for the one button named exactly `name`. */
    const button = (name: string) =>
      page.getByRole("button", { name, exact: true }).waitFor();

    await page.reload();
    await waitForAllIslands(page);
    for (const name of ["one.mp4", "two.mp4"]) {
      await button(`Copy URL of ${name}`);
    }
    for (const caption of ["caption 1", "caption 2"]) {
      const when = await page.locator("[data-testid=jobs-list] tr", {
        hasText: caption,
      }).locator("time").textContent();
      await button(`Cancel “${caption}”, ${when}`);
    }

    await page.goto(`${server.url}/dashboard/media`);
    await waitForAllIslands(page);
    for (const name of ["one.mp4", "two.mp4"]) await button(`Delete ${name}`);
    const kept = await page.locator("[data-album-id] > p time").textContent();
    await button(`Delete album of 2 photos, kept until ${kept}`);
    await button(`Use in a post (the album of 2 photos, kept until ${kept})`);

    await page.goto(`${server.url}/dashboard/settings`);
    await waitForAllIslands(page);
    for (const domain of ["a.example.com", "b.example.com"]) {
      await button(`Verify ${domain}`);
      await button(`Remove ${domain}`);
    }
    watched.watch.assertClean();
  });
});

Deno.test("the dark theme follows prefers-color-scheme with readable text", async () => {
  for (
    const [scheme, background] of [
      ["light", "rgb(247, 247, 250)"],
      ["dark", "rgb(18, 18, 24)"],
    ] as const
  ) {
    await browserRunner({ colorScheme: scheme })(async (run) => {
      const { page, watched } = run;
      await signIn(run, `layout_${scheme}`);
      const colours = await page.evaluate(() => {
        const root = getComputedStyle(document.documentElement);
        const card = getComputedStyle(
          document.querySelector("[data-testid=post-card]")!,
        );
        const muted = getComputedStyle(document.querySelector(".muted")!);
        return {
          background: root.backgroundColor,
          text: root.color,
          card: card.backgroundColor,
          muted: muted.color,
        };
      });
      assert.equal(colours.background, background, scheme);
      assert.ok(contrast(colours.text, colours.card) >= 4.5, scheme);
      assert.ok(contrast(colours.muted, colours.card) >= 4.5, scheme);
      watched.watch.assertClean();
    });
  }
});

Deno.test("text fields, selects and the caption box show their edge at 3:1 against the card around them, in light and dark (WCAG 1.4.11)", async () => {
  for (const scheme of ["light", "dark"] as const) {
    await browserRunner({ colorScheme: scheme })(async (run) => {
      const { page, server, watched } = run;
      await signIn(run, `field_edges_${scheme}`);
      const weak: string[] = [];
      for (const path of ["/dashboard", "/dashboard/settings"]) {
        await page.goto(`${server.url}${path}`);
        await waitForAllIslands(page);
        const fields = await page.evaluate(() => {
          /** The first ancestor's colour that is not transparent. */
          const behind = (el: Element | null): string => {
            for (; el; el = el.parentElement) {
              const bg = getComputedStyle(el).backgroundColor;
              if (!/rgba\(.*, 0\)$|transparent/.test(bg)) return bg;
            }
            return "rgb(255, 255, 255)";
          };
          return [
            ...document.querySelectorAll(
              "main input:not([type=checkbox], [type=radio], [type=hidden], [type=file]), main select, main textarea",
            ),
          ].filter((el) => (el as HTMLElement).offsetParent !== null).map(
            (el) => ({
              what: `${el.tagName.toLowerCase()}#${
                el.id || el.getAttribute("name")
              }`,
              edge: getComputedStyle(el).borderTopColor,
              around: behind(el.parentElement),
            }),
          );
        });
        assert.ok(fields.length >= 2, `${path}: fields found`);
        for (const f of fields) {
          const ratio = contrast(f.edge, f.around);
          if (ratio < 3) {
            weak.push(`${scheme} ${path} ${f.what}: ${ratio.toFixed(2)}:1`);
          }
        }
      }
      assert.deepEqual(weak, []);
      watched.watch.assertClean();
    });
  }
});

Deno.test("at 1280 px Compose, Posts, Media and Settings share one centred column, so the content does not jump sideways between tabs; only the calendar is wider", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    await signIn(run, "one_column");
    await page.setViewportSize({ width: 1280, height: 800 });
    const columns: Record<string, string> = {};
    for (const [label, path] of NAV.filter(([, p]) => p.startsWith("/dash"))) {
      await page.goto(`${server.url}${path}`);
      const box = (await page.locator("main").boundingBox())!;
      columns[label] = `${Math.round(box.x)}+${Math.round(box.width)}`;
    }
    const { Calendar, ...rest } = columns;
    assert.equal(
      new Set(Object.values(rest)).size,
      1,
      `one column: ${JSON.stringify(columns)}`,
    );
    assert.ok(
      parseInt(Calendar.split("+")[1]) > parseInt(rest.Compose.split("+")[1]),
      `the calendar is wider: ${JSON.stringify(columns)}`,
    );
    watched.watch.assertClean();
  });
});

Deno.test("at 375 px the start, compose and settings pages do not overflow sideways", async () => {
  await browserRunner({ viewport: { width: 375, height: 740 } })(
    async (run) => {
      const { page, server, watched } = run;
      await page.goto(`${server.url}/`);
      assert.equal(await horizontalOverflow(page), 0, "start page");
      await signIn(run, "narrow_user");
      const url = await uploadVideoFromCard(page);
      await page.locator(`${$("post-source")} option[value="${url}"]`)
        .waitFor({ state: "attached" });
      assert.equal(await horizontalOverflow(page), 0, "compose with a video");
      await openPhotoMode(page);
      await page.setInputFiles($("photo-input"), [fixturePath("photo2.jpg")]);
      await page.locator(`${$("photo-carousel")} img`).waitFor();
      assert.equal(await horizontalOverflow(page), 0, "compose with photos");
      await page.goto(`${server.url}/dashboard/settings`);
      assert.equal(await horizontalOverflow(page), 0, "settings");
      watched.watch.assertClean();
    },
  );
});

Deno.test("on a 390 px phone the header is at most 130 px tall on every page, each nav link visible and reached by Tab, and Add another account is not a loud link", async () => {
  await browserRunner({ viewport: { width: 390, height: 844 } })(
    async (run) => {
      const { page, server, watched } = run;
      await signIn(run, "phone_header");
      for (const [, path] of NAV.filter(([, p]) => p.startsWith("/dash"))) {
        await page.goto(`${server.url}${path}`);
        const header = (await page.locator("header.top").boundingBox())!;
        // Two rows of pages, each link 24 px tall (WCAG 2.5.8), under the
        // name and "Add another" 8 px below Sign out: 129 px.
        assert.ok(header.height <= 130, `${path}: ${header.height} px tall`);
        assert.equal(await horizontalOverflow(page), 0, path);
      }

      // From the skip link, Tab walks the brand, then every nav link, each
      // on screen and not clipped by the nav's line when focused.
      await page.keyboard.press("Tab");
      await page.keyboard.press("Tab");
      const reached: string[] = [];
      for (let i = 0; i < NAV.length; i++) {
        await page.keyboard.press("Tab");
        const at = await page.evaluate(() => {
          const el = document.activeElement!;
          const box = el.getBoundingClientRect();
          const nav = el.closest("nav")?.getBoundingClientRect();
          return {
            text: el.textContent,
            inside: !!nav && box.left >= nav.left - 1 &&
              box.right <= nav.right + 1 && box.left >= 0 &&
              box.right <= innerWidth && box.height > 0,
          };
        });
        assert.ok(at.inside, `${at.text} is in view when focused`);
        reached.push(at.text ?? "");
      }
      assert.deepEqual(reached, NAV.map(([label]) => label));

      // Adding an account is a quiet link, not in the link colour of the
      // page's own links: the pages come first.
      const add = await page.locator($("add-account")).evaluate((el) => {
        const probe = document.createElement("a");
        probe.href = "/";
        document.querySelector("main")!.append(probe);
        const link = getComputedStyle(probe).color;
        probe.remove();
        return { color: getComputedStyle(el).color, link };
      });
      assert.notEqual(add.color, add.link, "Add another is not link-red");
      watched.watch.assertClean();
    },
  );
});

/**
 * The header's targets as a finger meets them at this width: each link,
 * button, select and summary's box, the nav's own overflow, and the gap
 * from Sign out down to Add another.
 */
function headerTargets(page: Page) {
  return page.evaluate(() => {
    const header = document.querySelector("header.top")!;
    const box = (el: Element) => el.getBoundingClientRect();
    const nav = header.querySelector("nav")!;
    const signOut = header.querySelector(
      "form.sign-out button, details.sign-out summary",
    )!;
    const add = header.querySelector("[data-testid=add-account]")!;
    const s = box(signOut);
    const a = box(add);
    // Apart by their nearest edges, across or down, whichever separates.
    const apart = Math.max(
      a.top - s.bottom,
      s.top - a.bottom,
      a.left - s.right,
      s.left - a.right,
    );
    return {
      targets: [...header.querySelectorAll("a, button, select, summary")]
        .map((el) => ({
          text: (el.textContent ?? "").trim().slice(0, 30),
          height: Math.round(box(el).height * 10) / 10,
          inView: box(el).left >= 0 && box(el).right <= innerWidth,
        })),
      navScrolls: nav.scrollWidth > nav.clientWidth + 1,
      navLinks: [...nav.querySelectorAll("a")].map((el) => {
        const b = box(el);
        const n = box(nav);
        return {
          text: el.textContent,
          inside: b.left >= n.left - 1 && b.right <= n.right + 1 &&
            b.left >= 0 && b.right <= innerWidth,
        };
      }),
      signOutToAdd: apart,
      height: box(header).height,
    };
  });
}

Deno.test("on a 375 px phone every header target is at least 24 px tall, Sign out stands 8 px clear of Add another, and every nav link shows without scrolling sideways, with one account and with two", async () => {
  await browserRunner({ viewport: { width: 375, height: 812 } })(
    async (run) => {
      const { page, server, watched } = run;
      await signIn(run, "phone_targets");
      const check = async (accounts: string) => {
        for (const [, path] of NAV.filter(([, p]) => p.startsWith("/dash"))) {
          await page.goto(`${server.url}${path}`);
          const at = await headerTargets(page);
          const where = `${accounts}, ${path}`;
          for (const t of at.targets) {
            assert.ok(t.height >= 24, `${where}: "${t.text}" ${t.height} px`);
            assert.ok(t.inView, `${where}: "${t.text}" in view`);
          }
          assert.ok(
            at.signOutToAdd >= 8,
            `${where}: Sign out ${at.signOutToAdd} px from Add another`,
          );
          assert.equal(at.navScrolls, false, `${where}: the nav scrolls`);
          for (const l of at.navLinks) {
            assert.ok(l.inside, `${where}: ${l.text} shown whole`);
          }
          assert.deepEqual(
            at.navLinks.map((l) => l.text),
            NAV.map(([label]) => label),
          );
          assert.ok(at.height <= 130, `${where}: ${at.height} px tall`);
          assert.equal(await horizontalOverflow(page), 0, where);
        }
      };
      await check("one account");
      await addAccountInBrowser(run, "phone_targets_two");
      await page.locator($("plan-choice")).waitFor();
      await page.click("button[name=plan][value=free]");
      await page.waitForURL(/\/dashboard$/);
      await check("two accounts");
      watched.watch.assertClean();
    },
  );
});

Deno.test("on an en-US phone the text fields of the composer and the calendar's edit form, and a calendar post's Edit, Cancel post and their answers, are at least 24 px tall, as a finger needs (WCAG 2.5.8)", async () => {
  await browserRunner({
    viewport: { width: 375, height: 740 },
    locale: "en-US",
    timezoneId: "America/Los_Angeles",
  })(async (run) => {
    const { page, server, watched } = run;
    await signInWithPlan(run, "finger_fields", {
      cards: ["post-card"],
      islands: ["UploadCard", "PostCard"],
    });
    await page.check($("when-schedule"));
    const height = async (sel: string) =>
      (await page.locator(sel).boundingBox())!.height;
    for (const id of ["link-input", "post-run-at"]) {
      const h = await height($(id));
      assert.ok(h >= 24, `${id} is ${h} px tall`);
    }
    const video = await uploadFixtureInPage(page, "portrait.mp4");
    const job = await apiInPage(page, "POST", "/api/jobs", {
      kind: "tiktok",
      run_at: new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 7_200_000)
        .toISOString(),
      source_url: video.url,
      title: "Two hours on",
      privacy: "SELF_ONLY",
    });
    assert.equal(job.status, 200, JSON.stringify(job.body));
    await page.goto(`${server.url}/dashboard/calendar`);
    await waitForAllIslands(page);
    const entry = page.locator(`[data-entry="${job.body.job_id}"]`);
    if (!(await shownOncePlaced(entry))) {
      await page.getByRole("button", { name: "Next" }).click();
    }
    // A post's buttons, small on a desk, are a finger's size on a phone.
    const buttonHeight = async (name: string) =>
      (await entry.getByRole("button", { name }).boundingBox())!.height;
    for (const name of ["Edit", "Cancel post"]) {
      const h = await buttonHeight(name);
      assert.ok(h >= 24, `${name} is ${h} px tall`);
    }
    await entry.getByRole("button", { name: "Cancel post" }).click();
    for (const name of ["Yes, cancel it", "Keep it"]) {
      const h = await buttonHeight(name);
      assert.ok(h >= 24, `${name} is ${h} px tall`);
    }
    await entry.getByRole("button", { name: "Keep it" }).click();
    await entry.getByTestId("entry-edit").click();
    const h = await height("form.edit input[type=datetime-local]");
    assert.ok(h >= 24, `the edit form's time field is ${h} px tall`);
    watched.watch.assertClean();
  });
});

/** The boxes of the composer's video picker, preview, caption and "When". */
function composerBoxes(page: Page) {
  return page.evaluate(() => {
    const box = (sel: string) => {
      const r = document.querySelector(sel)!.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    };
    return {
      source: box("[data-testid=post-source]"),
      preview: box("[data-testid=post-preview]"),
      caption: box("[data-testid=post-title]"),
      when: box("fieldset.when"),
    };
  });
}

Deno.test("the composer puts media and preview beside the caption and settings when wide, and stacks them at 375 px", async () => {
  for (const width of [1280, 375]) {
    await browserRunner({ viewport: { width, height: 800 } })(async (run) => {
      const { page, watched } = run;
      await signIn(run, `composer_${width}`);
      const url = await uploadVideoFromCard(page);
      await page.locator(`${$("post-source")} option[value="${url}"]`)
        .waitFor({ state: "attached" });
      await page.locator($("preview-video")).waitFor();
      // The preview holds a decoded frame before anyone presses play, so it
      // shows the video's start, not a black box.
      await page.waitForFunction(() =>
        (document.querySelector("[data-testid=preview-video]") as
          | HTMLVideoElement
          | null)?.readyState! >= 2
      );
      const b = await composerBoxes(page);
      // The video picker sits above its preview, never on the caption's line.
      assert.ok(
        b.source.bottom <= b.preview.top,
        `${width}: picker above preview`,
      );
      if (width === 1280) {
        assert.ok(
          b.source.right <= b.caption.left && b.preview.right <= b.caption.left,
          "media and preview to the left of the caption",
        );
        assert.ok(
          Math.abs(b.source.top - b.caption.top) < 40,
          "the two columns start together",
        );
        assert.ok(b.caption.bottom <= b.when.top, "settings under the caption");
      } else {
        assert.ok(b.preview.bottom <= b.caption.top, "preview, then caption");
        assert.ok(b.caption.bottom <= b.when.top, "then the settings");
        assert.equal(await horizontalOverflow(page), 0, "no sideways overflow");
      }
      // Photo Mode's drop zone keeps its words readable in the media column.
      await openPhotoMode(page);
      const words = await page.locator(
        `label.dropzone:has(${$("photo-input")}) > span`,
      ).boundingBox();
      assert.ok(words, "the photo drop zone's words");
      assert.ok(words.width >= 150, `${width}: words ${words.width}px wide`);
      assert.ok(words.height <= 80, `${width}: words ${words.height}px high`);
      watched.watch.assertClean();
    });
  }
});

/**
 * Picks `label` in the header's switcher and switches to it, staying on the
 * page it was on.
 */
async function switchAccount(page: Page, label: string) {
  const path = new URL(page.url()).pathname;
  await page.locator("#account-switch").selectOption({ label });
  await page.click(`${$("account-switcher")} button`);
  await page.waitForURL((url) => url.pathname === path);
}

/** Issues the active account's first API key on settings; the key shown. */
async function issueKeyOnSettings(run: BrowserRun): Promise<string> {
  const { page, server, watched } = run;
  await page.goto(`${server.url}/dashboard/settings`);
  await waitForIslands(page, watched, ["ApiKeyCard"]);
  const issue = page.locator($("issue-key"));
  assert.equal((await issue.textContent())?.trim(), "Issue key", "no key yet");
  await issue.click();
  const key = await page.locator($("api-key-value")).inputValue();
  assert.ok(key, "the new key is shown");
  return key;
}

/** The open_id `GET /api/me` answers for `key`. */
async function ownerOfKey(server: TestServer, key: string): Promise<string> {
  const res = await fetch(`${server.url}/api/me`, {
    headers: { Authorization: `Bearer ${key}` },
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return String(body.open_id);
}

/**
 * On the composer: whether the active account's limits refuse a post now
 * ("Next post possible at …"), and its next free time.
 */
async function composerLimits(run: BrowserRun) {
  const { page, server } = run;
  await page.goto(`${server.url}/dashboard`);
  const nextFree = page.locator(`${$("post-next-free")} time`);
  await nextFree.waitFor();
  return {
    nextFree: Date.parse(await nextFree.getAttribute("datetime") ?? ""),
    limited: await page.locator($("post-now-limited")).count() === 1,
  };
}

Deno.test("a second TikTok account is added in the same browser, the header switches between them, each keeps its plan, key and limits, and sign-out asks which, then with one left just signs out", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    const firstId = await signIn(run, "first_creator", "/dashboard/settings");
    const firstKey = await issueKeyOnSettings(run);
    // The first account posts: its one post an hour is used.
    await postHoursOnePost(page, "First account's post");
    const firstLimits = await composerLimits(run);
    assert.ok(firstLimits.limited, "the first account is at its hourly limit");
    assert.ok(
      firstLimits.nextFree > server.clock.now() + 50 * 60_000,
      "its next free time is about an hour on",
    );

    await addAccountInBrowser(run, "second_creator");
    // The new account chooses its own plan; the first keeps its own.
    await page.locator($("plan-choice")).waitFor();
    await page.click("button[name=plan][value=free]");
    await page.waitForURL(/\/dashboard$/);
    const secondId = await sandboxOpenId(server, "second_creator");

    const switcher = page.locator("#account-switch");
    assert.deepEqual(
      await switcher.locator("option").allTextContents(),
      ["Second Creator", "First Creator"],
    );
    assert.equal(
      await switcher.locator("option:checked").textContent(),
      "Second Creator",
    );
    // Not the first account's limit: the second may post now.
    const secondLimits = await composerLimits(run);
    assert.equal(secondLimits.limited, false, "the second account may post");
    assert.ok(secondLimits.nextFree <= server.clock.now() + 60_000);

    // Its own key: none yet (the first's is not shown as its), then a new one.
    const secondKey = await issueKeyOnSettings(run);
    assert.notEqual(secondKey, firstKey);
    assert.equal(
      (await page.locator($("plan-name")).textContent())?.trim(),
      "Free",
    );
    assert.equal(
      await page.locator(`${$("connected-accounts")} li`).count(),
      2,
    );
    assert.equal(await ownerOfKey(server, secondKey), secondId);
    assert.equal(
      await ownerOfKey(server, firstKey),
      firstId,
      "the second account's key left the first one's working",
    );

    await switchAccount(page, "First Creator");
    // Back on the first account: its limit, its plan, its key.
    const firstAgain = await composerLimits(run);
    assert.ok(firstAgain.limited, "the first account's limit is still there");
    assert.equal(firstAgain.nextFree, firstLimits.nextFree);
    await page.goto(`${server.url}/dashboard/settings`);
    await waitForIslands(page, watched, ["ApiKeyCard"]);
    assert.equal(
      (await page.locator($("plan-name")).textContent())?.trim(),
      "Monthly",
    );
    assert.match(
      await page.locator("h1").textContent() ?? "",
      /First Creator/,
    );
    assert.equal(
      (await page.locator($("issue-key")).textContent())?.trim(),
      "Regenerate key",
      "the first account has its key",
    );
    assert.equal(await ownerOfKey(server, firstKey), firstId);

    // Away and back again: the second account's key and free hour stay.
    await switchAccount(page, "Second Creator");
    const secondAgain = await composerLimits(run);
    assert.equal(secondAgain.limited, false);
    await page.goto(`${server.url}/dashboard/settings`);
    await waitForIslands(page, watched, ["ApiKeyCard"]);
    assert.equal(
      (await page.locator($("issue-key")).textContent())?.trim(),
      "Regenerate key",
    );
    assert.equal(await ownerOfKey(server, secondKey), secondId);
    await switchAccount(page, "First Creator");

    // Sign out asks which: this account leaves the other signed in.
    await page.click(`${$("sign-out")} summary`);
    assert.equal(
      (await page.locator($("sign-out-account")).textContent())?.trim(),
      "This account (First Creator)",
    );
    // Records what is written into the notice once the page has loaded:
    // text a status region starts with is not read aloud, a change is.
    await page.addInitScript(() => {
      document.addEventListener("DOMContentLoaded", () => {
        const seen: string[] = [];
        Object.assign(window, { noticeChanges: seen });
        const region = document.querySelector("[data-testid=account-notice]");
        if (!region) return;
        new MutationObserver(() => seen.push(region.textContent ?? ""))
          .observe(region, { childList: true, characterData: true });
      });
    });
    await page.click($("sign-out-account"));
    await page.waitForURL(/\/dashboard$/);
    assert.equal(
      (await page.locator($("active-account")).textContent())?.trim(),
      "Second Creator",
    );
    // Not a silent switch: the page says who left and whose page this is,
    // put into the status region after the page loaded, so it is heard.
    const notice = page.locator($("account-notice"));
    const said =
      "Signed out of First Creator. Now showing Second Creator: its posts, plan and settings.";
    assert.equal(await notice.getAttribute("role"), "status");
    await page.waitForFunction(
      (text) =>
        (window as unknown as { noticeChanges?: string[] }).noticeChanges
          ?.some((seen) => seen.trim() === text),
      said,
    );
    assert.equal((await notice.textContent())?.trim(), said);
    // Once: a reload does not say it again.
    await page.reload();
    assert.equal((await notice.textContent())?.trim(), "");
    // One account left: Sign out is a plain button, and ends the session.
    assert.equal(
      (await page.locator($("sign-out-account")).textContent())?.trim(),
      "Sign out",
    );
    await page.click($("sign-out-account"));
    await page.waitForURL(`${server.url}/`);
    await page.locator("[data-testid=sign-in]").waitFor();
    // First Creator's post is still processing, so its list was refreshing
    // when it was signed out: a refresh in flight then is refused 409
    // account_switched, which Chromium logs; the list stops without an
    // error of its own (tests/browser/stale_account_tab_test.ts).
    watched.watch.assertClean({
      allowConsole: [fetchAnsweredLine(409, "/api/tiktok/posts")],
    });
  });
});

Deno.test("with one account Sign out is a plain button that signs out at once; with two it asks which accounts", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    await signInInBrowser(page, server, "sign_out_one");
    const signOut = page.locator($("sign-out"));
    const onlyButton = async (account: string) => {
      assert.equal(await signOut.locator("summary").count(), 0, account);
      assert.equal(
        (await page.locator($("sign-out-account")).textContent())?.trim(),
        "Sign out",
        account,
      );
      assert.equal(await page.locator($("sign-out-all")).count(), 0, account);
      assert.doesNotMatch(await signOut.textContent() ?? "", /which/);
    };
    await onlyButton("one account");

    await addAccountInBrowser(run, "sign_out_two");
    await page.locator($("plan-choice")).waitFor();
    await page.setViewportSize({ width: 375, height: 740 });
    await signOut.locator("summary").click();
    assert.equal(await horizontalOverflow(page), 0, "the choices at 375 px");
    assert.match(
      await signOut.textContent() ?? "",
      /Sign out of which accounts\?/,
    );
    assert.equal(
      (await page.locator($("sign-out-account")).textContent())?.trim(),
      "This account (Sign Out Two)",
    );
    // "This account" with one left: the long test above; here All accounts.
    await page.click($("sign-out-all"));
    await page.waitForURL(`${server.url}/`);
    await page.locator("[data-testid=sign-in]").waitFor();
    assert.match(
      await page.locator($("account-notice")).textContent() ?? "",
      /Signed out of all 2 TikTok accounts in this browser\./,
    );
    watched.watch.assertClean();
  });
});

/** Heights of `selector`'s elements, in lines of their own text. */
function linesShown(page: Page, selector: string) {
  return page.locator(selector).evaluateAll((els) =>
    els.map((el) => {
      const style = getComputedStyle(el);
      const line = parseFloat(style.lineHeight) ||
        1.2 * parseFloat(style.fontSize);
      return {
        lines: el.getBoundingClientRect().height / line,
        chars: (el.textContent ?? "").length,
      };
    })
  );
}

Deno.test("a caption of 2,200 characters shows as three lines in the posts lists, scheduled posts and calendar, its whole text kept in the page", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    await signIn(run, "long_captions");
    const caption = "Long caption about the harbour at night. ".repeat(60)
      .slice(0, 2200);
    await postHoursOnePost(page, caption);
    const video = await uploadFixtureInPage(page, "portrait.mp4", {
      as: "later.mp4",
    });
    const job = await apiInPage(page, "POST", "/api/jobs", {
      kind: "tiktok",
      run_at: new Date(
        Math.ceil((server.clock.now() + 3 * 3_600_000) / 60_000) * 60_000,
      ).toISOString(),
      source_url: video.url,
      // Another caption: the same one twice is refused as a duplicate.
      title: `Later: ${caption}`.slice(0, 2200),
      privacy: "SELF_ONLY",
    });
    assert.equal(job.status, 200, JSON.stringify(job.body));

    const places: [string, string][] = [
      ["/dashboard", `${$("posts-list")} .clip-lines`],
      ["/dashboard", `${$("jobs-list")} .clip-lines`],
      ["/dashboard/posts", `${$("posts-table")} .clip-lines`],
      ["/dashboard/calendar", "ol.calendar li.entry .caption"],
    ];
    for (const [path, selector] of places) {
      await page.goto(`${server.url}${path}`);
      await waitForAllIslands(page);
      const shown = await linesShown(page, selector);
      assert.ok(shown.length > 0, `${path} ${selector}: a caption is shown`);
      for (const { lines, chars } of shown) {
        assert.ok(lines <= 3.2, `${path} ${selector}: ${lines} lines`);
        assert.ok(
          chars >= 2190,
          `${path} ${selector}: the whole text (${chars})`,
        );
      }
    }
    watched.watch.assertClean();
  });
});

Deno.test("the notice after signing out of one account stands in the page's column, below the header, wide and at 375 px", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    await signInWithPlan(run, "column_first");
    await addAccountInBrowser(run, "column_second");
    await page.click("button[name=plan][value=monthly]");
    await page.waitForURL(/\/dashboard$/);
    await page.click(`${$("sign-out")} summary`);
    await page.click($("sign-out-account"));
    await page.waitForURL(/\/dashboard$/);
    const notice = page.locator($("account-notice"));
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=account-notice]")?.textContent
        ?.startsWith("Signed out of")
    );
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 800 });
      const box = (await notice.boundingBox())!;
      const card = (await page.locator("main .card").first().boundingBox())!;
      const header = (await page.locator("header").boundingBox())!;
      assert.ok(
        Math.abs(box.x - card.x) < 1 &&
          Math.abs(box.x + box.width - (card.x + card.width)) < 1,
        `at ${width}px the notice spans ${box.x}-${box.x + box.width}, ` +
          `the cards ${card.x}-${card.x + card.width}`,
      );
      assert.ok(
        box.y >= header.y + header.height + 8,
        `at ${width}px the notice is apart from the header`,
      );
    }
    watched.watch.assertClean({
      allowConsole: [fetchAnsweredLine(409, "/api/tiktok/posts")],
    });
  });
});

Deno.test("switching accounts by keyboard on Calendar, Posts, Media or Settings stays on that page, now the chosen account's, not back on Compose", async () => {
  await withBrowser(async (run) => {
    const { page, server, watched } = run;
    await signIn(run, "stay_first");
    await addAccountInBrowser(run, "stay_second");
    await page.click("button[name=plan][value=free]");
    await page.waitForURL(/\/dashboard$/);
    let shown = "Stay Second";
    for (const [label, path] of NAV.slice(1, 5)) {
      await page.goto(`${server.url}${path}?week=elsewhere`);
      await waitForAllIslands(page);
      const other = shown === "Stay Second" ? "Stay First" : "Stay Second";
      // The switcher's arrow keys choose, its Switch button goes.
      const switcher = page.locator("#account-switch");
      const names = await switcher.locator("option").allTextContents();
      const chosen = await switcher.locator("option:checked").textContent();
      assert.equal(chosen, shown);
      await switcher.focus();
      await page.keyboard.press(
        names.indexOf(other) > names.indexOf(shown) ? "ArrowDown" : "ArrowUp",
      );
      await page.keyboard.press("Tab");
      await page.keyboard.press("Enter");
      await page.waitForURL(
        (url) => url.pathname !== path || url.search === "",
        {
          waitUntil: "load",
        },
      );
      assert.equal(
        new URL(page.url()).pathname + new URL(page.url()).search,
        path,
        `switched on ${label}: the same page, without its query`,
      );
      assert.equal(await page.title(), `${label} – ${other} – PM3K`);
      shown = other;
    }
    watched.watch.assertClean();
  });
});

Deno.test("the account switch goes back only to a dashboard page, never to an address a form was given", async () => {
  await withBrowser(async (run) => {
    const { page, server } = run;
    await signIn(run, "back_first");
    await addAccountInBrowser(run, "back_second");
    await page.click("button[name=plan][value=free]");
    await page.waitForURL(/\/dashboard$/);
    const firstId = await sandboxOpenId(server, "back_first");
    for (const back of ["https://evil.example/", "//evil.example/x", "/docs"]) {
      const res = await page.request.post(`${server.url}/auth/switch`, {
        form: { open_id: firstId, back },
        headers: { Origin: server.url },
        maxRedirects: 0,
      });
      assert.equal(res.status(), 303, back);
      assert.equal(res.headers()["location"], "/dashboard", back);
    }
  });
});
