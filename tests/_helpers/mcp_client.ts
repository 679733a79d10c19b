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
import { startTestServer } from "./test_server.ts";
import type { TestServer, TestServerOptions } from "./test_server.ts";
import { posterFor } from "./posting_setup.ts";
import type { Poster } from "./posting_setup.ts";

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

/** What {@link withMcpPoster} hands its test. */
export interface McpPoster {
  server: TestServer;
  /** The account, named as asked, with its API key and REST calls. */
  me: Poster;
  /** An MCP client sending `me`'s key. */
  client: Client;
}

/**
 * Runs `test` with a new test server (started with `options`), an account
 * named `name` on it and an MCP client with its key; closes the client and
 * the server after it, whether it passed or not. The set-up most MCP tests
 * share.
 */
export async function withMcpPoster(
  name: string,
  ...args:
    | [test: (t: McpPoster) => Promise<void>]
    | [options: TestServerOptions, test: (t: McpPoster) => Promise<void>]
): Promise<void> {
  const [options, test] = args.length === 1 ? [{}, args[0]] : args;
  const server = await startTestServer(options);
  try {
    const me = await posterFor(server, name);
    const client = await mcpClient(server, me.key);
    try {
      await test({ server, me, client });
    } finally {
      await client.close();
    }
  } finally {
    await server.close();
  }
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

/** A tools/call of `name` with `args`, as JSON-RPC (id 1), for postMcpRaw. */
export function toolCallBody(
  name: string,
  args: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    jsonrpc: "2.0",
    id: 1,
    method: "tools/call",
    params: { name, arguments: args },
  });
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
