/**
 * Parsed JSON read before any schema has checked it: a JSON-RPC message's
 * parts (lib/mcp), TikTok's event data (lib/tiktok_webhooks), an error
 * answer's body (lib/http/openapi).
 * @module
 */

/** A JSON object (not null, not an array). */
export function isJsonObject(
  value: unknown,
): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
