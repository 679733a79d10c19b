/**
 * A newcomer opens the embedded default at http://127.0.0.1:8000 while
 * PUBLIC_BASE_URL is http://localhost:8000: the sign-in's state cookie must
 * be set on the name the callback comes back to, or the callback says "does
 * not belong to this browser" (docs/accounts.md#sign-in-with-tiktok).
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { freePort } from "./_helpers/server_process.ts";
import { keys, listTyped } from "../lib/kv_keys.ts";

Deno.test("/auth/login on another loopback name first moves to PUBLIC_BASE_URL's", async () => {
  const port = freePort();
  const server = await startTestServer({
    port,
    env: { PUBLIC_BASE_URL: `http://localhost:${port}` },
  });
  try {
    const res = await fetch(`http://127.0.0.1:${port}/auth/login?add=1`, {
      redirect: "manual",
    });
    await res.body?.cancel();
    assert.equal(res.status, 302);
    assert.equal(
      res.headers.get("location"),
      `http://localhost:${port}/auth/login?add=1`,
    );
    // Nothing started here: no state cookie on 127.0.0.1, no attempt stored.
    assert.deepEqual(res.headers.getSetCookie(), []);
    assert.equal(
      (await listTyped(server.kv, keys.oauthAttempt("").slice(0, 1))).length,
      0,
    );
  } finally {
    await server.close();
  }
});

Deno.test("/auth/login on PUBLIC_BASE_URL's own name goes to TikTok", async () => {
  const server = await startTestServer();
  try {
    const res = await fetch(`${server.url}/auth/login`, { redirect: "manual" });
    await res.body?.cancel();
    assert.equal(res.status, 302);
    const location = new URL(res.headers.get("location")!);
    assert.equal(location.pathname, "/_sandbox/tiktok/v2/auth/authorize/");
    assert.equal(
      res.headers.getSetCookie().some((c) => !c.startsWith("=")),
      true,
    );
  } finally {
    await server.close();
  }
});
