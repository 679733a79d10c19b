/**
 * A JSON-RPC message's parts read before any schema has checked them
 * (mcp_batch.ts, mcp_server.ts, mcp_progress.ts).
 * @module
 */

/** A JSON object (not null, not an array). */
export function isJsonObject(
  value: unknown,
): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
