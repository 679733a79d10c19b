/**
 * Purpose-bound keys from the service secret (HKDF-SHA-256): each use gets
 * its own key, so one secret never serves two purposes directly.
 * @module
 */

/** Derives a key for `purpose` (the HKDF info) from SECRET_KEY. */
export async function deriveKeyFromSecret(
  secret: string,
  purpose: string,
  algorithm: AesKeyGenParams | HmacKeyGenParams,
  usages: KeyUsage[],
): Promise<CryptoKey> {
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
      info: new TextEncoder().encode(purpose),
    },
    material,
    algorithm,
    false,
    usages,
  );
}
