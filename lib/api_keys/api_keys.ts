/**
 * API keys: `pm3k_` + 32 random bytes (base64url). KV stores only the
 * SHA-256; issuing a new key deletes the old hash in the same atomic
 * operation, so the old key stops working at once.
 * @module
 */
import { getTyped, keys, requireTyped } from "../kv_keys.ts";
import { AppError } from "../errors.ts";
import { apiKeyLifetimeMs } from "../plans.ts";
import { constantTimeEqual, sha256Hex } from "../crypto/hashing.ts";
import { toBase64Url } from "../crypto/token_cipher.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { Account } from "../accounts/account_record.ts";
import {
  accountBeingDeleted,
  accountBusy,
  accountWithMark,
  noAccount,
} from "../accounts/accounts_store.ts";
import type { ApiKeyRecord } from "./api_key_record.ts";
import type { Credential } from "./credential.ts";
import { cachedEntry, rememberEntry } from "../kv_entry_cache.ts";

const KEY_PATTERN = /^pm3k_[A-Za-z0-9_-]{43}$/;

/** A freshly issued key: the only moment its plain text exists. */
export interface IssuedKey {
  apiKey: string;
  expiresAt: number;
}

/**
 * Issues a key for the account (or regenerates it, revoking the old one).
 * @throws {AppError} `plan_required` before a plan was chosen; `conflict`
 *   when other writes of the account win every attempt
 */
export async function issueApiKey(
  deps: Pick<AppDeps, "kv" | "clock">,
  openId: string,
): Promise<IssuedKey> {
  const { kv, clock } = deps;
  const accountKey = keys.account(openId);
  for (let attempt = 0; attempt < 10; attempt++) {
    const current = await requireTyped(
      kv,
      accountKey,
      () => noAccount(openId),
    );
    const account = current.value;
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
  throw accountBusy();
}

/** Revokes the account's key, if any. */
export async function revokeApiKey(
  deps: Pick<AppDeps, "kv" | "clock">,
  openId: string,
): Promise<void> {
  const { kv, clock } = deps;
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
  throw accountBusy();
}

/** A key of no account, or revoked: the usual cause is a key regenerated. */
const UNKNOWN_KEY =
  "Unknown or revoked API key: issuing a new key in the dashboard revokes the previous one, so send the latest key.";

/** The SHA-256 of the request's key, after the syntax checks. */
async function keyHashOf(authorization: string | undefined): Promise<string> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) {
    // A header that is there but not one Bearer key (the key alone,
    // "Bearer:", two keys) is the common mistake in a workflow tool's
    // credential: say so, not that the key is missing.
    throw new AppError(
      "unauthorized",
      authorization?.trim()
        ? 'Malformed Authorization header: send "Authorization: Bearer <your key>", the word Bearer, a space, then one key.'
        : "Missing API key: send Authorization: Bearer <your key>.",
    );
  }
  const apiKey = match[1];
  if (!KEY_PATTERN.test(apiKey)) {
    // The README's placeholder, a key cut short or one with a stray
    // character: say what a key looks like and where it comes from.
    throw new AppError(
      "unauthorized",
      "Malformed API key: an API key is pm3k_ followed by 43 letters, digits, - or _, as the dashboard's API key card shows it once; copy it whole, or issue a new one there.",
    );
  }
  return await sha256Hex(apiKey);
}

/**
 * The account a key hash proves, from its key record and account entries
 * and the account's deletion mark (`erasing`: the mark is there).
 * @throws {AppError} `unauthorized` for an unknown or revoked key, or one
 *   of an account being deleted; `key_expired` past its expiry
 */
function accountForKey(
  hash: string,
  record: ApiKeyRecord | null,
  account: Account | null,
  erasing: boolean,
  now: number,
): Account {
  // The hash lookup finds the row; the constant-time compare guards the
  // match itself against timing probes on the stored hash.
  if (!record || !constantTimeEqual(record.hash, hash)) {
    throw new AppError("unauthorized", UNKNOWN_KEY);
  }
  if (now >= record.expiresAt) {
    throw new AppError(
      "key_expired",
      "This API key has expired: issue a new one in the dashboard.",
      { extra: { expired_at: new Date(record.expiresAt).toISOString() } },
    );
  }
  if (!account || account.apiKeyHash !== hash) {
    throw new AppError("unauthorized", UNKNOWN_KEY);
  }
  // Marked before TikTok's revoke: a deletion cut short there leaves the
  // key refused until it is finished (docs/accounts.md#deleting-an-account).
  if (erasing) throw accountBeingDeleted();
  return account;
}

/**
 * Reads the key record, then its account with its deletion mark in the
 * same read (no round trip more); all stay in the entry cache.
 */
async function authenticateHash(
  deps: Pick<AppDeps, "kv" | "clock">,
  hash: string,
): Promise<Account> {
  const { kv, clock } = deps;
  const record = await getTyped(kv, keys.apiKeyByHash(hash));
  rememberEntry(kv, record);
  const openId = record.value?.openId;
  const [account, mark] = openId
    ? await accountWithMark(kv, openId)
    : [null, null];
  if (account) rememberEntry(kv, account);
  if (mark) rememberEntry(kv, mark);
  return accountForKey(
    hash,
    record.value,
    account?.value ?? null,
    mark?.value != null,
    clock.now(),
  );
}

/**
 * Resolves the `Authorization` header value to an account, from fresh reads.
 * @throws {AppError} `unauthorized` for a missing, malformed or unknown key;
 *   `key_expired` past its expiry
 */
export async function authenticateApiKey(
  deps: Pick<AppDeps, "kv" | "clock">,
  authorization: string | undefined,
): Promise<Account> {
  return await authenticateHash(deps, await keyHashOf(authorization));
}

/**
 * The credential of a key for a path that commits anyway: taken from the
 * entry cache when the cached entries still prove the key (the caller's
 * commit then checks them), else from fresh reads.
 * @throws {AppError} as {@link authenticateApiKey}
 */
export async function keyCredential(
  deps: Pick<AppDeps, "kv" | "clock">,
  authorization: string | undefined,
): Promise<Credential> {
  const { kv, clock } = deps;
  const hash = await keyHashOf(authorization);
  const recordKey = keys.apiKeyByHash(hash);
  const openId = cachedEntry(kv, recordKey)?.value?.openId ??
    (await authenticateHash(deps, hash)).openId;
  // The mark too: a deletion marked since the cache was filled fails the
  // caller's commit, and the fresh reads then refuse the key.
  const proofKeys: Deno.KvKey[] = [
    recordKey,
    keys.account(openId),
    keys.erasurePending(openId),
  ];
  const credential: Credential = {
    openId,
    proofKeys,
    confirm([record, account, mark], now) {
      accountForKey(
        hash,
        record.value as ApiKeyRecord | null,
        account.value as Account | null,
        mark.value !== null,
        now,
      );
    },
    settle: async () => {
      await authenticateHash(deps, hash);
    },
  };
  const cached = proofKeys.map((k) => cachedEntry(kv, k));
  let proven = cached.every((e) => e !== undefined);
  if (proven) {
    try {
      credential.confirm(cached as Deno.KvEntryMaybe<unknown>[], clock.now());
    } catch {
      proven = false;
    }
  }
  // The cache says no (or nothing): fresh reads decide, and throw the
  // API's 401 if the key really is unknown, revoked or expired.
  if (!proven) await credential.settle();
  return credential;
}
