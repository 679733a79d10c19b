/**
 * The official MCP SDK's own client, connected to a test server's `/mcp`
 * over HTTP. Typed imports as in lib/mcp/mcp_sdk.ts (the SDK's `x.js`
 * subpaths point Deno at declarations that do not exist).
 */
import { Client } from "@modelcontextprotocol/sdk/client";
// @ts-types="@modelcontextprotocol/sdk/client/streamableHttp"
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import assert from "node:assert/strict";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types";
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

/** Calls a tool that must succeed; its structured answer. */
export async function toolOk(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const result = await client.callTool({ name, arguments: args });
  const text = (result as CallToolResult).content[0];
  assert.ok(!result.isError, `${name}: ${JSON.stringify(result.content)}`);
  assert.equal(text.type, "text");
  assert.deepEqual(
    JSON.parse(text.type === "text" ? text.text : ""),
    result.structuredContent,
    "the text is the structured answer as JSON",
  );
  return result.structuredContent as Record<string, unknown>;
}

/** Calls a tool that must fail; the API error body its text carries. */
export async function toolError(
  client: Client,
  name: string,
  args: Record<string, unknown>,
  code: string,
): Promise<Record<string, unknown>> {
  const result = await client.callTool({ name, arguments: args });
  assert.equal(result.isError, true, JSON.stringify(result));
  const text = (result as CallToolResult).content[0];
  assert.equal(text.type, "text");
  const body = JSON.parse(text.type === "text" ? text.text : "");
  assert.equal(body.ok, false);
  assert.equal(body.error, code, JSON.stringify(body));
  assert.equal(typeof body.message, "string");
  return body;
}

/**
 * POSTs `body` to `/mcp` (with `query`, `?…`) as a streamable-HTTP client
 * would, by raw fetch: for messages the SDK's client never sends (batches,
 * malformed params, a query).
 */
export function postMcpRaw(
  base: string,
  key: string,
  body: string,
  query = "",
): Promise<Response> {
  return fetch(`${base}/mcp${query}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Accept: "application/json, text/event-stream",
      Authorization: `Bearer ${key}`,
    },
    body,
  });
}

/**
 * The JSON-RPC answer of a raw POST: its JSON body, or, for a tools/call
 * given a progressToken, the last message of its event stream
 * (docs/mcp.md#long-calls).
 */
export async function mcpAnswer(res: Response) {
  const text = await res.text();
  if (res.headers.get("content-type") !== "text/event-stream") {
    return JSON.parse(text);
  }
  const messages = text.split("\n")
    .filter((line) => line.startsWith("data: "))
    .map((line) => JSON.parse(line.slice("data: ".length)));
  return messages.at(-1);
}
