/**
 * Sign in with TikTok: OAuth 2.0 authorization code + PKCE (hex S256) +
 * state. The attempt (verifier) lives in KV for 10 minutes and is consumed
 * atomically by the callback, so a state works once. Nothing about the user
 * is stored until TikTok has answered the token exchange and user info.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { upsertAccount } from "../accounts/accounts_store.ts";
import { encryptText } from "../crypto/token_cipher.ts";
import {
  newCodeVerifier,
  newState,
  tiktokCodeChallenge,
} from "../tiktok/pkce.ts";
import { TikTokApiError } from "../tiktok/tiktok_api_error.ts";
import type { Account } from "../accounts/account_record.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { oauthRedirectUri } from "./oauth_paths.ts";
import { logFailure } from "../runtime/logger.ts";
import { finishErasureBeforeSignIn } from "../erasure/pending_erasures.ts";
import { ErasureStillPending } from "../erasure/erasure_still_pending.ts";
import { spokenDuration } from "../site/spoken_duration.ts";

/** How long the user may stay on TikTok's consent page. */
export const SIGN_IN_ATTEMPT_TTL_MS = 10 * 60_000;

/** Why a sign-in did not complete; each has its own page text. */
export type SignInFailure =
  | "denied"
  | "bad_state"
  | "expired_state"
  | "missing_scope"
  | "exchange_failed"
  /** The same user's account deletion is not finished yet: 503. */
  | "erasure_pending";

