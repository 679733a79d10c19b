/**
 * How a secret is kept at rest (written and read by token_cipher.ts).
 * @module
 */

/** `v1.<iv base64url>.<ciphertext base64url>` */
export type EncryptedText = string;
