/**
 * SHA-256 hex digests and constant-time comparison.
 * @module
 */
import { createHash } from "node:crypto";

/**
 * Lowercase hex SHA-256 of a UTF-8 string. node:crypto hashes in place:
 * Web Crypto's promise round trip cost more than the hash itself on the
 * API's hot path (every request hashes its API key).
 */
export function sha256Hex(text: string): Promise<string> {
  return Promise.resolve(createHash("sha256").update(text).digest("hex"));
}

/**
 * Compares two strings without leaking where they differ (the time depends
 * on the length only). Plain char-code arithmetic: no encoding or buffers on
 * the API's hot path, which checks a key hash on every request.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
