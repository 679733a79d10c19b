/**
 * The parts of the official MCP SDK (`@modelcontextprotocol/sdk`) that
 * PM3K's server uses, imported in this one place with their types: the
 * package's `./*` export maps `x.js` to types at `x.js.d.ts`, a file that
 * does not exist, so Deno would type those imports `any` (tsc strips the
 * `.js` first; modelcontextprotocol/typescript-sdk issue 2701). Where that
 * pattern applies, `@ts-types` names the real declarations.
 * @module
 */
export { Server } from "@modelcontextprotocol/sdk/server";
// @ts-types="@modelcontextprotocol/sdk/server/webStandardStreamableHttp"
export { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
// @ts-types="@modelcontextprotocol/sdk/types"
export {
  CallToolRequestSchema,
  ErrorCode,
  JSONRPCMessageSchema,
  ListToolsRequestSchema,
  McpError,
} from "@modelcontextprotocol/sdk/types.js";
export type {
  CallToolResult,
  Tool,
  ToolAnnotations,
} from "@modelcontextprotocol/sdk/types";
