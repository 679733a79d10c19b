/**
 * The PostCard's commercial content disclosure (is_ad, ad_your_brand,
 * ad_branded_content) in a real headless Chromium against the real app on a
 * loopback port: what the ticked boxes send to /api/tiktok/direct_post, what
 * the sandbox TikTok receives as brand_organic_toggle / brand_content_toggle
 * (it keeps each init's post_info), and TikTok's UX rules for the
 * disclosure: a choice is required once it is on, the label TikTok will put
 * on the post is named, and branded content cannot be private (SELF_ONLY).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import type { TestServer } from "../_helpers/test_server.ts";
import { publishAtTikTok } from "../_helpers/posting_setup.ts";
import {
  chooseVideo,
  nextApiResponse,
  signInWithPlan,
  uploadVideoFromCard,
  withBrowser,
} from "../_helpers/browser_flows.ts";
import type { BrowserRun } from "../_helpers/browser_flows.ts";

const HOUR_MS = 3600_000;
const ISLANDS = ["UploadCard", "PostCard", "PostsList"];
const NEED_A_CHOICE =
  "You need to indicate if your content promotes yourself, a third party, or both.";
const PROMOTIONAL = "Your video will be labeled as 'Promotional content'.";
const PAID_PARTNERSHIP = "Your video will be labeled as 'Paid partnership'.";
const NOT_PRIVATE = "Branded content visibility cannot be set to private.";
const MUSIC_ONLY =
  "By posting, you agree to TikTok's Music Usage Confirmation.";
const WITH_BC_POLICY =
  "By posting, you agree to TikTok's Branded Content Policy and Music Usage Confirmation.";

const $ = (id: string) => `[data-testid=${id}]`;

function signIn(run: BrowserRun, username: string): Promise<string> {
  return signInWithPlan(run, username, {
    cards: ["post-card"],
    islands: ISLANDS,
    privacyOptions: true,
  });
}

/** Ticks the disclosure boxes as asked (the sub-choices only when is_ad). */
async function setDisclosure(
  page: Page,
  want: { isAd: boolean; yourBrand?: boolean; branded?: boolean },
) {
  await page.locator($("post-is_ad")).setChecked(want.isAd);
  if (!want.isAd) return;
  await page.locator($("post-ad_your_brand")).setChecked(
    want.yourBrand ?? false,
  );
  await page.locator($("post-ad_branded_content")).setChecked(
    want.branded ?? false,
  );
}

/** The text of a testid'd element, or null when it is not rendered. */
async function textOf(page: Page, id: string): Promise<string | null> {
  const el = page.locator($(id));
  if (await el.count() === 0) return null;
  return (await el.textContent())?.trim().replace(/\s+/g, " ") ?? "";
}

/** Which privacy options the select offers, and whether each is disabled. */
function privacyChoices(page: Page): Promise<Record<string, boolean>> {
  return page.locator(`${$("post-privacy")} option`).evaluateAll((options) =>
    Object.fromEntries(
      (options as HTMLOptionElement[]).filter((o) => o.value)
        .map((o) => [o.value, o.disabled]),
    )
  );
}

/** What the card sent, what it showed, and what TikTok received. */
interface Sent {
  request: Record<string, unknown>;
  tiktok: Record<string, unknown>;
}

/** Clicks "Post now"; returns the request body and TikTok's post_info. */
async function postNow(server: TestServer, page: Page): Promise<Sent> {
  const submit = page.locator($("post-submit"));
  assert.ok(await submit.isEnabled(), "the card can be submitted");
  const responded = nextApiResponse(page, {
    method: "POST",
    path: "/api/tiktok/direct_post",
  });
  await submit.click();
  const response = await responded;
  const request = response.request().postDataJSON();
  const api = await response.json();
  assert.equal(response.status(), 200, JSON.stringify(api));
  await page.locator(`${$("post-ok")}[data-publish-id="${api.publish_id}"]`)
    .waitFor();
  const received = await publishAtTikTok(server, api.publish_id);
  return {
    request,
    tiktok: received.postInfo ?? {},
  };
}

