/**
 * The accounts by access-token expiry (docs/tiktok.md#token-refresh), so the
 * refresh cron reads only the accounts whose token ends soon instead of
 * listing every account each minute. An account with a usable grant (not
 * disconnected) has exactly one entry, `token_expiry/<accessExpiresAt>/<open_id>`,
 * written in the same atomic commit as the grant itself: sign-in, refresh
 * and disconnection go through `stepTokenExpiry`. Accounts written before
 * the index existed are indexed once by `backfillTokenExpiryIndex`, a page
 * per refresh round until a marker says it is done.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { Account } from "./account_record.ts";
import type { TokenExpiryBackfill } from "./token_expiry_record.ts";

/** Accounts the backfill indexes per refresh round. */
export const BACKFILL_PAGE = 500;

/**
 * The expiry an account is indexed under: its access token's end, or null
 * for an account with nothing to refresh (no grant, or disconnected).
 */
export function refreshableAt(account: Account | null): number | null {
  if (!account?.tiktok || account.tiktokReauthRequired) return null;
  return account.tiktok.accessExpiresAt;
}

/**
 * Adds to `op` the index change of an account write from `before` to
 * `after` (null: no account), so the entry moves in the same commit.
 */
export function stepTokenExpiry(
  op: Deno.AtomicOperation,
  openId: string,
  before: Account | null,
  after: Account | null,
): Deno.AtomicOperation {
  const was = refreshableAt(before);
  const now = refreshableAt(after);
  if (was === now) return op;
  if (was !== null) op.delete(keys.tokenExpiry(was, openId));
  if (now !== null) op.set(keys.tokenExpiry(now, openId), true);
  return op;
}

/** An index entry: whose token ends when. */
export interface TokenExpiryEntry {
  at: number;
  openId: string;
}

/**
 * The accounts whose token ends at or before `until`, soonest first, at
 * most `limit`: one ranged list over the index, nothing else read.
 */
export async function tokensEndingBy(
  kv: Deno.Kv,
  until: number,
  limit: number,
): Promise<TokenExpiryEntry[]> {
  const prefix = keys.tokenExpiryPrefix();
  const out: TokenExpiryEntry[] = [];
  // Keys sort by expiry first; the end is exclusive.
  const selector = { prefix, end: [...prefix, until + 1] };
  for await (const e of kv.list<true>(selector, { limit })) {
    out.push({ at: Number(e.key[1]), openId: String(e.key[2]) });
  }
  return out;
}

/**
 * Removes an entry its account no longer matches (the account is gone, or
 * its grant moved on since the entry was listed); checked against the
 * account, so a concurrent write keeps its own entry.
 */
export async function dropStaleTokenExpiry(
  kv: Deno.Kv,
  entry: TokenExpiryEntry,
): Promise<boolean> {
  const account = await getTyped(kv, keys.account(entry.openId));
  if (refreshableAt(account.value) === entry.at) return false;
  const res = await kv.atomic().check(account)
    .delete(keys.tokenExpiry(entry.at, entry.openId))
    .commit();
  return res.ok;
}

/**
 * One page of the one-time backfill: indexes accounts written before the
 * index existed. Once done it costs one read (the marker). Several
 * processes may run it at once: each entry is written under a check of its
 * account, and the marker under a check of itself.
 * @returns how many entries this call wrote
 */
export async function backfillTokenExpiryIndex(
  deps: Pick<AppDeps, "kv" | "clock">,
  pageSize = BACKFILL_PAGE,
): Promise<number> {
  const { kv, clock } = deps;
  const marker = await getTyped(kv, keys.tokenExpiryBackfill());
  if (marker.value?.doneAt) return 0;
  return await backfillPage(kv, clock.now(), marker, pageSize);
}

async function backfillPage(
  kv: Deno.Kv,
  now: number,
  marker: Deno.KvEntryMaybe<TokenExpiryBackfill>,
  pageSize: number,
): Promise<number> {
  const after = marker.value?.after ?? null;
  // Strictly after the last open_id done: a longer key sorts after it.
  const selector: Deno.KvListSelector = after === null
    ? { prefix: keys.accountsPrefix() }
    : {
      prefix: keys.accountsPrefix(),
      start: [...keys.accountsPrefix(), after, ""],
    };
  const accounts: Deno.KvEntry<Account>[] = [];
  for await (const e of kv.list<Account>(selector, { limit: pageSize })) {
    accounts.push(e);
  }
  let written = 0;
  for (const entry of accounts) {
    const at = refreshableAt(entry.value);
    if (at === null) continue;
    const k = keys.tokenExpiry(at, entry.value.openId);
    const res = await kv.atomic().check(entry)
      .check({ key: k, versionstamp: null })
      .set(k, true)
      .commit();
    if (res.ok) written++;
  }
  const last = accounts.at(-1)?.value.openId ?? after;
  // A process that moved the marker first did the same page: either
  // commit leaves it right.
  await kv.atomic().check(marker).set(keys.tokenExpiryBackfill(), {
    after: last,
    doneAt: accounts.length < pageSize ? now : null,
  }).commit();
  return written;
}
