/**
 * Signed upload URLs of the local-disk adapter: an HMAC-SHA256 over the key,
 * the content type and the expiry, keyed from SECRET_KEY, so only URLs we
 * issued accept a PUT, and only until they expire.
 * @module
 */
import { constantTimeEqual } from "../crypto/hashing.ts";
import { deriveKeyFromSecret } from "../crypto/derive_key.ts";
import { toBase64Url } from "../crypto/token_cipher.ts";

export function deriveUploadKey(secret: string): Promise<CryptoKey> {
  return deriveKeyFromSecret(
    secret,
    "local-upload-urls-v1",
    { name: "HMAC", hash: "SHA-256", length: 256 },
    ["sign"],
  );
}

/** What a signed local upload URL allows. */
export interface UploadGrant {
  key: string;
  contentType: string;
  /** The declared size: the PUT may not send more. */
  maxBytes: number;
  expiresAt: number;
}

function payload(g: UploadGrant): string {
  return `${g.key}\n${g.contentType}\n${g.maxBytes}\n${g.expiresAt}`;
}

export async function signUpload(
  hmacKey: CryptoKey,
  grant: UploadGrant,
): Promise<string> {
  const mac = await crypto.subtle.sign(
    "HMAC",
    hmacKey,
    new TextEncoder().encode(payload(grant)),
  );
  return toBase64Url(new Uint8Array(mac));
}

/** True when `signature` is ours for this grant and not expired at `now`. */
export async function verifyUpload(
  hmacKey: CryptoKey,
  grant: UploadGrant,
  signature: string,
  now: number,
): Promise<boolean> {
  if (!Number.isFinite(grant.expiresAt) || grant.expiresAt <= now) {
    return false;
  }
  return constantTimeEqual(await signUpload(hmacKey, grant), signature);
}
