/**
 * An API key sent where PM3K does not read it (an `X-API-Key` header, the
 * query, as other APIs take it) is 401 `unauthorized` saying where it goes
 * (docs/accounts.md#api-keys), on `/api` and `/mcp`, not "Missing API key"
 * to a client that sent one; a key in a URL is told to be replaced, since
 * proxies and logs keep URLs.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { apiClientFor } from "./_helpers/api_client.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";

Deno.test("a key in X-API-Key or the query is 401 saying it goes in Authorization: Bearer", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "misplaced_key");
    const ping = {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json, text/event-stream",
      },
      body: '{"jsonrpc":"2.0","id":1,"method":"ping"}',
    };
    for (const base of ["/api/me", "/mcp"]) {
      const init: { headers?: Record<string, string> } & RequestInit =
        base === "/mcp" ? ping : {};
      const header = await assertJsonError(
        await fetch(`${server.url}${base}`, {
          ...init,
          headers: { ...init.headers, "X-API-Key": me.key },
        }),
        401,
        "unauthorized",
      );
      assert.match(
        String(header.message),
        /goes in the Authorization header \(Authorization: Bearer <your key>\), not in X-API-Key/,
        base,
      );
      const query = await assertJsonError(
        await fetch(`${server.url}${base}?api_key=${me.key}`, init),
        401,
        "unauthorized",
      );
      assert.match(String(query.message), /not in the query/, base);
      assert.match(String(query.message), /issue a new key/, base);
    }
    // Without any key, the words stay "Missing API key".
    const none = await assertJsonError(
      await fetch(`${server.url}/api/me`),
      401,
      "unauthorized",
    );
    assert.match(String(none.message), /^Missing API key/);
  } finally {
    await server.close();
  }
});

Deno.test("a query value that only starts with pm3k_ (a file name) is no key: without one, the words stay 'Missing API key'", async () => {
  const server = await startTestServer();
  try {
    const none = await assertJsonError(
      await fetch(`${server.url}/api/uploads?filename=pm3k_export.mp4`, {
        method: "POST",
        headers: { "Content-Type": "video/mp4" },
        body: new Uint8Array(8),
      }),
      401,
      "unauthorized",
    );
    assert.match(String(none.message), /^Missing API key/);
    assert.doesNotMatch(String(none.message), /issue a new key/);
  } finally {
    await server.close();
  }
});
