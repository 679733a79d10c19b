/**
 * AES-GCM encryption of TikTok tokens at rest. The key is derived from
 * SECRET_KEY with HKDF so the same secret can also sign other things under
 * other labels without reusing key material.
 * @module
 */

import { deriveKeyFromSecret } from "./derive_key.ts";
import type { EncryptedText } from "./encrypted_text_record.ts";

const encoder = new TextEncoder();

/** Derives a purpose-bound AES-GCM key from the service secret. */
export function deriveTokenKey(secret: string): Promise<CryptoKey> {
  return deriveKeyFromSecret(
    secret,
    "tiktok-tokens-v1",
    { name: "AES-GCM", length: 256 },
    ["encrypt", "decrypt"],
  );
}

/** Encrypts `plain` with a fresh 96-bit IV. */
export async function encryptText(
  key: CryptoKey,
  plain: string,
): Promise<EncryptedText> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv },
    key,
    encoder.encode(plain),
  );
  return `v1.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`;
}

/**
 * Decrypts a value made by {@link encryptText}.
 * @throws {Error} when the value was tampered with or another key sealed it
 */
export async function decryptText(
  key: CryptoKey,
  sealed: EncryptedText,
): Promise<string> {
  const [version, iv, data] = sealed.split(".");
  if (version !== "v1" || !iv || !data) {
    throw new Error("Cannot decrypt token: unknown format");
  }
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: fromBase64Url(iv) },
    key,
    fromBase64Url(data),
  );
  return new TextDecoder().decode(plain);
}

/** Base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll("+", "-").replaceAll("/", "_").replace(
    /=+$/,
    "",
  );
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const b64 = text.replaceAll("-", "+").replaceAll("_", "/");
  const bin = atob(b64 + "=".repeat((4 - b64.length % 4) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}
