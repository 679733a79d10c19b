/**
 * Dashboard sessions: a random id in an HttpOnly cookie, the row in KV.
 * Expiry lives in the value (checked on read); expireIn only collects garbage.
 * One session may hold several TikTok accounts, one of them active
 * (docs/accounts.md#several-tiktok-accounts).
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { toBase64Url } from "../crypto/token_cipher.ts";
import { AppError } from "../errors.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { SessionRecord } from "./session_record.ts";

/** Most accounts one browser session holds (the header stays usable). */
export const MAX_SESSION_ACCOUNTS = 10;

/** The accounts a session holds, the active one first. */
export function sessionOpenIds(session: SessionRecord): string[] {
  const others = (session.openIds ?? []).filter((id) => id !== session.openId);
  return [session.openId, ...others];
}

/**
 * Writes a new session row; with `replacing`, in one commit that deletes
 * that row and holds only while it is unchanged. false when it changed.
 */
async function storeNewSession(
  deps: Pick<AppDeps, "kv" | "clock" | "config">,
  openId: string,
  openIds: string[],
  replacing?: Deno.KvEntryMaybe<SessionRecord>,
): Promise<{ id: string; expiresAt: number } | null> {
  const ttlMs = deps.config.sessionTtlMs;
  const id = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
  const now = deps.clock.now();
  const record: SessionRecord = {
    openId,
    ...(openIds.length > 1 ? { openIds } : {}),
    createdAt: now,
    expiresAt: now + ttlMs,
  };
  const op = deps.kv.atomic()
    .check({ key: keys.session(id), versionstamp: null })
    .set(keys.session(id), record, { expireIn: ttlMs });
  if (replacing?.value) op.check(replacing).delete(replacing.key);
  if (!(await op.commit()).ok) return null;
  return { id, expiresAt: record.expiresAt };
}

/** The session row read for a change checked against it, or null. */
async function liveSessionEntry(
  deps: Pick<AppDeps, "kv" | "clock">,
  id: string | undefined,
): Promise<Deno.KvEntry<SessionRecord> | null> {
  if (!id || id.length > 100) return null;
  const entry = await getTyped(deps.kv, keys.session(id));
  if (!entry.value || entry.value.expiresAt <= deps.clock.now()) return null;
  return entry as Deno.KvEntry<SessionRecord>;
}

/**
 * Session changes are check-and-set on the row: a sign-out in another tab
 * between a request's read and its write is never undone by that write
 * (docs/accounts.md#several-tiktok-accounts). Past this many lost races,
 * the request answers 409 `conflict`.
 */
const SESSION_ATTEMPTS = 10;

/**
 * Runs `attempt` until it commits (anything but null), at most
 * SESSION_ATTEMPTS times; past them, 409 `conflict`.
 */
async function untilCommitted<T>(
  attempt: () => Promise<T | null>,
): Promise<T> {
  for (let i = 0; i < SESSION_ATTEMPTS; i++) {
    const done = await attempt();
    if (done !== null) return done;
  }
  throw new AppError(
    "conflict",
    "This browser's sign-in changed in another tab meanwhile; try again.",
  );
}

/** A rewritten row keeps its session's expiry. */
function keptUntilExpiry(session: SessionRecord, now: number) {
  return { expireIn: Math.max(1, session.expiresAt - now) };
}

/**
 * Commits `entry`'s session without `leaving`, checked against it: the
 * next account held becomes active, and a session left with none ends.
 * The accounts left, or null when the row changed meanwhile.
 */
async function commitWithout(
  deps: Pick<AppDeps, "kv" | "clock">,
  entry: Deno.KvEntry<SessionRecord>,
  leaving: string,
): Promise<string[] | null> {
  const session = entry.value;
  const rest = sessionOpenIds(session).filter((held) => held !== leaving);
  const op = deps.kv.atomic().check(entry);
  if (rest.length === 0) op.delete(entry.key);
  else {
    const record: SessionRecord = {
      ...session,
      openId: rest[0],
      openIds: rest,
    };
    op.set(entry.key, record, keptUntilExpiry(session, deps.clock.now()));
  }
  return (await op.commit()).ok ? rest : null;
}

/**
 * Starts a session for `openId` alone, for the configured session
 * lifetime, as a plain sign-in does; returns the cookie value. It ends
 * the session `previousId` (when it is live) in the same commit: a new id
 * at every sign-in, so a cookie planted before it never gains the
 * account, and never a moment with both rows or with neither.
 */
export async function replaceSession(
  deps: Pick<AppDeps, "kv" | "clock" | "config">,
  previousId: string | undefined,
  openId: string,
): Promise<{ id: string; expiresAt: number }> {
  return await untilCommitted(async () =>
    storeNewSession(
      deps,
      openId,
      [openId],
      (await liveSessionEntry(deps, previousId)) ?? undefined,
    )
  );
}

