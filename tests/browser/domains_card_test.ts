/**
 * The dashboard's custom-domains card in a real headless Chromium against
 * the real app on a loopback port: adding a domain, the verification file
 * it asks for, a failed check with its reason, a passing check, the
 * server-rendered list after a reload, removal, and the API's own message
 * for input that is not a domain.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  browserRunner,
  escapeRegExp,
  nextApiResponse,
  signInWithPlan,
  waitForIslands,
} from "../_helpers/browser_flows.ts";
import type { BrowserRun } from "../_helpers/browser_flows.ts";
import { startSourceServer } from "../_helpers/source_server.ts";

/** Chromium logs every 4xx answer a page's fetch gets. */
const STATUS_400_LOGGED = /status of 400/;
/** The verification token: 18 random bytes in base64url. */
const CONTENT_PATTERN = /^pm3k-domain-verification=[A-Za-z0-9_-]{24}$/;

/**
 * Runs `body` with a fresh server, browser, context and page; closes all.
 * UTC, so the card's local time can be compared with the server's.
 */
// A 24-hour clock (en-GB), as utcMinute writes times.
const withBrowser = browserRunner({ timezoneId: "UTC", locale: "en-GB" });

/**
 * Signs in as sandbox user `username` through the consent page, chooses the
 * monthly plan and waits for the DomainsCard island to hydrate.
 */
async function signInWithMonthlyPlan(run: BrowserRun, username: string) {
  await signInWithPlan(run, username, {
    planName: "Monthly",
    path: "/dashboard/settings",
    islands: ["DomainsCard"],
  });
}

