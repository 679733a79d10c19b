/**
 * The TikTok sandbox: a simulator of TikTok's OAuth v2 endpoints (consent
 * page, token exchange, refresh, revoke, user info) with TikTok's paths,
 * field names and error shapes (docs/tiktok.md#oauth; the sandbox's side:
 * docs/sandbox.md#oauth). Mounted under `/_sandbox/tiktok` when no TikTok
 * credentials are configured, and used by the tests; PM3K's real client
 * talks to it over HTTP.
 * @module
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import type { Clock } from "../../lib/clock.ts";
import ConsentPage, { CONSENT_SCRIPT } from "./ConsentPage.tsx";
import {
  accessTokenOwner,
  consumeAuthCode,
  createAuthCode,
  DEFAULT_LIFETIMES,
  ensureSandboxUser,
  expectedChallenge,
  getSandboxUser,
  issueTokens,
  listSandboxUsers,
  lookupAccessToken,
  newLogId,
  normaliseUsername,
  refreshTokenOwner,
  revokeAccessToken,
  rotateRefreshToken,
} from "./sandbox_store.ts";
import type { SandboxLifetimes } from "./sandbox_store.ts";
import { addSandboxPosting } from "./sandbox_posting.ts";
import { addSandboxPostPage } from "./sandbox_post_page.ts";
import type { SandboxWebhookMode } from "./sandbox_records.ts";
import { takeFault } from "./sandbox_settings.ts";
import { REFRESH_FAULTS } from "./sandbox_faults.ts";
import { STYLESHEET_URL } from "../../lib/http/stylesheet.ts";

export interface SandboxOptions {
  kv: Deno.Kv;
  clock: Clock;
  clientKey: string;
  clientSecret: string;
  /** Registered redirect URIs (exact match, as TikTok requires). */
  redirectUris: string[];
  lifetimes?: SandboxLifetimes;
  /** URL prefixes accepted by PULL_FROM_URL (PM3K's FILES_BASE_URL). */
  verifiedUrlPrefixes: string[];
  stallMs?: number;
  /** The app's callback URL for TikTok's webhooks (sandbox_webhooks.ts). */
  webhookUrl?: string;
  /** Whether webhooks are sent until the admin endpoint says otherwise. */
  webhooksByDefault?: SandboxWebhookMode;
  /**
   * Whether the simulated TikTok app passed TikTok's audit (default true);
   * PM3K passes its TIKTOK_APP_AUDITED (docs/sandbox.md#unaudited-app).
   */
  appAudited?: boolean;
  /**
   * The app's name, as registered in TikTok's developer portal and shown
   * on TikTok's consent screen: the app's SERVICE_NAME (default "PM3K").
   */
  appName?: string;
}

const KNOWN_SCOPES = new Set([
  "user.info.basic",
  "user.info.profile",
  "user.info.stats",
  "video.publish",
  "video.upload",
  "video.list",
]);
const USER_FIELDS = new Set([
  "open_id",
  "union_id",
  "avatar_url",
  "avatar_url_100",
  "avatar_large_url",
  "display_name",
]);
const AUTHORIZE_FIELDS = [
  "client_key",
  "response_type",
  "scope",
  "redirect_uri",
  "state",
  "code_challenge",
  "code_challenge_method",
];

