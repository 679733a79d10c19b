/**
 * Account rows in KV: upsert on sign-in, plan choice, listing. Every write
 * that changes the TikTok grant moves the account's token expiry entry in
 * the same commit (token_expiry_index.ts).
 * @module
 */
import { getTyped, keys, listTyped, requireTyped } from "../kv_keys.ts";
import { AppError, echoed } from "../errors.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { PlanId } from "./account_record.ts";
import type { Account, TikTokGrant } from "./account_record.ts";
import { stepTokenExpiry } from "./token_expiry_index.ts";
import { ErasureStillPending } from "../erasure/erasure_still_pending.ts";

/** What sign-in learns about a TikTok user. */
export interface SignInProfile {
  openId: string;
  displayName: string;
  avatarUrl: string;
  tiktok: TikTokGrant;
}

/**
 * Creates the account on first sign-in, or refreshes its profile and tokens.
 * The plan, API key and creation time of an existing account are kept.
 * Never while a deletion of the same open_id is unfinished
 * (docs/accounts.md#a-deletion-cut-short): its commit checks there is none.
 * @throws {ErasureStillPending} while one is
 */
export async function upsertAccount(
  deps: Pick<AppDeps, "kv" | "clock">,
  profile: SignInProfile,
): Promise<{ account: Account; created: boolean; reconnected: boolean }> {
  const { kv, clock } = deps;
  const k = keys.account(profile.openId);
  for (let attempt = 0; attempt < 10; attempt++) {
    const current = await getTyped(kv, k);
    const pending = await getTyped(kv, keys.erasurePending(profile.openId));
    const now = clock.now();
    if (pending.value) {
      throw new ErasureStillPending(
        profile.openId,
        // Unheld, the retention cron finishes it within a minute or so.
        pending.value.claimedUntil > now
          ? Math.ceil((pending.value.claimedUntil - now) / 1000)
          : 60,
      );
    }
    const account: Account = current.value
      ? {
        ...withoutDisconnect(current.value),
        displayName: profile.displayName,
        avatarUrl: profile.avatarUrl,
        tiktok: profile.tiktok,
        tiktokReauthRequired: false,
        updatedAt: now,
      }
      : {
        openId: profile.openId,
        displayName: profile.displayName,
        avatarUrl: profile.avatarUrl,
        plan: null,
        createdAt: now,
        updatedAt: now,
        apiKeyHash: null,
        apiKeyExpiresAt: null,
        tiktok: profile.tiktok,
      };
    // The grant and its place in the token expiry index, in one commit.
    const op = kv.atomic().check(current, pending).set(k, account);
    stepTokenExpiry(op, profile.openId, current.value, account);
    const res = await op.commit();
    if (res.ok) {
      return {
        account,
        created: current.value === null,
        // TikTok had ended its access: the page after says it is back.
        reconnected: current.value?.tiktokReauthRequired === true,
      };
    }
  }
  throw accountBusy();
}

/**
 * Every attempt lost to another write of the same account (a burst of
 * form submissions, say): the API's 409 `conflict` "try again"
 * (docs/api.md#error-codes), nothing written, never a 500.
 */
export function accountBusy(): AppError {
  return new AppError(
    "conflict",
    "This account was being changed by other requests at the same moment; nothing was saved: try again.",
  );
}

/** The account without its disconnection marks (signing in reconnects). */
function withoutDisconnect(account: Account): Account {
  const { disconnectedAt: _at, disconnectReason: _why, ...rest } = account;
  return rest;
}

/**
 * The answer to work whose account was deleted while its request ran
 * (docs/accounts.md#deleting-an-account): the API key that began it
 * answers 401 from then on, and so does the request.
 */
export function accountDeleted(): AppError {
  return new AppError(
    "unauthorized",
    "This TikTok account was deleted here while the request ran.",
  );
}

/**
 * The answer to a key or session of an account whose deletion is marked
 * (docs/accounts.md#deleting-an-account): it acts for nobody from the
 * mark on, before TikTok's revoke, so a deletion cut short there leaves
 * nothing acting for it until the deletion is finished.
 */
export function accountBeingDeleted(): AppError {
  return new AccountBeingDeleted(
    "unauthorized",
    "This TikTok account is being deleted here: its API key and dashboard sessions no longer work.",
  );
}

/** {@link accountBeingDeleted}'s error, told apart by its class. */
class AccountBeingDeleted extends AppError {}

