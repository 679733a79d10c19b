/**
 * TikTok Login Kit (OAuth v2) client: authorize URL, token exchange, refresh,
 * revoke and user info, as docs/tiktok.md#oauth describes. The same code
 * talks to real TikTok or to the sandbox; only the base URLs differ.
 *
 * oauth4webapi supplies the random verifier and state, but its token calls
 * send `client_id` and read errors by HTTP status, while TikTok wants
 * `client_key` and may answer errors with HTTP 200, so the token calls are
 * made here with plain form-encoded fetches.
 * @module
 */
import { TikTokApiError } from "./tiktok_api_error.ts";
import type { TikTokAppCredentials } from "./tiktok_app_record.ts";

/** The seven fields of TikTok's token response. */
export interface TikTokTokenSet {
  accessToken: string;
  refreshToken: string;
  openId: string;
  scope: string;
  /** Seconds the access token lives, as TikTok said. */
  expiresIn: number;
  refreshExpiresIn: number;
}

export interface TikTokUserInfo {
  openId: string;
  displayName: string;
  avatarUrl: string;
}

/** How long PM3K waits for TikTok's token endpoint. */
export const OAUTH_TIMEOUT_MS = 15_000;

export class TikTokOAuthClient {
  readonly #app: TikTokAppCredentials;
  readonly #fetch: typeof fetch;

  constructor(app: TikTokAppCredentials, fetchImpl: typeof fetch = fetch) {
    this.#app = app;
    this.#fetch = fetchImpl;
  }

  /** The URL of TikTok's consent page for this sign-in attempt. */
  authorizeUrl(
    params: {
      redirectUri: string;
      state: string;
      codeChallenge: string;
      /**
       * Always show TikTok's consent page (`disable_auto_auth=1`), so the
       * user can sign in another TikTok account than the one TikTok remembers.
       */
      forceConsent?: boolean;
    },
  ): string {
    const url = new URL(`${this.#app.authBaseUrl}/v2/auth/authorize/`);
    url.search = new URLSearchParams({
      client_key: this.#app.clientKey,
      response_type: "code",
      scope: this.#app.scopes.join(","),
      redirect_uri: params.redirectUri,
      state: params.state,
      code_challenge: params.codeChallenge,
      code_challenge_method: "S256",
      ...(params.forceConsent ? { disable_auto_auth: "1" } : {}),
    }).toString();
    return url.href;
  }

  /** Exchanges an authorization code (with the PKCE verifier) for tokens. */
  exchangeCode(
    params: { code: string; redirectUri: string; codeVerifier: string },
  ): Promise<TikTokTokenSet> {
    return this.#tokenCall({
      grant_type: "authorization_code",
      code: params.code,
      redirect_uri: params.redirectUri,
      code_verifier: params.codeVerifier,
    });
  }

  /** Trades a refresh token for new tokens (TikTok may rotate the refresh token). */
  refresh(refreshToken: string): Promise<TikTokTokenSet> {
    return this.#tokenCall({
      grant_type: "refresh_token",
      refresh_token: refreshToken,
    });
  }

  /** Revokes the user's grant. */
  async revoke(accessToken: string): Promise<void> {
    const res = await this.#post("/v2/oauth/revoke/", { token: accessToken });
    const body = await readJson(res);
    if (!res.ok || typeof body.error === "string" && body.error !== "") {
      throw oauthError(res.status, body, "revoke");
    }
  }

  /** open_id, display name and avatar of the token's user. */
  async userInfo(accessToken: string): Promise<TikTokUserInfo> {
    const url = `${this.#app.apiBaseUrl}/v2/user/info/?fields=${
      encodeURIComponent("open_id,union_id,avatar_url,display_name")
    }`;
    const res = await this.#send(url, {
      headers: { Authorization: `Bearer ${accessToken}` },
    });
    const body = await readJson(res);
    const error = body.error as
      | { code?: string; message?: string; log_id?: string }
      | undefined;
    const user = (body.data as { user?: Record<string, unknown> } | undefined)
      ?.user;
    if (error?.code !== "ok" || !user || typeof user.open_id !== "string") {
      throw new TikTokApiError(
        error?.code ?? "invalid_response",
        error?.message || "TikTok user info failed",
        { httpStatus: res.status, logId: error?.log_id },
      );
    }
    return {
      openId: user.open_id,
      displayName: String(user.display_name ?? ""),
      avatarUrl: String(user.avatar_url ?? ""),
    };
  }

  async #tokenCall(fields: Record<string, string>): Promise<TikTokTokenSet> {
    const res = await this.#post("/v2/oauth/token/", fields);
    const body = await readJson(res);
    // TikTok may answer an error with HTTP 200: trust the body, not the status.
    if (
      typeof body.error === "string" && body.error !== "" ||
      typeof body.access_token !== "string"
    ) {
      throw oauthError(res.status, body, "token");
    }
    return {
      accessToken: body.access_token,
      refreshToken: String(body.refresh_token ?? ""),
      openId: String(body.open_id ?? ""),
      scope: String(body.scope ?? ""),
      expiresIn: Number(body.expires_in ?? 0),
      refreshExpiresIn: Number(body.refresh_expires_in ?? 0),
    };
  }

  #post(path: string, fields: Record<string, string>): Promise<Response> {
    return this.#send(`${this.#app.apiBaseUrl}${path}`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cache-Control": "no-cache",
      },
      body: new URLSearchParams({
        client_key: this.#app.clientKey,
        client_secret: this.#app.clientSecret,
        ...fields,
      }),
    });
  }

  async #send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.#fetch(url, {
        ...init,
        signal: AbortSignal.timeout(OAUTH_TIMEOUT_MS),
      });
    } catch (cause) {
      throw new TikTokApiError("network_error", "Cannot reach TikTok", {
        httpStatus: 0,
        cause,
      });
    }
  }
}

async function readJson(res: Response): Promise<Record<string, unknown>> {
  const text = await res.text();
  if (text.trim() === "") return {};
  try {
    const value = JSON.parse(text);
    return value && typeof value === "object" ? value : {};
  } catch {
    return { error: "invalid_response", error_description: text.slice(0, 200) };
  }
}

/**
 * TikTok's OAuth error; without its description, the request and the HTTP
 * status, so a log of it says what to look at (docs/operations.md#logs).
 */
function oauthError(
  status: number,
  body: Record<string, unknown>,
  request: "token" | "revoke",
): TikTokApiError {
  const code = String(body.error || "invalid_response");
  const described = body.error_description
    ? String(body.error_description)
    : "";
  return new TikTokApiError(
    code,
    // An answer that is not TikTok's (a 404 page, a proxy's error) or has no
    // description is said with the request and the status.
    described !== "" && code !== "invalid_response"
      ? described
      : `TikTok's OAuth ${request} request failed: HTTP ${status}, ${
        described === "" ? "no error description" : `answer: ${described}`
      }`,
    { httpStatus: status, logId: body.log_id ? String(body.log_id) : null },
  );
}
