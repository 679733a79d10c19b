/**
 * API keys: `pm3k_` + 32 random bytes (base64url). KV stores only the
 * SHA-256; issuing a new key deletes the old hash in the same atomic
 * operation, so the old key stops working at once.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { AppError } from "../errors.ts";
import { apiKeyLifetimeMs } from "../plans.ts";
import { constantTimeEqual, sha256Hex } from "../crypto/hashing.ts";
import { toBase64Url } from "../crypto/token_cipher.ts";
import type { Clock } from "../clock.ts";
import type { Account } from "../accounts/account.ts";

const KEY_PATTERN = /^pm3k_[A-Za-z0-9_-]{43}$/;

/** A freshly issued key: the only moment its plain text exists. */
export interface IssuedKey {
  apiKey: string;
  expiresAt: number;
}

/**
 * Issues a key for the account (or regenerates it, revoking the old one).
 * @throws {AppError} `plan_required` before a plan was chosen
 */
export async function issueApiKey(
  kv: Deno.Kv,
  clock: Clock,
  openId: string,
): Promise<IssuedKey> {
  const accountKey = keys.account(openId);
  for (let attempt = 0; attempt < 10; attempt++) {
    const current = await getTyped(kv, accountKey);
    const account = current.value;
    if (!account) {
      throw new AppError("not_found", `No account with open_id "${openId}"`);
    }
    if (!account.plan) {
      throw new AppError(
        "plan_required",
        "Choose a plan before issuing an API key.",
      );
    }
    const apiKey = `pm3k_${
      toBase64Url(crypto.getRandomValues(new Uint8Array(32)))
    }`;
    const hash = await sha256Hex(apiKey);
    const now = clock.now();
    const expiresAt = now + apiKeyLifetimeMs(account.plan);
    const next: Account = {
      ...account,
      apiKeyHash: hash,
      apiKeyExpiresAt: expiresAt,
      updatedAt: now,
    };
    const op = kv.atomic().check(current)
      .set(accountKey, next)
      .set(keys.apiKeyByHash(hash), {
        openId,
        hash,
        createdAt: now,
        expiresAt,
      });
    if (account.apiKeyHash) op.delete(keys.apiKeyByHash(account.apiKeyHash));
    if ((await op.commit()).ok) return { apiKey, expiresAt };
  }
  throw new Error("Cannot issue API key: too much contention");
}

/** Revokes the account's key, if any. */
export async function revokeApiKey(
  kv: Deno.Kv,
  clock: Clock,
  openId: string,
): Promise<void> {
  const accountKey = keys.account(openId);
  for (let attempt = 0; attempt < 10; attempt++) {
    const current = await getTyped(kv, accountKey);
    const account = current.value;
    if (!account?.apiKeyHash) return;
    const res = await kv.atomic().check(current)
      .set(accountKey, {
        ...account,
        apiKeyHash: null,
        apiKeyExpiresAt: null,
        updatedAt: clock.now(),
      })
      .delete(keys.apiKeyByHash(account.apiKeyHash))
      .commit();
    if (res.ok) return;
  }
  throw new Error("Cannot revoke API key: too much contention");
}

/**
 * Resolves the `Authorization` header value to an account.
 * @throws {AppError} `unauthorized` for a missing, malformed or unknown key;
 *   `key_expired` past its expiry
 */
export async function authenticateApiKey(
  kv: Deno.Kv,
  clock: Clock,
  authorization: string | undefined,
): Promise<Account> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) {
    throw new AppError(
      "unauthorized",
      "Missing API key: send Authorization: Bearer <your key>.",
    );
  }
  const apiKey = match[1];
  if (!KEY_PATTERN.test(apiKey)) {
    throw new AppError("unauthorized", "Malformed API key.");
  }
  const hash = await sha256Hex(apiKey);
  const record = (await getTyped(kv, keys.apiKeyByHash(hash))).value;
  // The hash lookup finds the row; the constant-time compare guards the
  // match itself against timing probes on the stored hash.
  if (!record || !constantTimeEqual(record.hash, hash)) {
    throw new AppError("unauthorized", "Unknown or revoked API key.");
  }
  if (clock.now() >= record.expiresAt) {
    throw new AppError(
      "key_expired",
      "This API key has expired: issue a new one in the dashboard.",
      { extra: { expired_at: new Date(record.expiresAt).toISOString() } },
    );
  }
  const account = (await getTyped(kv, keys.account(record.openId))).value;
  if (!account || account.apiKeyHash !== hash) {
    throw new AppError("unauthorized", "Unknown or revoked API key.");
  }
  return account;
}
