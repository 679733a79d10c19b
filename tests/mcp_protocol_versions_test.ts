/**
 * The MCP protocol versions `/mcp` speaks (docs/mcp.md#endpoint): an
 * older client gets its own version back, a newer one the latest the
 * server knows, as MCP's version negotiation asks; a request naming an
 * unknown version in its MCP-Protocol-Version header is refused, 400.
 */
import assert from "node:assert/strict";
import { postMcpRaw } from "./_helpers/mcp_client.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";

const initialize = (protocolVersion: string) =>
  JSON.stringify({
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: {
      protocolVersion,
      capabilities: {},
      clientInfo: { name: "raw", version: "1" },
    },
  });

Deno.test("MCP initialize answers an older client's own protocol version and a newer client's the latest, with tools only; an unknown version header is 400", async () => {
  const server = await startTestServer();
  const me = await posterFor(server, "mcp_versions");
  try {
    for (const version of ["2024-11-05", "2025-03-26", "2025-06-18"]) {
      const res = await postMcpRaw(server.url, me.key, initialize(version));
      const answer = await res.json();
      assert.equal(answer.result.protocolVersion, version);
      assert.deepEqual(answer.result.capabilities, { tools: {} });
    }
    // Only tools: what a client asks of other capabilities is no method.
    for (const method of ["resources/list", "prompts/list"]) {
      const res = await postMcpRaw(
        server.url,
        me.key,
        JSON.stringify({ jsonrpc: "2.0", id: 3, method }),
      );
      assert.equal((await res.json()).error.code, -32601, method);
    }
    const newer = await postMcpRaw(
      server.url,
      me.key,
      initialize("2099-01-01"),
    );
    assert.equal((await newer.json()).result.protocolVersion, "2025-11-25");
    const unknown = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json, text/event-stream",
        Authorization: `Bearer ${me.key}`,
        "MCP-Protocol-Version": "2099-01-01",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }),
    });
    assert.equal(unknown.status, 400);
    const refused = await unknown.json();
    assert.equal(refused.error.code, -32000);
    assert.match(refused.error.message, /Unsupported protocol version/);
  } finally {
    await server.close();
  }
});