/**
 * Signs one more account in to the session `previousId` (when it is live)
 * and makes it the active one. The session gets a new id (the old row is
 * deleted), as at every sign-in, so a cookie planted before the sign-in
 * never gains the new account. A session full at
 * {@link MAX_SESSION_ACCOUNTS} signs out the account added longest ago to
 * make room: `dropped` names it, for the page to say so.
 */
export async function addAccountToSession(
  deps: Pick<AppDeps, "kv" | "clock" | "config">,
  previousId: string | undefined,
  openId: string,
): Promise<{ id: string; expiresAt: number; dropped: string | null }> {
  return await untilCommitted(async () => {
    // The old row is replaced in the same commit, checked: accounts signed
    // out of it meanwhile (another tab) do not come back in the new one.
    const previous = await liveSessionEntry(deps, previousId);
    const held = previous ? sessionOpenIds(previous.value) : [];
    const all = [openId, ...held.filter((id) => id !== openId)];
    const openIds = all.slice(0, MAX_SESSION_ACCOUNTS);
    const next = await storeNewSession(
      deps,
      openId,
      openIds,
      previous ?? undefined,
    );
    return next && { ...next, dropped: all[MAX_SESSION_ACCOUNTS] ?? null };
  });
}

/**
 * Makes `openId` the session's active account.
 * @throws {AppError} `forbidden` when the session does not hold it
 */
export async function switchSessionAccount(
  deps: Pick<AppDeps, "kv" | "clock">,
  id: string,
  openId: string,
): Promise<void> {
  await untilCommitted(async () => {
    const entry = await liveSessionEntry(deps, id);
    if (!entry) {
      throw new AppError("unauthorized", "Sign in to use the dashboard.");
    }
    const session = entry.value;
    const held = sessionOpenIds(session);
    if (!held.includes(openId)) {
      throw new AppError(
        "forbidden",
        "That TikTok account is not signed in to this browser.",
      );
    }
    const record: SessionRecord = { ...session, openId, openIds: held };
    const res = await deps.kv.atomic().check(entry)
      .set(entry.key, record, keptUntilExpiry(session, deps.clock.now()))
      .commit();
    return res.ok || null;
  });
}

/**
 * Signs `openId` (the page's account; by default the active one) out of
 * the session; when it was active the next account held becomes active.
 * Another tab switching meanwhile does not make it sign out the account
 * switched to. Returns false when none is left (the row is deleted).
 */
export async function signOutAccount(
  deps: Pick<AppDeps, "kv" | "clock">,
  id: string,
  openId?: string,
): Promise<boolean> {
  return await untilCommitted(async () => {
    const entry = await liveSessionEntry(deps, id);
    if (!entry) return false;
    const rest = await commitWithout(deps, entry, openId ?? entry.value.openId);
    return rest && rest.length > 0;
  });
}

/** The live session for a cookie value, or null. */
export async function getSession(
  deps: Pick<AppDeps, "kv" | "clock">,
  id: string | undefined,
): Promise<SessionRecord | null> {
  return (await liveSessionEntry(deps, id))?.value ?? null;
}

/** Ends a session (every account in it). */
export async function deleteSession(
  deps: Pick<AppDeps, "kv">,
  id: string,
): Promise<void> {
  await deps.kv.delete(keys.session(id));
}

/**
 * Signs `openId` out of every browser session holding it, as its deletion
 * does (docs/accounts.md#deleting-an-account): the next account held
 * becomes active, and a session left with none ends. Without it a browser
 * would keep the open_id and regain the account when the same TikTok user
 * signs in again. Reads every session: an account is deleted rarely.
 * @returns how many sessions held it
 */
export async function signOutEverywhere(
  deps: Pick<AppDeps, "kv" | "clock">,
  openId: string,
): Promise<number> {
  let held = 0;
  for await (
    const listed of deps.kv.list<SessionRecord>({
      prefix: keys.sessionsPrefix(),
    })
  ) {
    if (!sessionOpenIds(listed.value).includes(openId)) continue;
    held++;
    for (let attempt = 0; attempt < SESSION_ATTEMPTS; attempt++) {
      const entry = await getTyped(
        deps.kv,
        keys.session(String(listed.key[1])),
      );
      const session = entry.value;
      if (!session || !sessionOpenIds(session).includes(openId)) break;
      const rest = await commitWithout(
        deps,
        entry as Deno.KvEntry<SessionRecord>,
        openId,
      );
      if (rest) break;
    }
  }
  return held;
}
