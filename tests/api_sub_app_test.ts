/**
 * The API is its own sub-app at /api: JSON answers and API headers whatever
 * the client accepts, while pages keep their HTML errors and page CSP.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { issueKeyFromDashboard, signIn } from "./_helpers/sandbox_sign_in.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";

const API_CSP = "default-src 'none'; frame-ancestors 'none'";
const BROWSER_ACCEPT = "text/html,application/xhtml+xml,*/*;q=0.8";

Deno.test("API answers are JSON with the API's headers even when a browser asks for HTML", async () => {
  const server = await startTestServer();
  try {
    const { jar } = await signIn(server, "subapp_user", "free");
    const key = String((await issueKeyFromDashboard(server, jar)).body.api_key);
    const unknown = await fetch(`${server.url}/api/no/such/route`, {
      headers: { Authorization: `Bearer ${key}`, Accept: BROWSER_ACCEPT },
    });
    assert.equal(unknown.headers.get("content-security-policy"), API_CSP);
    await assertJsonError(unknown, 404, "not_found");

    const anonymous = await fetch(`${server.url}/api/me`, {
      headers: { Accept: BROWSER_ACCEPT },
    });
    assert.equal(anonymous.headers.get("content-security-policy"), API_CSP);
    await assertJsonError(anonymous, 401, "unauthorized");
  } finally {
    await server.close();
  }
});

Deno.test("an unknown page answers an HTML page with the page CSP, not the API's", async () => {
  const server = await startTestServer();
  try {
    const res = await fetch(`${server.url}/no/such/page`, {
      headers: { Accept: BROWSER_ACCEPT },
    });
    assert.equal(res.status, 404);
    assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
    const csp = res.headers.get("content-security-policy") ?? "";
    assert.match(csp, /script-src 'self' 'nonce-/);
    assert.match(await res.text(), /Page not found/);
  } finally {
    await server.close();
  }
});

Deno.test("API answers are not to be stored by caches, but the public OpenAPI document may be", async () => {
  const server = await startTestServer();
  try {
    const { jar } = await signIn(server, "no_store_user", "free");
    const key = String((await issueKeyFromDashboard(server, jar)).body.api_key);
    const auth = { Authorization: `Bearer ${key}` };
    for (const path of ["/api/me", "/api/webhook", "/api/no/such/route"]) {
      const res = await fetch(`${server.url}${path}`, { headers: auth });
      await res.body?.cancel();
      assert.equal(res.headers.get("cache-control"), "no-store", path);
    }
    const refused = await fetch(`${server.url}/api/me`);
    await refused.body?.cancel();
    assert.equal(refused.headers.get("cache-control"), "no-store");
    const doc = await fetch(`${server.url}/api/openapi.json`);
    await doc.body?.cancel();
    assert.equal(doc.headers.get("cache-control"), "public, max-age=300");
  } finally {
    await server.close();
  }
});