/** `GET /api/domains` from the page, with its session cookie. */
function listDomainsInPage(
  page: Page,
): Promise<{ status: number; json: Record<string, unknown> }> {
  return page.evaluate(async () => {
    const res = await fetch("/api/domains", {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    return { status: res.status, json: await res.json() };
  });
}

const MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");

/**
 * `27 Nov 2026, 14:05 UTC`, as the card shows a record's time in an
 * en-GB browser in UTC, naming its zone (docs/dashboard.md#times).
 */
function utcMinute(ms: number): string {
  const iso = new Date(ms).toISOString();
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${
    iso.slice(11, 16)
  } UTC`;
}

Deno.test("a domain is added in the dashboard, fails to verify with the reason shown, then verifies once the file is in place", async () => {
  const source = await startSourceServer();
  try {
    await withBrowser(async (run) => {
      const { server, watched, page } = run;
      await signInWithMonthlyPlan(run, "domain_owner");
      const card = page.locator("[data-testid=domains-card]");
      const items = page.locator("[data-testid=domain-list] li");
      assert.equal(await items.count(), 0, "no domain before adding one");

      // Add: the card lists the domain, unverified, with the file to put.
      const added = nextApiResponse(page, {
        method: "POST",
        path: "/api/domains",
        status: 200,
      });
      await page.fill("[data-testid=domain-input]", source.host);
      await page.click("[data-testid=domain-add]");
      const addAnswer = await (await added).json();
      assert.equal(addAnswer.ok, true);
      assert.equal(addAnswer.domain, source.host);
      assert.equal(addAnswer.verified, false);

      const item = page.locator(
        `[data-testid=domain-list] li[data-domain="${source.host}"]`,
      );
      await item.waitFor();
      assert.equal(await items.count(), 1);
      assert.equal(await item.getAttribute("data-verified"), "false");
      assert.equal(
        (await item.locator("strong").textContent())?.trim(),
        source.host,
      );
      assert.match(await item.textContent() ?? "", /not verified/);
      const content =
        (await item.locator("[data-testid=domain-content]").textContent())
          ?.trim() ?? "";
      assert.match(content, CONTENT_PATTERN);
      assert.equal(content, addAnswer.file_content);
      assert.equal(content, `pm3k-domain-verification=${addAnswer.token}`);
      assert.ok(
        (await item.locator("code").allTextContents()).includes(
          `${source.origin}/pm3k-verify.txt`,
        ),
        "the card shows the URL it will fetch",
      );
      assert.equal(
        await page.locator("[data-testid=domain-input]").inputValue(),
        "",
        "the input is cleared after adding",
      );
      assert.equal(await item.locator("[data-testid=domain-error]").count(), 0);

      // Verify without the file: the reason is shown in the item.
      const path = `/api/domains/${encodeURIComponent(source.host)}/verify`;
      const refused = nextApiResponse(page, {
        method: "POST",
        path,
        status: 400,
      });
      await item.locator("[data-testid=domain-verify]").click();
      const refusal = await (await refused).json();
      assert.equal(refusal.ok, false);
      assert.equal(refusal.error, "domain_verification_failed");
      const error = item.locator("[data-testid=domain-error]");
      await error.waitFor();
      const shown = (await error.textContent())?.trim() ?? "";
      assert.match(shown, /HTTP 404/);
      assert.equal(shown, refusal.message);
      assert.equal(
        shown,
        `Verification of ${source.host} failed: pm3k-verify.txt answered HTTP 404.`,
      );
      // Kept, it reads the same after a reload (the server renders it).
      await page.reload();
      await waitForIslands(page, watched, ["DomainsCard"]);
      assert.equal(
        (await item.locator("[data-testid=domain-error]").textContent())
          ?.trim(),
        shown,
      );
      assert.equal(await item.getAttribute("data-verified"), "false");
      assert.ok(
        source.hits.includes("/pm3k-verify.txt"),
        "the app fetched the verification file",
      );
      assert.equal(
        await card.locator(
          ".error-message[role=alert]:not([data-testid=domain-error])",
        ).count(),
        0,
        "a failed check is shown in its item, not as a card error",
      );

      // Put the file in place and verify again.
      source.verifyText = content;
      const accepted = nextApiResponse(page, {
        method: "POST",
        path,
        status: 200,
      });
      await item.locator("[data-testid=domain-verify]").click();
      const acceptance = await (await accepted).json();
      assert.equal(acceptance.verified, true);
      const verifiedAt = new Date(server.clock.now()).toISOString();
      assert.equal(acceptance.verified_at, verifiedAt);
      assert.equal(acceptance.last_error, null);

      const verifiedItem = page.locator(
        `[data-testid=domain-list] li[data-domain="${source.host}"][data-verified=true]`,
      );
      await verifiedItem.waitFor();
      assert.equal(
        (await verifiedItem.locator(".ok").textContent())?.trim()
          .replace(/\s/g, " "),
        `verified ${utcMinute(server.clock.now())}`,
      );
      assert.equal(await item.locator("[data-testid=domain-error]").count(), 0);
      assert.equal(
        await item.locator("[data-testid=domain-verify]").count(),
        0,
        "a verified domain has no Verify button",
      );
      assert.equal(
        await item.locator("[data-testid=domain-content]").count(),
        0,
        "a verified domain no longer shows the file instructions",
      );

      // Reload: the server renders the domain as verified.
      const reloaded = await page.reload();
      assert.ok(reloaded, "the reload answered");
      assert.match(
        await reloaded.text(),
        new RegExp(
          `<li data-domain="${
            escapeRegExp(source.host)
          }" data-verified="true">`,
        ),
        "the server-rendered dashboard lists the domain as verified",
      );
      await waitForIslands(page, watched, ["DomainsCard"]);
      await verifiedItem.waitFor();
      assert.equal(await items.count(), 1);
      assert.match(
        (await verifiedItem.locator(".ok").textContent())?.trim() ?? "",
        /^verified \d{1,2}\s[A-Z][a-z]{2}\s\d{4}, \d\d:\d\d\sUTC$/,
      );
      assert.equal(
        await verifiedItem.locator("[data-testid=domain-error]").count(),
        0,
      );

      // Check again: the file gone, the failure is said in the item and
      // the domain stays verified; back in place, the check says so.
      source.verifyText = null;
      const recheck = verifiedItem.locator("[data-testid=domain-recheck]");
      assert.match(await recheck.textContent() ?? "", /^Check again/);
      await recheck.click();
      const recheckError = verifiedItem.locator("[data-testid=domain-error]");
      await recheckError.waitFor();
      assert.equal(
        (await recheckError.textContent())?.trim(),
        `Verification of ${source.host} failed: pm3k-verify.txt answered HTTP 404. ${source.host} stays verified; remove it to stop using it.`,
      );
      assert.equal(await verifiedItem.count(), 1, "still verified");
      source.verifyText = content;
      await recheck.click();
      await recheckError.waitFor({ state: "detached" });
      assert.equal(
        (await card.locator("[data-testid=domains-status]").textContent())
          ?.trim(),
        `Checked ${source.host}: its file is in place.`,
      );

      const listed = await listDomainsInPage(page);
      assert.equal(listed.status, 200);
      const domains = listed.json.domains as Record<string, unknown>[];
      assert.equal(domains.length, 1);
      assert.equal(domains[0].domain, source.host);
      assert.equal(domains[0].verified, true);
      assert.equal(domains[0].verified_at, verifiedAt);

      // Remove asks first: "Keep it" keeps the domain, nothing is sent.
      const removeButton = verifiedItem.locator("[data-testid=domain-remove]");
      await removeButton.click();
      await verifiedItem.locator("[data-testid=domain-remove-no]").click();
      await removeButton.waitFor();
      assert.equal(await items.count(), 1, "kept");
      assert.equal(
        ((await listDomainsInPage(page)).json.domains as unknown[]).length,
        1,
      );
      // Confirmed: the item goes, and so does the registration.
      const removed = nextApiResponse(page, {
        method: "DELETE",
        path: `/api/domains/${encodeURIComponent(source.host)}`,
        status: 200,
      });
      await removeButton.click();
      const asked = verifiedItem.locator("[data-testid=domain-remove-confirm]");
      assert.match(await asked.textContent() ?? "", /Remove .*\?/);
      await asked.locator("[data-testid=domain-remove-yes]").click();
      assert.deepEqual(await (await removed).json(), {
        ok: true,
        deleted: true,
        domain: source.host,
      });
      await item.waitFor({ state: "detached" });
      assert.equal(await items.count(), 0);
      assert.deepEqual(await listDomainsInPage(page), {
        status: 200,
        json: { ok: true, domains: [] },
      });

      watched.watch.assertClean({ allowConsole: [STATUS_400_LOGGED] });
    });
  } finally {
    await source.close();
  }
});

