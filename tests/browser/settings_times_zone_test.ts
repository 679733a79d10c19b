/**
 * Settings' record times name their zone, as Compose's and the posts
 * page's do (docs/dashboard.md#times): "Current key expires …", a verified
 * domain's "verified …" and the webhook deliveries' "When". Nothing beside
 * them says whose time they are; before, in Los Angeles they showed a bare
 * "Jan 5, 2027, 9:42 AM".
 */
import assert from "node:assert/strict";
import {
  browserRunner,
  LOS_ANGELES,
  NAMED_IN_LOS_ANGELES,
  signInWithPlan,
  waitForIslands,
} from "../_helpers/browser_flows.ts";
import { apiInPage } from "../_helpers/dashboard_seed.ts";
import { startSourceServer } from "../_helpers/source_server.ts";

const ISLANDS = ["ApiKeyCard", "DomainsCard", "WebhookCard"];
const withBrowser = browserRunner(LOS_ANGELES);
const NAMED = NAMED_IN_LOS_ANGELES;

/** A customer's webhook receiver on loopback that answers 200 to all. */
function startReceiver() {
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    async (req) => {
      await req.text();
      return new Response("thanks");
    },
  );
  const { port } = server.addr as Deno.NetAddr;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    close: () => server.shutdown(),
  };
}

Deno.test("Settings' key expiry, a domain's verified time and the webhook log's When name their zone", async () => {
  const source = await startSourceServer();
  const receiver = startReceiver();
  try {
    await withBrowser(async (run) => {
      const { server, page, watched } = run;
      await signInWithPlan(run, "settings_zone_user", {
        planName: "Monthly",
        path: "/dashboard/settings",
        islands: ISLANDS,
      });
      const key = await apiInPage(page, "POST", "/dashboard/api_key");
      assert.equal(key.status, 200, JSON.stringify(key.body));
      const added = await apiInPage(page, "POST", "/api/domains", {
        domain: source.host,
      });
      assert.equal(added.status, 200, JSON.stringify(added.body));
      source.verifyText = String(added.body.file_content);
      const verified = await apiInPage(
        page,
        "POST",
        `/api/domains/${encodeURIComponent(source.host)}/verify`,
      );
      assert.equal(verified.status, 200, JSON.stringify(verified.body));
      const hook = await apiInPage(page, "PUT", "/api/webhook", {
        url: receiver.url,
      });
      assert.equal(hook.status, 200, JSON.stringify(hook.body));
      const tested = await apiInPage(page, "POST", "/api/webhook/test");
      assert.equal(tested.status, 200, JSON.stringify(tested.body));

      await page.goto(`${server.url}/dashboard/settings`);
      await waitForIslands(page, watched, ISLANDS);
      const said = (text: string | null) => (text ?? "").replace(/\s+/g, " ");
      assert.match(
        said(await page.getByTestId("key-expiry").innerText()),
        new RegExp(`^Current key expires ${NAMED.source}\\.$`),
      );
      const domain = page.locator(
        `[data-testid=domain-list] li[data-domain="${source.host}"] .ok`,
      );
      assert.match(
        said(await domain.innerText()).trim(),
        new RegExp(`^verified ${NAMED.source}$`),
      );
      const row = page.locator("[data-testid=webhook-log] tbody tr").first();
      await row.waitFor();
      const when = said(await row.locator("td").first().innerText()).trim();
      assert.match(when, new RegExp(`^${NAMED.source}$`), when);
      watched.watch.assertClean();
    });
  } finally {
    await receiver.close();
    await source.close();
  }
});