Deno.test("the disclosure boxes ticked in the card reach TikTok as brand_organic_toggle and brand_content_toggle", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signIn(run, "ad_flags_poster");
    const cases = [
      {
        name: "no disclosure",
        set: { isAd: false },
        label: null,
        sent: [false, false, false],
        toggles: { organic: false, content: false },
      },
      {
        name: "your brand",
        set: { isAd: true, yourBrand: true },
        label: PROMOTIONAL,
        sent: [true, true, false],
        toggles: { organic: true, content: false },
      },
      {
        name: "branded content",
        set: { isAd: true, branded: true },
        label: PAID_PARTNERSHIP,
        sent: [true, false, true],
        toggles: { organic: false, content: true },
      },
      {
        name: "both",
        set: { isAd: true, yourBrand: true, branded: true },
        label: PAID_PARTNERSHIP,
        sent: [true, true, true],
        toggles: { organic: true, content: true },
      },
    ];
    for (const [i, c] of cases.entries()) {
      const url = await uploadVideoFromCard(page);
      await chooseVideo(page, url);
      const caption = `Disclosure case ${i + 1}: ${c.name}`;
      await page.fill($("post-title"), caption);
      await page.selectOption($("post-privacy"), "PUBLIC_TO_EVERYONE");
      await setDisclosure(page, c.set);
      assert.equal(await textOf(page, "post-ad-label"), c.label, c.name);
      const { request, tiktok } = await postNow(server, page);
      assert.deepEqual(request, {
        source_url: url,
        title: caption,
        privacy: "PUBLIC_TO_EVERYONE",
        // Comments, Duet and Stitch stay off unless turned on (TikTok's rule).
        disable_comment: true,
        disable_duet: true,
        disable_stitch: true,
        is_ad: c.sent[0],
        ad_your_brand: c.sent[1],
        ad_branded_content: c.sent[2],
      }, `what the card sent for ${c.name}`);
      assert.deepEqual(tiktok, {
        privacy_level: "PUBLIC_TO_EVERYONE",
        title: caption,
        disable_comment: true,
        disable_duet: true,
        disable_stitch: true,
        brand_organic_toggle: c.toggles.organic,
        brand_content_toggle: c.toggles.content,
      }, `what TikTok received for ${c.name}`);
      // One post an hour per account: the next case is an hour later.
      server.clock.advance(HOUR_MS);
    }
    watched.watch.assertClean();
  });
});

Deno.test("turning the disclosure off again hides its choices and sends no brand toggle to TikTok", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signIn(run, "ad_flags_undo");
    await chooseVideo(page, await uploadVideoFromCard(page));
    await page.fill($("post-title"), "Was an ad for a moment");
    await page.selectOption($("post-privacy"), "PUBLIC_TO_EVERYONE");
    await setDisclosure(page, { isAd: true, yourBrand: true, branded: true });
    assert.equal(await textOf(page, "post-ad-label"), PAID_PARTNERSHIP);

    await page.locator($("post-is_ad")).uncheck();
    assert.equal(await page.locator($("post-ad_your_brand")).count(), 0);
    assert.equal(await page.locator($("post-ad_branded_content")).count(), 0);
    assert.equal(await textOf(page, "post-ad-label"), null, "no label");
    assert.equal(await textOf(page, "post-declaration"), MUSIC_ONLY);

    const { request, tiktok } = await postNow(server, page);
    assert.deepEqual(
      [request.is_ad, request.ad_your_brand, request.ad_branded_content],
      [false, false, false],
      "the hidden choices are not sent",
    );
    assert.deepEqual(
      [tiktok.brand_organic_toggle, tiktok.brand_content_toggle],
      [false, false],
      "TikTok labels nothing",
    );

    // Turned on again, the disclosure starts with no choice made.
    await page.locator($("post-is_ad")).check();
    assert.equal(
      await page.locator($("post-ad_your_brand")).isChecked(),
      false,
    );
    assert.equal(
      await page.locator($("post-ad_branded_content")).isChecked(),
      false,
    );
    watched.watch.assertClean();
  });
});

