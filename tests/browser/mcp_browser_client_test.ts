/**
 * A browser-based MCP client (docs/mcp.md#browser-clients): a page on
 * another origin calls `/mcp` from Chromium with a key it holds, through
 * the real CORS preflight, and reads the answer and a 401's challenge.
 */
import assert from "node:assert/strict";
import { launchChromium } from "../_helpers/browser.ts";
import { startLoopbackSite } from "../_helpers/loopback_site.ts";
import { startTestServer } from "../_helpers/test_server.ts";
import { posterFor } from "../_helpers/posting_setup.ts";

Deno.test("MCP from a browser page on another origin: Chromium's preflight passes and the page reads the answers", async () => {
  const server = await startTestServer();
  const site = startLoopbackSite(() =>
    new Response("<!doctype html><title>agent</title>", {
      headers: { "Content-Type": "text/html" },
    })
  );
  const chromium = await launchChromium();
  try {
    const me = await posterFor(server, "mcp_browser_page");
    const page = await chromium.browser.newPage();
    await page.goto(site.base);
    const seen = await page.evaluate(
      async ({ url, key }) => {
        const call = async (auth: string | null, body: unknown) => {
          const headers: Record<string, string> = {
            "Content-Type": "application/json",
            Accept: "application/json, text/event-stream",
            "Mcp-Protocol-Version": "2025-06-18",
          };
          if (auth) headers.Authorization = `Bearer ${auth}`;
          const res = await fetch(url, {
            method: "POST",
            headers,
            body: JSON.stringify(body),
          });
          return {
            status: res.status,
            challenge: res.headers.get("WWW-Authenticate"),
            json: await res.json(),
          };
        };
        const list = await call(key, {
          jsonrpc: "2.0",
          id: 1,
          method: "tools/list",
        });
        const refused = await call(null, {
          jsonrpc: "2.0",
          id: 2,
          method: "ping",
        });
        return { list, refused };
      },
      { url: `${server.url}/mcp`, key: me.key },
    );
    assert.equal(seen.list.status, 200);
    assert.ok(
      seen.list.json.result.tools.some((t: { name: string }) =>
        t.name === "post_video"
      ),
    );
    assert.equal(seen.refused.status, 401);
    assert.equal(seen.refused.challenge, 'Bearer realm="pm3k"');
    assert.equal(seen.refused.json.error, "unauthorized");
  } finally {
    await chromium.close();
    await site.close();
    await server.close();
  }
});
