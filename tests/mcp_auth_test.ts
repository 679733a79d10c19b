/**
 * A refused key on `/mcp` (docs/mcp.md#endpoint): 401 with the API's JSON
 * error and RFC 6750's `WWW-Authenticate: Bearer` challenge, as MCP's
 * authorization spec asks; an expired key reaches the SDK's client saying
 * key_expired and what to do.
 */
import assert from "node:assert/strict";
import { mcpClient, postMcpRaw } from "./_helpers/mcp_client.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";
import { PLANS } from "../lib/plans.ts";

const DAY = 86_400_000;

const PING = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" });

Deno.test("MCP: a 401 challenges with WWW-Authenticate Bearer, invalid_token when a key was sent, none when no key was", async () => {
  const server = await startTestServer();
  const me = await posterFor(server, "mcp_challenged");
  try {
    const none = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json, text/event-stream",
      },
      body: PING,
    });
    assert.equal(none.headers.get("www-authenticate"), 'Bearer realm="pm3k"');
    await assertJsonError(none, 401, "unauthorized");
    const unknown = await postMcpRaw(
      server.url,
      `pm3k_${"x".repeat(43)}`,
      PING,
    );
    assert.equal(
      unknown.headers.get("www-authenticate"),
      'Bearer realm="pm3k", error="invalid_token"',
    );
    await assertJsonError(unknown, 401, "unauthorized");
    server.clock.advance(PLANS.monthly.apiKeyLifetimeDays * DAY);
    const expired = await postMcpRaw(server.url, me.key, PING);
    assert.equal(
      expired.headers.get("www-authenticate"),
      'Bearer realm="pm3k", error="invalid_token"',
    );
    await assertJsonError(expired, 401, "key_expired");
    // The SDK's client shows the body: what went wrong and what to do.
    await assert.rejects(mcpClient(server, me.key), (error: Error) => {
      assert.match(error.message, /"error":"key_expired"/);
      assert.match(error.message, /issue a new one in the dashboard/);
      return true;
    });
  } finally {
    await server.close();
  }
});
