/**
 * Signed upload URLs of the local-disk adapter: an HMAC-SHA256 over the key,
 * the content type and the expiry, keyed from SECRET_KEY, so only URLs we
 * issued accept a PUT, and only until they expire.
 * @module
 */
import { constantTimeEqual } from "../crypto/hashing.ts";
import { toBase64Url } from "../crypto/token_cipher.ts";

export async function deriveUploadKey(secret: string): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    "HKDF",
    false,
    ["deriveKey"],
  );
  return crypto.subtle.deriveKey(
    {
      name: "HKDF",
      hash: "SHA-256",
      salt: new TextEncoder().encode("pm3k"),
      info: new TextEncoder().encode("local-upload-urls-v1"),
    },
    material,
    { name: "HMAC", hash: "SHA-256", length: 256 },
    false,
    ["sign"],
  );
}

function payload(key: string, contentType: string, expiresAt: number): string {
  return `${key}\n${contentType}\n${expiresAt}`;
}

export async function signUpload(
  hmacKey: CryptoKey,
  key: string,
  contentType: string,
  expiresAt: number,
): Promise<string> {
  const mac = await crypto.subtle.sign(
    "HMAC",
    hmacKey,
    new TextEncoder().encode(payload(key, contentType, expiresAt)),
  );
  return toBase64Url(new Uint8Array(mac));
}

/** True when `signature` is ours for these values and not expired at `now`. */
export async function verifyUpload(
  hmacKey: CryptoKey,
  values: {
    key: string;
    contentType: string;
    expiresAt: number;
    signature: string;
  },
  now: number,
): Promise<boolean> {
  if (!Number.isFinite(values.expiresAt) || values.expiresAt <= now) {
    return false;
  }
  const expected = await signUpload(
    hmacKey,
    values.key,
    values.contentType,
    values.expiresAt,
  );
  return constantTimeEqual(expected, values.signature);
}
