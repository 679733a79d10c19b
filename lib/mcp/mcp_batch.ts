/**
 * JSON-RPC batches on `/mcp` are refused (docs/mcp.md#endpoint,
 * docs/decisions.md#mcp-batches): MCP's revision 2025-06-18 removed them,
 * and the SDK's transport runs every message of one, answering fewer than
 * it ran when two share an `id`. A batch is a JSON array body; it is
 * answered before any of its messages is read, so nothing in it runs.
 * @module
 */

/** JSON-RPC 2.0's code for a body that is not a valid Request object. */
export const INVALID_REQUEST = -32600;

/**
 * The JSON-RPC error body refusing a batch; `id` is null, as JSON-RPC
 * answers a request whose id it cannot tell.
 */
export const BATCH_REFUSED = {
  jsonrpc: "2.0",
  error: {
    code: INVALID_REQUEST,
    message:
      "Invalid Request: JSON-RPC batches (a JSON array) are not supported; send one request per POST.",
  },
  id: null,
} as const;

/** Whether a parsed body is a batch (an array, even empty). */
export function isBatch(body: unknown): boolean {
  return Array.isArray(body);
}
