/**
 * The sign-in flow in a real headless Chromium against the real app on a
 * loopback port: start page, sandbox consent page, callback, plan choice and
 * the ApiKeyCard island (issue, copy, regenerate).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import type { TestServer } from "../_helpers/test_server.ts";
import {
  choosePlan,
  CONSENT_PAGE,
  openConsentPage,
  signInFromStartPage,
  signInInBrowser,
  signInWithPlan,
  waitForIslands,
  withBrowser,
} from "../_helpers/browser_flows.ts";
import type { BrowserRun } from "../_helpers/browser_flows.ts";
import { assertJsonError, assertJsonOk } from "../_helpers/http_asserts.ts";
import { getTyped, keys, listTyped } from "../../lib/kv_keys.ts";
import { sandboxKeys } from "../../sandbox/tiktok/sandbox_keys.ts";
import { ensureSandboxUser } from "../../sandbox/tiktok/sandbox_store.ts";
import { apiKeyLifetimeMs } from "../../lib/plans.ts";
import { SESSION_COOKIE } from "../../lib/http/session_auth.ts";

const KEY_PATTERN = /^pm3k_[A-Za-z0-9_-]{43}$/;
/** Chromium logs every 4xx document it loads; expected on failure pages. */
const STATUS_400_LOGGED = /status of 400/;