/** Builds the sandbox sub-app. */
export function createTikTokSandbox(options: SandboxOptions): Hono {
  const { kv, clock } = options;
  const lifetimes = options.lifetimes ?? DEFAULT_LIFETIMES;
  const app = new Hono({ strict: false });

  function oauthError(
    c: Context,
    error: string,
    description: string,
    status: 400 | 401 = 400,
  ) {
    return c.json({
      error,
      error_description: description,
      log_id: newLogId(clock),
    }, status);
  }

  /** 401 `invalid_client` unless the form names this app and its secret. */
  function clientRefusal(c: Context, form: URLSearchParams): Response | null {
    return form.get("client_key") === options.clientKey &&
        form.get("client_secret") === options.clientSecret
      ? null
      : oauthError(
        c,
        "invalid_client",
        "Client key or secret is invalid.",
        401,
      );
  }

  function apiError(
    c: Context,
    code: string,
    message: string,
    status: 400 | 401 | 403 | 429 | 500,
  ) {
    return c.json({
      data: {},
      error: { code, message, log_id: newLogId(clock) },
    }, status);
  }

  /** Problems TikTok shows on its own page rather than redirecting back. */
  function checkAuthorizeQuery(q: Record<string, string>): string | null {
    if (q.client_key !== options.clientKey) {
      return "We couldn't log in with TikTok. Please correct the following: client_key";
    }
    if (!options.redirectUris.includes(q.redirect_uri ?? "")) {
      return "We couldn't log in with TikTok. Please correct the following: redirect_uri";
    }
    if (q.response_type !== "code") {
      return "We couldn't log in with TikTok. Please correct the following: response_type";
    }
    if (!/^[0-9a-f]{64}$/.test(q.code_challenge ?? "")) {
      return "We couldn't log in with TikTok. Please correct the following: code_challenge";
    }
    if (q.code_challenge_method !== "S256") {
      return "We couldn't log in with TikTok. Please correct the following: code_challenge_method";
    }
    const scopes = (q.scope ?? "").split(",").filter(Boolean);
    if (scopes.length === 0 || scopes.some((s) => !KNOWN_SCOPES.has(s))) {
      return "We couldn't log in with TikTok. Please correct the following: scope";
    }
    return null;
  }

  async function consentPage(
    c: Context,
    q: Record<string, string>,
    problem: string | null,
  ) {
    const page = h(ConsentPage, {
      query: Object.fromEntries(
        AUTHORIZE_FIELDS.filter((f) => q[f] !== undefined).map((
          f,
        ) => [f, q[f]]),
      ),
      scopes: (q.scope ?? "").split(",").filter(Boolean),
      users: await listSandboxUsers(kv),
      problem,
      appName: options.appName ?? "PM3K",
    });
    const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">` +
      `<meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<title>TikTok sandbox: authorize</title>` +
      `<link rel="stylesheet" href="${STYLESHEET_URL}"></head><body>` +
      renderToString(page) +
      (problem
        ? ""
        : `<script nonce="${
          c.get("secureHeadersNonce") ?? ""
        }">${CONSENT_SCRIPT}</script>`) +
      `</body></html>`;
    return c.html(html, problem ? 400 : 200, { "Cache-Control": "no-store" });
  }

  function backToApp(redirectUri: string, params: Record<string, string>) {
    const url = new URL(redirectUri);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return url.href;
  }

  app.get("/v2/auth/authorize", (c) => {
    const q = c.req.query();
    return consentPage(c, q, checkAuthorizeQuery(q));
  });

  app.post("/v2/auth/authorize", async (c) => {
    // Not a form (no body, another type): the consent page says what is
    // missing, with a 400, rather than a 500 from formData().
    const data = await c.req.formData().catch(() => new FormData());
    const form = Object.fromEntries(
      [...data.entries()].map(([k, v]) => [k, String(v)]),
    );
    const problem = checkAuthorizeQuery(form);
    if (problem) return consentPage(c, form, problem);
    const state = form.state ?? "";
    if (form.decision !== "authorize") {
      return c.redirect(
        backToApp(form.redirect_uri, {
          error: "access_denied",
          error_description: "The user denied the authorization request.",
          state,
        }),
        302,
      );
    }
    const username = normaliseUsername(form.username || "") ??
      normaliseUsername(form.existing_user || "");
    if (!username) {
      return consentPage(
        c,
        form,
        "Pick a sandbox user or type a user name (letters, digits, dot, underscore).",
      );
    }
    // As on TikTok's screen, the user may withhold some of the scopes asked.
    const withheld = new Set(data.getAll("withhold_scope").map(String));
    const granted = form.scope.split(",").filter((s) => !withheld.has(s))
      .join(",");
    if (!granted) {
      return consentPage(c, form, "Keep at least one permission to authorize.");
    }
    // Only an authorization that goes through makes a new user: a refused
    // one would leave it in the page's list of users to pick.
    const user = await ensureSandboxUser(kv, clock, username);
    const code = await createAuthCode(kv, clock, {
      openId: user.openId,
      clientKey: form.client_key,
      redirectUri: form.redirect_uri,
      scope: granted,
      codeChallenge: form.code_challenge,
    });
    return c.redirect(
      backToApp(form.redirect_uri, { code, scopes: granted, state }),
      302,
    );
  });

  app.post("/v2/oauth/token", async (c) => {
    if (
      !(c.req.header("content-type") ?? "").startsWith(
        "application/x-www-form-urlencoded",
      )
    ) {
      return oauthError(
        c,
        "invalid_request",
        "The request parameters are malformed.",
      );
    }
    const form = new URLSearchParams(await c.req.text());
    const refused = clientRefusal(c, form);
    if (refused) return refused;
    const grantType = form.get("grant_type");
    if (grantType === "authorization_code") {
      const grant = await consumeAuthCode(kv, clock, form.get("code") ?? "");
      if (!grant || grant.clientKey !== form.get("client_key")) {
        return oauthError(
          c,
          "invalid_grant",
          "Authorization code is expired or invalid.",
        );
      }
      if (grant.redirectUri !== form.get("redirect_uri")) {
        return oauthError(c, "invalid_grant", "Redirect URI mismatch.");
      }
      if (grant.codeChallenge !== null) {
        const verifier = form.get("code_verifier") ?? "";
        if (
          !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) ||
          await expectedChallenge(verifier) !== grant.codeChallenge
        ) {
          return oauthError(
            c,
            "invalid_request",
            "Code verifier or code challenge is invalid.",
          );
        }
      }
      return c.json(await issueTokens(kv, clock, grant, lifetimes));
    }
    if (grantType === "refresh_token") {
      const owner = await refreshTokenOwner(
        kv,
        form.get("refresh_token") ?? "",
      );
      const fault = owner
        ? await takeFault(kv, owner, (f) => REFRESH_FAULTS.includes(f))
        : null;
      if (fault?.fault === "refresh_server_error") {
        return c.json({
          error: "internal_error",
          error_description: "Something went wrong. Please try again later.",
          log_id: newLogId(clock),
        }, 500);
      }
      if (fault?.fault === "refresh_invalid_grant") {
        return oauthError(
          c,
          "invalid_grant",
          "Refresh token is invalid or expired.",
        );
      }
      const tokens = await rotateRefreshToken(
        kv,
        clock,
        form.get("refresh_token") ?? "",
        options.clientKey,
      );
      return tokens ? c.json(tokens) : oauthError(
        c,
        "invalid_grant",
        "Refresh token is invalid or expired.",
      );
    }
    return oauthError(
      c,
      "unsupported_grant_type",
      "The grant type is not supported.",
    );
  });

  app.post("/v2/oauth/revoke", async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const refused = clientRefusal(c, form);
    if (refused) return refused;
    const token = form.get("token") ?? "";
    // Simulated: TikTok failing a revoke (docs/sandbox.md), which PM3K's
    // account deletion logs and says.
    const owner = await accessTokenOwner(kv, token);
    if (
      owner &&
      await takeFault(kv, owner, (f) => f === "revoke_server_error")
    ) {
      return c.json({
        error: "internal_error",
        error_description: "Something went wrong. Please try again later.",
        log_id: newLogId(clock),
      }, 500);
    }
    await revokeAccessToken(kv, token);
    return c.json({});
  });

  app.get("/v2/user/info", async (c) => {
    const token = /^Bearer (.+)$/.exec(c.req.header("authorization") ?? "")
      ?.[1];
    const grant = token ? await lookupAccessToken(kv, clock, token) : null;
    if (!grant) {
      return apiError(
        c,
        "access_token_invalid",
        "The access token is invalid or not found in the request.",
        401,
      );
    }
    const fields = (c.req.query("fields") ?? "").split(",").filter(Boolean);
    if (fields.length === 0 || fields.some((f) => !USER_FIELDS.has(f))) {
      return apiError(
        c,
        "invalid_params",
        "fields is required and must list user fields",
        400,
      );
    }
    if (!grant.scope.split(",").includes("user.info.basic")) {
      return apiError(
        c,
        "scope_permission_missed",
        "The user did not authorize the scope required for this field.",
        400,
      );
    }
    const user = await getSandboxUser(kv, grant.openId);
    if (!user) {
      return apiError(c, "access_token_invalid", "User no longer exists.", 401);
    }
    const avatar = `${new URL(c.req.url).origin}/_sandbox/tiktok/avatars/${
      encodeURIComponent(user.username)
    }.svg`;
    const all: Record<string, string> = {
      open_id: user.openId,
      union_id: `union-${user.openId}`,
      avatar_url: avatar,
      avatar_url_100: avatar,
      avatar_large_url: avatar,
      display_name: user.displayName,
    };
    return c.json({
      data: { user: Object.fromEntries(fields.map((f) => [f, all[f]])) },
      error: { code: "ok", message: "", log_id: newLogId(clock) },
    });
  });

  app.get("/avatars/:file", (c) => {
    const name = c.req.param("file").replace(/\.svg$/, "");
    const letter = (name[0] ?? "?").toUpperCase().replace(/[^A-Z0-9]/, "?");
    const hue = [...name].reduce((n, ch) => n + ch.charCodeAt(0), 0) % 360;
    return c.body(
      `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><rect width="100" height="100" fill="hsl(${hue},60%,45%)"/><text x="50" y="66" font-size="52" text-anchor="middle" fill="#fff" font-family="sans-serif">${letter}</text></svg>`,
      200,
      {
        "Content-Type": "image/svg+xml",
        "Cache-Control": "public, max-age=86400",
      },
    );
  });

  addSandboxPosting(app, {
    kv,
    clock,
    verifiedUrlPrefixes: options.verifiedUrlPrefixes,
    stallMs: options.stallMs,
    clientKey: options.clientKey,
    clientSecret: options.clientSecret,
    webhookUrl: options.webhookUrl,
    webhooksByDefault: options.webhooksByDefault,
    appAudited: options.appAudited,
  });
  addSandboxPostPage(app);
  return app;
}
