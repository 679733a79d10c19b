/**
 * Dashboard sessions: a random id in an HttpOnly cookie, the row in KV.
 * Expiry lives in the value (checked on read); expireIn only collects garbage.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { toBase64Url } from "../crypto/token_cipher.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { SessionRecord } from "./session_record.ts";

/**
 * Starts a session for the account, for the configured session lifetime;
 * returns the cookie value.
 */
export async function createSession(
  deps: Pick<AppDeps, "kv" | "clock" | "config">,
  openId: string,
): Promise<{ id: string; expiresAt: number }> {
  const ttlMs = deps.config.sessionTtlMs;
  const id = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
  const now = deps.clock.now();
  const record: SessionRecord = {
    openId,
    createdAt: now,
    expiresAt: now + ttlMs,
  };
  await deps.kv.set(keys.session(id), record, { expireIn: ttlMs });
  return { id, expiresAt: record.expiresAt };
}

/** The live session for a cookie value, or null. */
export async function getSession(
  deps: Pick<AppDeps, "kv" | "clock">,
  id: string | undefined,
): Promise<SessionRecord | null> {
  if (!id || id.length > 100) return null;
  const record = (await getTyped(deps.kv, keys.session(id))).value;
  if (!record || record.expiresAt <= deps.clock.now()) return null;
  return record;
}

/** Ends a session. */
export async function deleteSession(
  deps: Pick<AppDeps, "kv">,
  id: string,
): Promise<void> {
  await deps.kv.delete(keys.session(id));
}