Deno.test("the card requires a disclosure choice, names TikTok's label and keeps branded content off SELF_ONLY", async () => {
  await withBrowser(async (run) => {
    const { server, page, watched } = run;
    await signIn(run, "ad_flags_rules");
    await chooseVideo(page, await uploadVideoFromCard(page));
    await page.fill($("post-title"), "Promoting my own shop");
    const submit = page.locator($("post-submit"));

    // Off by default: nothing disclosed, the plain declaration.
    assert.equal(await page.locator($("post-is_ad")).isChecked(), false);
    assert.equal(await page.locator($("post-ad_your_brand")).count(), 0);
    assert.equal(await textOf(page, "post-declaration"), MUSIC_ONLY);
    await page.selectOption($("post-privacy"), "PUBLIC_TO_EVERYONE");
    assert.ok(await submit.isEnabled());

    // On, but no choice yet: no post, and the card says why.
    await page.locator($("post-is_ad")).check();
    assert.equal(await textOf(page, "post-ad-label"), NEED_A_CHOICE);
    assert.ok(await page.locator($("post-ad-label")).isVisible());
    assert.ok(await submit.isDisabled(), "a disclosure needs a choice");

    await page.locator($("post-ad_your_brand")).check();
    assert.equal(await textOf(page, "post-ad-label"), PROMOTIONAL);
    assert.ok(await submit.isEnabled());
    assert.equal(await textOf(page, "post-declaration"), MUSIC_ONLY);
    assert.equal(await page.locator($("post-ad-private-hint")).count(), 0);

    // Branded content: "Paid partnership", the Branded Content Policy,
    // and "Only me" is no longer offered.
    await page.locator($("post-ad_branded_content")).check();
    assert.equal(await textOf(page, "post-ad-label"), PAID_PARTNERSHIP);
    assert.equal(await textOf(page, "post-declaration"), WITH_BC_POLICY);
    assert.equal(await textOf(page, "post-ad-private-hint"), NOT_PRIVATE);
    assert.ok(await page.locator($("post-ad-private-hint")).isVisible());
    assert.deepEqual(await privacyChoices(page), {
      PUBLIC_TO_EVERYONE: false,
      MUTUAL_FOLLOW_FRIENDS: false,
      SELF_ONLY: true,
    });
    await page.locator($("post-ad_your_brand")).uncheck();
    assert.equal(
      await textOf(page, "post-ad-label"),
      PAID_PARTNERSHIP,
      "branded content alone is a paid partnership too",
    );

    // The other way round: with SELF_ONLY chosen, branded content is locked.
    await page.locator($("post-ad_branded_content")).uncheck();
    assert.equal((await privacyChoices(page)).SELF_ONLY, false);
    await page.selectOption($("post-privacy"), "SELF_ONLY");
    const brandedBox = page.locator($("post-ad_branded_content"));
    assert.ok(await brandedBox.isDisabled(), "no branded content in private");
    assert.equal(await textOf(page, "post-ad-private-hint"), NOT_PRIVATE);
    assert.ok(await submit.isDisabled(), "still no choice made");

    // Your brand is allowed in private, and TikTok gets exactly that.
    await page.locator($("post-ad_your_brand")).check();
    assert.equal(await textOf(page, "post-ad-label"), PROMOTIONAL);
    const { request, tiktok } = await postNow(server, page);
    assert.deepEqual(
      [
        request.privacy,
        request.is_ad,
        request.ad_your_brand,
        request.ad_branded_content,
      ],
      ["SELF_ONLY", true, true, false],
    );
    assert.deepEqual(
      [
        tiktok.privacy_level,
        tiktok.brand_organic_toggle,
        tiktok.brand_content_toggle,
      ],
      ["SELF_ONLY", true, false],
    );

    // The composer reset after the post; photo posts are labeled as photos.
    assert.equal(await page.locator($("post-is_ad")).isChecked(), false);
    await page.click($("post-mode-photo"));
    await setDisclosure(page, { isAd: true, yourBrand: true });
    assert.equal(
      await textOf(page, "post-ad-label"),
      "Your photo will be labeled as 'Promotional content'.",
    );
    watched.watch.assertClean();
  });
});