Deno.test("adding an invalid domain shows the API's message", async () => {
  await withBrowser(async (run) => {
    const { page, watched } = run;
    await signInWithMonthlyPlan(run, "bad_domain");

    const refused = nextApiResponse(page, {
      method: "POST",
      path: "/api/domains",
      status: 400,
    });
    await page.fill("[data-testid=domain-input]", "not a domain");
    await page.click("[data-testid=domain-add]");
    const answer = await (await refused).json();
    assert.equal(answer.ok, false);
    assert.equal(answer.error, "bad_request");

    const alert = page.locator(
      "[data-testid=domains-card] .error-message[role=alert]",
    );
    await alert.waitFor();
    const message = (await alert.textContent())?.trim() ?? "";
    assert.equal(message, answer.message);
    assert.match(message, /is not a domain name/);
    assert.equal(
      await page.locator("[data-testid=domain-list] li").count(),
      0,
      "nothing was added",
    );
    assert.equal(
      await page.locator("[data-testid=domain-input]").inputValue(),
      "not a domain",
      "the input keeps what was typed, to correct it",
    );
    assert.ok(
      await page.locator("[data-testid=domain-add]").isEnabled(),
      "the button can be used again",
    );

    watched.watch.assertClean({ allowConsole: [STATUS_400_LOGGED] });
  });
});