/** Polls the key field until it shows a key other than `previous`. */
async function readFreshKey(page: Page, previous?: string): Promise<string> {
  const field = page.locator("[data-testid=api-key-value]");
  await field.waitFor();
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = await field.inputValue();
    if (value && value !== previous) return value;
    if (Date.now() > deadline) {
      throw new Error(`the key field still shows ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function getMe(server: TestServer, key: string): Promise<Response> {
  return fetch(`${server.url}/api/me`, {
    headers: { Authorization: `Bearer ${key}` },
  });
}

async function assertSignedOut(run: BrowserRun) {
  const { server, watched, page } = run;
  assert.deepEqual(await listTyped(server.kv, keys.accountsPrefix()), []);
  const cookies = await watched.context.cookies(server.url);
  assert.ok(
    !cookies.some((c) => c.name === SESSION_COOKIE),
    `no ${SESSION_COOKIE} cookie was set`,
  );
  await page.goto(`${server.url}/dashboard`);
  assert.equal(page.url(), `${server.url}/`);
  await page.locator("[data-testid=sign-in]").waitFor();
}

Deno.test("a newcomer signs in through the sandbox consent page, picks a plan, issues and copies a key that works on /api/me", async () => {
  await withBrowser(async ({ server, watched, page }) => {
    await signInInBrowser(page, server, "newcomer_one");
    await choosePlan(page, "monthly", "Monthly");
    await page.goto(`${server.url}/dashboard/settings`);
    await waitForIslands(page, watched, ["ApiKeyCard"]);

    const issueButton = page.locator("[data-testid=issue-key]");
    assert.equal((await issueButton.textContent())?.trim(), "Issue key");
    await issueButton.click();
    const key = await readFreshKey(page);
    assert.match(key, KEY_PATTERN);

    await watched.context.grantPermissions(
      ["clipboard-read", "clipboard-write"],
      { origin: server.url },
    );
    await page.click("[data-testid=copy-key]");
    await page.locator("[data-testid=copy-key]", { hasText: /^Copied$/ })
      .waitFor();
    assert.equal(
      await page.evaluate(() => navigator.clipboard.readText()),
      key,
    );

    const openId = (await getTyped(
      server.kv,
      sandboxKeys.userByName("newcomer_one"),
    )).value;
    assert.ok(openId, "the sandbox user exists");
    const expiresAt = new Date(
      server.clock.now() + apiKeyLifetimeMs("monthly"),
    ).toISOString();
    assert.equal(
      await page.locator("[data-testid=key-expiry] time").getAttribute(
        "datetime",
      ),
      expiresAt,
    );
    // Shown in the browser's time (UTC, the tests' browsers' zone unless
    // they name one: tests/_helpers/browser.ts) and locale (en-US), as a
    // record's time is, naming its zone as nothing beside it says whose
    // time it is (docs/dashboard.md#times): "Jun 2, 2027, 10:42 AM UTC".
    const at = new Date(expiresAt);
    const hour = at.getUTCHours();
    const month = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec"
      .split(" ")[at.getUTCMonth()];
    const shown = await page.locator("[data-testid=key-expiry] time")
      .textContent();
    assert.equal(
      shown?.replace(/\s/g, " "),
      `${month} ${at.getUTCDate()}, ${at.getUTCFullYear()}, ${
        hour % 12 || 12
      }:${expiresAt.slice(14, 16)} ${hour < 12 ? "AM" : "PM"} UTC`,
    );
    assert.deepEqual(await assertJsonOk(await getMe(server, key)), {
      ok: true,
      open_id: openId,
      display_name: "Newcomer One",
      plan: "monthly",
      key_expires_at: expiresAt,
      default_privacy: "PUBLIC_TO_EVERYONE",
      // Every permission the consent page offered, allowed.
      tiktok_scopes: [
        "user.info.basic",
        "video.publish",
        "video.upload",
        "video.list",
      ],
    });

    assert.equal((await issueButton.textContent())?.trim(), "Regenerate key");
    // Regenerating asks first, with focus on "Keep the current key": Enter
    // changes nothing and focus returns to the button.
    const focused = (testId: string) =>
      page.waitForFunction(
        (id) => document.activeElement?.getAttribute("data-testid") === id,
        testId,
        { timeout: 2_000 },
      );
    await issueButton.click();
    await focused("cancel-regenerate");
    await page.keyboard.press("Enter");
    await focused("issue-key");
    await assertJsonOk(await getMe(server, key)); // the key still works
    await issueButton.click();
    await page.click("[data-testid=confirm-regenerate]");
    const newKey = await readFreshKey(page, key);
    assert.match(newKey, KEY_PATTERN);
    assert.notEqual(newKey, key);
    await assertJsonError(await getMe(server, key), 401, "unauthorized");
    const me = await assertJsonOk(await getMe(server, newKey));
    assert.equal(me.open_id, openId);
    assert.equal(me.plan, "monthly");

    watched.watch.assertClean();
  });
});

Deno.test("on the consent page a typed user name unticks the sandbox user ticked, and ticking one clears the name: the form shows whom it signs in as", async () => {
  await withBrowser(async (run) => {
    const { server, watched, page } = run;
    await ensureSandboxUser(server.kv, server.clock, "alice");
    await openConsentPage(page, server);
    const alice = page.locator("input[name=existing_user][value=alice]");
    const typed = page.locator("input[name=username]");
    assert.equal(await alice.isChecked(), true);
    // Said too, for a browser without scripts.
    assert.match(
      (await page.locator("fieldset").innerText()).replace(/\s+/g, " "),
      /type a user name \(created if new; used instead of a ticked user\)/,
    );
    await typed.fill("bob_typed");
    assert.equal(await alice.isChecked(), false);
    await alice.check();
    assert.equal(await typed.inputValue(), "");
    watched.watch.assertClean();
  });
});

Deno.test("denying consent shows a clear page and creates no account or session", async () => {
  await withBrowser(async (run) => {
    const { server, watched, page } = run;
    await openConsentPage(page, server);
    const callback = page.waitForResponse((r) =>
      new URL(r.url()).pathname === "/auth/callback"
    );
    await page.click("button[name=decision][value=deny]");
    const res = await callback;
    assert.equal(res.status(), 400);
    await page.waitForURL(/\/auth\/callback\?/);
    const message = page.locator(".error-message[data-reason=denied]");
    await message.waitFor();
    assert.match(await message.textContent() ?? "", /declined/);

    await assertSignedOut(run);
    watched.watch.assertClean({ allowConsole: [STATUS_400_LOGGED] });
  });
});

Deno.test("declining consent while adding a second account says the first is still signed in, and Try again adds an account rather than signing the first out", async () => {
  await withBrowser(async (run) => {
    const { server, watched, page } = run;
    await signInWithPlan(run, "kept_first");
    await page.click("[data-testid=add-account]");
    await page.waitForURL(CONSENT_PAGE);
    await page.click("button[name=decision][value=deny]");
    await page.waitForURL(/\/auth\/callback\?/);
    const main = page.locator("main");
    assert.match(
      (await main.innerText()).replace(/\s+/g, " "),
      /Kept First is still signed in: nothing changed for it\./,
    );
    assert.doesNotMatch(await main.innerText(), /cannot post for you/);
    assert.equal(
      await page.getByRole("link", { name: "Back to the dashboard" })
        .getAttribute("href"),
      "/dashboard",
    );
    await page.getByRole("link", { name: "Try again" }).click();
    await page.waitForURL(CONSENT_PAGE);
    await page.fill("input[name=username]", "kept_second");
    await page.click("button[name=decision][value=authorize]");
    await page.waitForURL(`${server.url}/dashboard`);
    await choosePlan(page, "free");
    assert.deepEqual(
      await page.locator("#account-switch option").allTextContents(),
      ["Kept Second", "Kept First"],
      "both accounts stay signed in",
    );
    watched.watch.assertClean({ allowConsole: [STATUS_400_LOGGED] });
  });
});

Deno.test("a callback with a wrong state shows a clear page and signs nobody in", async () => {
  await withBrowser(async (run) => {
    const { server, watched, page } = run;
    await openConsentPage(page, server);
    const res = await page.goto(
      `${server.url}/auth/callback?code=x&state=forged`,
    );
    assert.equal(res?.status(), 400);
    await page.locator(".error-message[data-reason=bad_state]").waitFor();

    await assertSignedOut(run);
    watched.watch.assertClean({ allowConsole: [STATUS_400_LOGGED] });
  });
});

Deno.test("the start page ships no script and the dashboard ships exactly one module script", async () => {
  await withBrowser(async ({ server, watched, page }) => {
    await page.goto(`${server.url}/`);
    assert.equal(
      await page.evaluate(() => document.querySelectorAll("script").length),
      0,
    );

    await signInFromStartPage(page, server, "script_counter");
    await choosePlan(page, "free", "Free");
    await waitForIslands(page, watched, ["PostCard"]);

    const modules = await page.evaluate(() =>
      [...document.querySelectorAll("script[type=module]")].map((s) => ({
        hasNonceAttribute: s.hasAttribute("nonce"),
        nonce: (s as HTMLScriptElement).nonce,
      }))
    );
    assert.equal(modules.length, 1, "exactly one module script");
    assert.ok(modules[0].hasNonceAttribute, "the module script has a nonce");
    assert.ok(modules[0].nonce.length > 0, "the nonce is not empty");
    assert.equal(
      await page.locator("script[type=module][nonce]").count(),
      1,
    );

    assert.deepEqual(watched.watch.cspViolations(), []);
    watched.watch.assertClean();
  });
});
