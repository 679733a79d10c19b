/**
 * SHA-256 hex digests and constant-time comparison.
 * @module
 */
import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Lowercase hex SHA-256 of a UTF-8 string. node:crypto hashes in place:
 * Web Crypto's promise round trip cost more than the hash itself on the
 * API's hot path (every request hashes its API key).
 */
export function sha256Hex(text: string): Promise<string> {
  return Promise.resolve(createHash("sha256").update(text).digest("hex"));
}

/** Compares two strings without leaking where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}
