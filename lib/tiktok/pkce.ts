/**
 * PKCE the way TikTok wants it (docs/tiktok.md#pkce): the verifier is an
 * ordinary RFC 7636 verifier, but the S256 challenge is the lowercase HEX
 * SHA-256 of the verifier, not base64url.
 * @module
 */
import { generateRandomCodeVerifier, generateRandomState } from "oauth4webapi";
import { sha256Hex } from "../crypto/hashing.ts";

/** A new random verifier (43 chars of the unreserved set). */
export function newCodeVerifier(): string {
  return generateRandomCodeVerifier();
}

/** A new random OAuth `state`. */
export function newState(): string {
  return generateRandomState();
}

/** TikTok's S256 challenge: hex(sha256(verifier)). */
export function tiktokCodeChallenge(verifier: string): Promise<string> {
  return sha256Hex(verifier);
}
