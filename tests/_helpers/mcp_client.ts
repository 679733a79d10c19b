/**
 * The official MCP SDK's own client, connected to a test server's `/mcp`
 * over HTTP. Typed imports as in lib/mcp/mcp_sdk.ts (the SDK's `x.js`
 * subpaths point Deno at declarations that do not exist).
 */
import { Client } from "@modelcontextprotocol/sdk/client";
// @ts-types="@modelcontextprotocol/sdk/client/streamableHttp"
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { TestServer } from "./test_server.ts";

export type { Client };
export type {
  CallToolResult,
  ListToolsResult,
} from "@modelcontextprotocol/sdk/types";

/**
 * A client of the server's `/mcp`, sending `key` as its Bearer token. It
 * lists the tools once, so the client checks every structured answer
 * against the tool's output schema.
 */
export async function mcpClient(
  server: TestServer,
  key: string,
): Promise<Client> {
  const client = new Client({ name: "pm3k-test", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${key}` } },
    }),
  );
  await client.listTools();
  return client;
}
