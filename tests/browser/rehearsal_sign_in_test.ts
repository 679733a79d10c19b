/**
 * The rehearsal of docs/tiktok-audit.md#a-rehearsal-against-the-simulator in
 * a real headless Chromium: PM3K in production mode, its TikTok hosts
 * pointed at the simulator served by a second PM3K (sandbox mode, the first
 * one's PUBLIC_BASE_URL) on another port. The simulator's consent page
 * sends the browser back to the first one's callback, another origin, which
 * its Content-Security-Policy (`form-action`) must let through; the
 * composer shows the creator's avatar from the simulator's http address.
 */
import assert from "node:assert/strict";
import { browserRunner, CONSENT_PAGE } from "../_helpers/browser_flows.ts";
import { startTestServer } from "../_helpers/test_server.ts";
import { freePort } from "../_helpers/server_process.ts";

const simPort = freePort();
const sim = `http://127.0.0.1:${simPort}/_sandbox/tiktok`;

const rehearsal = browserRunner({}, {
  env: {
    TIKTOK_CLIENT_KEY: "pm3k_sandbox_client",
    TIKTOK_CLIENT_SECRET: "pm3k_sandbox_secret",
    TIKTOK_AUTH_BASE_URL: sim,
    TIKTOK_API_BASE_URL: sim,
    TIKTOK_APP_AUDITED: "false",
    OPERATOR_NAME: "Example Ops Ltd",
    CONTACT_EMAIL: "ops@example.com",
  },
});

Deno.test("rehearsal: the simulator on another port signs the creator in to the first PM3K, and the composer shows the avatar", async () => {
  await rehearsal(async ({ server, watched, page }) => {
    const simulator = await startTestServer({
      port: simPort,
      env: {
        PUBLIC_BASE_URL: server.url,
        FILES_BASE_URL: `${server.url}/files`,
        TIKTOK_APP_AUDITED: "false",
      },
    });
    try {
      await page.goto(`${server.url}/`);
      await page.click("[data-testid=sign-in]");
      await page.waitForURL(CONSENT_PAGE);
      assert.ok(page.url().startsWith(sim), page.url());
      await page.fill("input[name=username]", "rehearsal_one");
      await page.click("button[name=decision][value=authorize]");
      await page.waitForURL(`${server.url}/dashboard`).catch((error) => {
        throw new Error(
          `the consent page did not send the browser back (${page.url()}): ${
            watched.watch.cspViolations().join("; ") || error
          }`,
        );
      });
      await page.locator("[data-testid=plan-choice]").waitFor();
      await page.click("button[name=plan][value=free]");
      await page.waitForURL(/\/dashboard$/);
      const creator = page.locator("[data-testid=post-creator]", {
        hasText: "Posting to",
      });
      await creator.waitFor();
      const avatar = creator.locator("img");
      assert.ok(
        (await avatar.getAttribute("src"))?.startsWith(sim),
        "the avatar is the simulator's",
      );
      await page.waitForFunction(
        (img) => (img as HTMLImageElement).complete,
        await avatar.elementHandle(),
      );
      assert.ok(
        await avatar.evaluate((img) => (img as HTMLImageElement).naturalWidth) >
          0,
        `the avatar loads: ${watched.watch.cspViolations().join("; ")}`,
      );
      assert.deepEqual(watched.watch.cspViolations(), []);

      // Production mode, even with TikTok's hosts at the simulator: public
      // posts' links are TikTok's own pages (docs/posting.md#posts-page),
      // not the simulator's, given to the posts list with its props.
      const posts = await (await page.request.get(
        `${server.url}/dashboard/posts`,
      )).text();
      const site = posts.match(/"postsSite":"([^"]*)"/)?.[1];
      assert.equal(
        site?.replace(/\\u002F|\\\//g, "/"),
        "https://www.tiktok.com",
      );
    } finally {
      await simulator.close();
    }
  });
});