/**
 * A job's words for {@link accountBeingDeleted}'s error (a job claimed
 * before the mark that then needed a token): its reader holds no key or
 * session to be told about; null for any other error.
 */
export function jobBeingDeleted(error: AppError): string | null {
  return error instanceof AccountBeingDeleted
    ? "This TikTok account is being deleted here: the post was not made."
    : null;
}

/**
 * The account and its deletion mark, in one read round trip (the mark's
 * key beside the account's): what a key or a session opens, and what its
 * commit checks.
 */
export async function accountWithMark(
  kv: Deno.Kv,
  openId: string,
): Promise<[Deno.KvEntryMaybe<Account>, Deno.KvEntryMaybe<unknown>]> {
  const [account, mark] = await kv.getMany<[Account, unknown]>([
    keys.account(openId),
    keys.erasurePending(openId),
  ]);
  return [account, mark];
}

/**
 * The account a dashboard session opens: null when it is gone or its
 * deletion is marked (the session then opens nothing, as after the
 * deletion's commit).
 */
export async function getOpenableAccount(
  deps: Pick<AppDeps, "kv">,
  openId: string,
): Promise<Account | null> {
  const [account, mark] = await accountWithMark(deps.kv, openId);
  return mark.value === null ? account.value : null;
}

/** The account, or null. */
export async function getAccount(
  deps: Pick<AppDeps, "kv">,
  openId: string,
): Promise<Account | null> {
  return (await getTyped(deps.kv, keys.account(openId))).value;
}

/** The account, or a `not_found` error. */
export async function requireAccount(
  deps: Pick<AppDeps, "kv">,
  openId: string,
): Promise<Account> {
  const k = keys.account(openId);
  return (await requireTyped(deps.kv, k, () => noAccount(openId))).value;
}

/** The `not_found` of an account that is not (or no longer) there. */
export function noAccount(openId: string): AppError {
  return new AppError(
    "not_found",
    `No account with open_id "${echoed(openId)}"`,
  );
}

/** Records the plan the user chose. */
export function setPlan(
  deps: Pick<AppDeps, "kv" | "clock">,
  openId: string,
  plan: PlanId,
): Promise<Account> {
  return updateAccount(deps, openId, (a) => ({
    ...a,
    plan,
    updatedAt: deps.clock.now(),
  }));
}

/**
 * Keeps the creator's TikTok handle on the account when it is new or
 * changed; an empty handle (TikTok sent none) changes nothing.
 */
export async function rememberTikTokUsername(
  deps: Pick<AppDeps, "kv">,
  account: Account,
  username: string,
): Promise<void> {
  if (!username || account.tiktokUsername === username) return;
  await updateAccount(
    deps,
    account.openId,
    (a) => ({ ...a, tiktokUsername: username }),
  );
}

/** Every account, in open_id order. */
export async function listAccounts(
  deps: Pick<AppDeps, "kv">,
): Promise<Account[]> {
  return (await listTyped(deps.kv, keys.accountsPrefix())).map((e) => e.value);
}

/**
 * Read-modify-write of one account with an optimistic check. With
 * `guard`, the account's deletion mark is read with it on each attempt
 * and checked unchanged by the commit: the guard sees the account (null:
 * gone) and whether the mark is there, and what it returns (not undefined)
 * ends the update unwritten (docs/accounts.md#deleting-an-account).
 * @throws {AppError} `not_found` without the account (and a guard that let
 *   it pass); `conflict` when other writes of it win every attempt
 */
export async function updateAccount<S = never>(
  deps: Pick<AppDeps, "kv">,
  openId: string,
  change: (account: Account) => Account,
  guard?: (account: Account | null, marked: boolean) => Promise<S | undefined>,
): Promise<Account | S> {
  const { kv } = deps;
  const k = keys.account(openId);
  for (let attempt = 0; attempt < 10; attempt++) {
    let current: Deno.KvEntryMaybe<Account>;
    let mark: Deno.KvEntryMaybe<unknown> | null = null;
    if (guard) {
      [current, mark] = await accountWithMark(kv, openId);
      const stop = await guard(current.value, mark.value !== null);
      if (stop !== undefined) return stop;
    } else {
      current = await getTyped(kv, k);
    }
    if (current.value === null) throw noAccount(openId);
    const next = change(current.value);
    const op = kv.atomic().check(current).set(k, next);
    if (mark) op.check(mark);
    stepTokenExpiry(op, openId, current.value, next);
    const res = await op.commit();
    if (res.ok) return next;
  }
  throw accountBusy();
}
