/**
 * The sandbox's users, authorization codes and tokens in KV.
 * @module
 */
import { getTyped, listTyped } from "../../lib/kv_keys.ts";
import { sandboxKeys } from "./sandbox_keys.ts";
import { sha256Hex } from "../../lib/crypto/hashing.ts";
import { toBase64Url } from "../../lib/crypto/token_cipher.ts";
import type { Clock } from "../../lib/clock.ts";
import type {
  SandboxAuthCode,
  SandboxToken,
  SandboxUser,
} from "./sandbox_records.ts";

/** Token lifetimes (TikTok's documented defaults: 24 h and 365 days). */
export interface SandboxLifetimes {
  accessSeconds: number;
  refreshSeconds: number;
}

export const DEFAULT_LIFETIMES: SandboxLifetimes = {
  accessSeconds: 86_400,
  refreshSeconds: 31_536_000,
};

const USERNAME = /^[a-z0-9._]{1,24}$/;

/** Normalises a typed handle; null when it is not a valid handle. */
export function normaliseUsername(input: string): string | null {
  const name = input.trim().toLowerCase().replace(/^@/, "");
  return USERNAME.test(name) ? name : null;
}

/** Finds a sandbox user by handle, creating it on first use. */
export async function ensureSandboxUser(
  kv: Deno.Kv,
  clock: Clock,
  username: string,
): Promise<SandboxUser> {
  const byName = sandboxKeys.userByName(username);
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await getTyped(kv, byName);
    if (existing.value) {
      const user = (await getTyped(kv, sandboxKeys.user(existing.value)))
        .value;
      if (user) return user;
    }
    const user: SandboxUser = {
      // Real open_ids are opaque per-app ids; a UUID has the same look.
      openId: `sbx-${crypto.randomUUID()}`,
      username,
      displayName: username.replace(/[._]+/g, " ").replace(
        /\b\w/g,
        (c) => c.toUpperCase(),
      ),
      createdAt: clock.now(),
    };
    const res = await kv.atomic()
      .check(existing)
      .set(byName, user.openId)
      .set(sandboxKeys.user(user.openId), user)
      .commit();
    if (res.ok) return user;
  }
  throw new Error("Cannot create sandbox user: too much contention");
}

/** All sandbox users, for the consent page's picker. */
export async function listSandboxUsers(kv: Deno.Kv): Promise<SandboxUser[]> {
  return (await listTyped(kv, sandboxKeys.usersPrefix())).map((e) => e.value)
    .sort((a, b) => a.username.localeCompare(b.username));
}

export async function getSandboxUser(
  kv: Deno.Kv,
  openId: string,
): Promise<SandboxUser | null> {
  return (await getTyped(kv, sandboxKeys.user(openId))).value;
}

/** Stores a single-use authorization code valid for 5 minutes. */
export async function createAuthCode(
  kv: Deno.Kv,
  clock: Clock,
  grant: Omit<SandboxAuthCode, "expiresAt">,
): Promise<string> {
  const code = randomToken("sbxcode");
  const ttl = 5 * 60_000;
  await kv.set(
    sandboxKeys.authCode(code),
    { ...grant, expiresAt: clock.now() + ttl },
    { expireIn: ttl },
  );
  return code;
}

/** Reads and deletes a code in one atomic step: a code works once. */
export async function consumeAuthCode(
  kv: Deno.Kv,
  clock: Clock,
  code: string,
): Promise<SandboxAuthCode | null> {
  const entry = await getTyped(kv, sandboxKeys.authCode(code));
  if (!entry.value) return null;
  const res = await kv.atomic().check(entry).delete(entry.key).commit();
  if (!res.ok || entry.value.expiresAt <= clock.now()) return null;
  return entry.value;
}

/** The token response TikTok sends, in TikTok's field names. */
export interface SandboxTokenResponse {
  access_token: string;
  expires_in: number;
  open_id: string;
  refresh_expires_in: number;
  refresh_token: string;
  scope: string;
  token_type: "Bearer";
}

