/**
 * A JSON-RPC error of PM3K's MCP server (docs/mcp.md#answers-and-errors)
 * whose message goes out as the bare sentence. The SDK's `McpError` writes
 * "MCP error -32602: " before its message, the server sends that message
 * as it is, and the SDK's client, making its own `McpError` of the answer,
 * writes it again: a host showed "MCP error -32602: MCP error -32602: …".
 * @module
 */
import { McpError } from "./mcp_sdk.ts";

/** An `McpError` whose `message` (what the SDK sends) is `message` alone. */
export class ProtocolError extends McpError {
  constructor(code: number, message: string, data?: unknown) {
    super(code, message, data);
    this.message = message;
  }
}