export class SignInError extends Error {
  readonly reason: SignInFailure;
  /** When to try again (`erasure_pending`: the page's Retry-After). */
  readonly retryAfterSeconds?: number;
  constructor(
    reason: SignInFailure,
    message: string,
    cause?: unknown,
    retryAfterSeconds?: number,
  ) {
    super(message, { cause });
    this.name = "SignInError";
    this.reason = reason;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Starts an attempt: returns TikTok's authorize URL and the state. */
export async function startSignIn(
  deps: Pick<AppDeps, "kv" | "clock" | "tiktokOAuth" | "config">,
  options: { addAccount?: boolean } = {},
): Promise<{ authorizeUrl: string; state: string }> {
  const state = newState();
  const codeVerifier = newCodeVerifier();
  const now = deps.clock.now();
  await deps.kv.set(
    keys.oauthAttempt(state),
    {
      codeVerifier,
      createdAt: now,
      expiresAt: now + SIGN_IN_ATTEMPT_TTL_MS,
      ...(options.addAccount ? { addAccount: true } : {}),
    },
    { expireIn: SIGN_IN_ATTEMPT_TTL_MS },
  );
  const authorizeUrl = deps.tiktokOAuth.authorizeUrl({
    redirectUri: oauthRedirectUri(deps.config),
    state,
    codeChallenge: await tiktokCodeChallenge(codeVerifier),
    // Adding an account: let the user pick another TikTok account.
    forceConsent: options.addAccount === true,
  });
  return { authorizeUrl, state };
}

/** What TikTok sent back to the callback, plus the browser's state cookie. */
export interface CallbackInput {
  code?: string;
  state?: string;
  scopes?: string;
  error?: string;
  errorDescription?: string;
  /** The state this browser started with (cookie); binds the attempt to it. */
  browserState?: string;
}

/**
 * Completes the sign-in: checks state, exchanges the code, reads the user,
 * and creates or refreshes the account with encrypted tokens.
 * @throws {SignInError} for every way it can fail; nothing is written then
 */
export async function finishSignIn(
  deps: Pick<
    AppDeps,
    | "kv"
    | "clock"
    | "tiktokOAuth"
    | "tokenKey"
    | "config"
    | "log"
    | "storage"
    | "ingestLimits"
  >,
  input: CallbackInput,
): Promise<
  {
    account: Account;
    created: boolean;
    reconnected: boolean;
    addAccount: boolean;
  }
> {
  const { kv, clock } = deps;
  if (input.state && !input.browserState) {
    // No cookie at all: most often a sign-in begun at another address (a
    // LAN address, another name) than the one TikTok returns to
    // (docs/accounts.md#sign-in-with-tiktok).
    const home = deps.config.publicBaseUrl;
    throw new SignInError(
      "bad_state",
      `This browser holds no sign-in begun at ${home}, where TikTok sends you back (it was begun at another address, or more than ${
        SIGN_IN_ATTEMPT_TTL_MS / 60_000
      } minutes ago): open ${home}, allow its cookies, and start again from the sign-in button.`,
    );
  }
  if (
    !input.state || !input.browserState || input.state !== input.browserState
  ) {
    throw new SignInError(
      "bad_state",
      "This sign-in link does not belong to this browser. Start again from the sign-in button.",
    );
  }
  const entry = await getTyped(kv, keys.oauthAttempt(input.state));
  if (!entry.value) {
    throw new SignInError(
      "bad_state",
      "This sign-in attempt is unknown or was already used. Start again from the sign-in button.",
    );
  }
  // Consume it atomically: a state can complete at most one sign-in.
  const consumed = await kv.atomic().check(entry).delete(entry.key).commit();
  if (!consumed.ok) {
    throw new SignInError(
      "bad_state",
      "This sign-in attempt was already used.",
    );
  }
  if (entry.value.expiresAt <= clock.now()) {
    throw new SignInError(
      "expired_state",
      "This sign-in attempt expired (more than 10 minutes passed). Please sign in again.",
    );
  }
  // The creator reads these on the sign-in page: the service by its name.
  const name = deps.config.site.serviceName;
  if (input.error) {
    const said = `${input.error}${
      input.errorDescription ? ` (${input.errorDescription})` : ""
    }`;
    if (input.error === "unauthorized_client") {
      // TikTok's answer to an app set up wrong for this sign-in, as
      // integrators report it (docs/tiktok-audit.md#when-something-does-not-work):
      // the operator's to mend, not the creator's to try again.
      const message =
        `TikTok did not let this ${name} server's TikTok app sign this account in (${said}): TikTok answers so when the app does not list the redirect URI ${
          oauthRedirectUri(deps.config)
        }, or, for an app in TikTok's Sandbox, when this TikTok account is not one of its Target users (or has not accepted the invitation). Its operator can check both in TikTok's developer portal.`;
      deps.log({
        level: "warn",
        message: `sign-in refused by TikTok: ${message}`,
      });
      throw new SignInError("denied", message);
    }
    throw new SignInError(
      "denied",
      input.error === "access_denied"
        ? `You declined the TikTok authorization, so ${name} cannot post for you. You can sign in again whenever you like.`
        : `TikTok did not authorize the sign-in: ${said}.`,
    );
  }
  if (!input.code) {
    throw new SignInError("bad_state", "TikTok sent no authorization code.");
  }
  const tokens = await askTikTok(deps, () =>
    deps.tiktokOAuth.exchangeCode({
      code: input.code!,
      redirectUri: oauthRedirectUri(deps.config),
      codeVerifier: entry.value!.codeVerifier,
    }));
  // Before the user's profile is asked: without user.info.basic TikTok
  // refuses that call, and the creator must hear which permission to allow.
  const granted = tokens.scope.split(",").map((s) => s.trim());
  // Sign-in needs user.info.basic and one way to post; a post whose mode
  // needs a withheld scope is refused then (tiktok_scope_missing).
  const canPost = granted.includes("video.publish") ||
    granted.includes("video.upload");
  const missing = deps.config.tiktok.scopes.filter((s) =>
    !granted.includes(s) && (s === "user.info.basic" || !canPost)
  );
  if (missing.length > 0) {
    // PM3K keeps nothing of a refused sign-in, so TikTok should not keep
    // listing it among the creator's apps either: the grant is given back.
    await deps.tiktokOAuth.revoke(tokens.accessToken).catch(
      logFailure(
        deps.log,
        "revoking the grant of a sign-in refused for missing permissions",
      ),
    );
    const needed = [
      ...(missing.includes("user.info.basic")
        ? ["to read your basic profile (user.info.basic)"]
        : []),
      ...(canPost ? [] : [
        "to post for you (video.publish) or to send posts to your TikTok drafts (video.upload)",
      ]),
    ];
    throw new SignInError(
      "missing_scope",
      `${name} needs your permission ${
        needed.join(", and ")
      }: without it ${name} cannot post for you. Please sign in again and allow it on TikTok's screen.`,
    );
  }
  const user = await askTikTok(
    deps,
    () => deps.tiktokOAuth.userInfo(tokens.accessToken),
  );
  let stored;
  try {
    // A deletion of this user's account cut short is finished first: the
    // account made now must meet nothing of the deleted one
    // (docs/accounts.md#a-deletion-cut-short).
    await finishErasureBeforeSignIn(deps, user.openId);
    const now = clock.now();
    stored = await upsertAccount(deps, {
      openId: user.openId,
      displayName: user.displayName || user.openId,
      avatarUrl: user.avatarUrl,
      tiktok: {
        accessToken: await encryptText(deps.tokenKey, tokens.accessToken),
        refreshToken: await encryptText(deps.tokenKey, tokens.refreshToken),
        accessExpiresAt: now + tokens.expiresIn * 1000,
        refreshExpiresAt: now + tokens.refreshExpiresIn * 1000,
        scope: tokens.scope,
        grantedAt: now,
      },
    });
  } catch (error) {
    if (!(error instanceof ErasureStillPending)) throw error;
    // Nothing is kept of this sign-in, so TikTok keeps no grant either.
    await deps.tiktokOAuth.revoke(tokens.accessToken).catch(
      logFailure(
        deps.log,
        "revoking the grant of a sign-in refused while its account is deleted",
      ),
    );
    throw new SignInError(
      "erasure_pending",
      `${name} is still deleting the account you deleted before, with everything it kept for it. Please sign in again in ${
        spokenDuration(error.retryAfterSeconds * 1000, { wait: true })
      }: you then start as a new account.`,
      error,
      error.retryAfterSeconds,
    );
  }
  return { ...stored, addAccount: entry.value.addAccount === true };
}

/**
 * A call to TikTok during sign-in, its refusal as a {@link SignInError}
 * whose words say who can mend it.
 */
async function askTikTok<T>(
  deps: Pick<AppDeps, "log" | "config">,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof TikTokApiError)) throw error;
    const said = `${error.tiktokCode}: ${error.message}${
      error.logId ? `, log_id ${error.logId}` : ""
    }`;
    // A wrong client key or secret fails every sign-in: trying again
    // cannot help, the server's configuration must change.
    const message = error.tiktokCode === "invalid_client"
      ? `TikTok refused this ${deps.config.site.serviceName} server's app credentials (${said}). Its operator must set TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET to the TikTok app's client key and client secret.`
      : `TikTok refused the sign-in (${said}). Please try again.`;
    // The operator's side of it too: a wrong secret fails them all.
    deps.log({
      level: "warn",
      message: `sign-in failed at TikTok's token exchange: ${message}`,
    });
    throw new SignInError("exchange_failed", message, error);
  }
}