/** Issues a new access/refresh token pair. */
export async function issueTokens(
  kv: Deno.Kv,
  clock: Clock,
  grant: { openId: string; clientKey: string; scope: string },
  lifetimes: SandboxLifetimes = DEFAULT_LIFETIMES,
): Promise<SandboxTokenResponse> {
  const access = randomToken("act");
  const refresh = randomToken("rft");
  const now = clock.now();
  const accessMs = lifetimes.accessSeconds * 1000;
  const refreshMs = lifetimes.refreshSeconds * 1000;
  await kv.atomic()
    .set(sandboxKeys.accessToken(access), {
      ...grant,
      expiresAt: now + accessMs,
      pairedToken: refresh,
    }, { expireIn: accessMs })
    .set(sandboxKeys.refreshToken(refresh), {
      ...grant,
      expiresAt: now + refreshMs,
      pairedToken: access,
    }, { expireIn: refreshMs })
    .commit();
  return {
    access_token: access,
    expires_in: lifetimes.accessSeconds,
    open_id: grant.openId,
    refresh_expires_in: lifetimes.refreshSeconds,
    refresh_token: refresh,
    scope: grant.scope,
    token_type: "Bearer",
  };
}

/** A live access token's grant, or null. */
export async function lookupAccessToken(
  kv: Deno.Kv,
  clock: Clock,
  token: string,
): Promise<SandboxToken | null> {
  const value = (await getTyped(kv, sandboxKeys.accessToken(token))).value;
  return value && value.expiresAt > clock.now() ? value : null;
}

/**
 * Rotates a refresh token: the old one stops working once the new pair is
 * issued (the 2026 documented behaviour). Null when it is unknown or dead.
 */
export async function rotateRefreshToken(
  kv: Deno.Kv,
  clock: Clock,
  refreshToken: string,
  clientKey: string,
): Promise<SandboxTokenResponse | null> {
  const entry = await getTyped(kv, sandboxKeys.refreshToken(refreshToken));
  const grant = entry.value;
  if (
    !grant || grant.expiresAt <= clock.now() || grant.clientKey !== clientKey
  ) return null;
  const res = await kv.atomic().check(entry).delete(entry.key)
    .delete(sandboxKeys.accessToken(grant.pairedToken)).commit();
  if (!res.ok) return null;
  return issueTokens(kv, clock, grant);
}

/** The open_id a refresh token belongs to (live or not), or null. */
export async function refreshTokenOwner(
  kv: Deno.Kv,
  refreshToken: string,
): Promise<string | null> {
  if (!refreshToken) return null;
  return (await getTyped(kv, sandboxKeys.refreshToken(refreshToken))).value
    ?.openId ?? null;
}

/** Whose access token `token` is (live or not); null when unknown. */
export async function accessTokenOwner(
  kv: Deno.Kv,
  token: string,
): Promise<string | null> {
  if (!token) return null;
  return (await getTyped(kv, sandboxKeys.accessToken(token))).value?.openId ??
    null;
}

/**
 * Every token of a user stops working (the user removed the app, or the
 * developer revoked it); how many were removed.
 */
export async function revokeUserTokens(
  kv: Deno.Kv,
  openId: string,
): Promise<number> {
  let removed = 0;
  for (
    const prefix of [
      sandboxKeys.accessTokensPrefix(),
      sandboxKeys.refreshTokensPrefix(),
    ]
  ) {
    for (const entry of await listTyped(kv, prefix)) {
      if (entry.value.openId !== openId) continue;
      await kv.delete(entry.key);
      removed++;
    }
  }
  return removed;
}

/** Revokes an access token and its refresh token. */
export async function revokeAccessToken(
  kv: Deno.Kv,
  token: string,
): Promise<boolean> {
  const entry = await getTyped(kv, sandboxKeys.accessToken(token));
  if (!entry.value) return false;
  await kv.atomic().delete(entry.key)
    .delete(sandboxKeys.refreshToken(entry.value.pairedToken)).commit();
  return true;
}

/** TikTok-looking log id. */
export function newLogId(clock: Clock): string {
  const stamp = new Date(clock.now()).toISOString().replace(/\D/g, "").slice(
    0,
    14,
  );
  const hex = Array.from(
    crypto.getRandomValues(new Uint8Array(10)),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("").toUpperCase();
  return `${stamp}${hex}`;
}

function randomToken(prefix: string): string {
  return `${prefix}.${toBase64Url(crypto.getRandomValues(new Uint8Array(24)))}`;
}

/** hex(sha256(verifier)): the only challenge form the sandbox accepts. */
export function expectedChallenge(verifier: string): Promise<string> {
  return sha256Hex(verifier);
}
