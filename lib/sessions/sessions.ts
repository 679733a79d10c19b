/**
 * Dashboard sessions: a random id in an HttpOnly cookie, the row in KV.
 * Expiry lives in the value (checked on read); expireIn only collects garbage.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { toBase64Url } from "../crypto/token_cipher.ts";
import type { Clock } from "../clock.ts";
import type { SessionRecord } from "./session_record.ts";

/** Starts a session for the account; returns the cookie value. */
export async function createSession(
  kv: Deno.Kv,
  clock: Clock,
  openId: string,
  ttlMs: number,
): Promise<{ id: string; expiresAt: number }> {
  const id = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
  const now = clock.now();
  const record: SessionRecord = {
    openId,
    createdAt: now,
    expiresAt: now + ttlMs,
  };
  await kv.set(keys.session(id), record, { expireIn: ttlMs });
  return { id, expiresAt: record.expiresAt };
}

/** The live session for a cookie value, or null. */
export async function getSession(
  kv: Deno.Kv,
  clock: Clock,
  id: string | undefined,
): Promise<SessionRecord | null> {
  if (!id || id.length > 100) return null;
  const record = (await getTyped(kv, keys.session(id))).value;
  if (!record || record.expiresAt <= clock.now()) return null;
  return record;
}

/** Ends a session. */
export async function deleteSession(kv: Deno.Kv, id: string): Promise<void> {
  await kv.delete(keys.session(id));
}
