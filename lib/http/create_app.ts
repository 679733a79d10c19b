/**
 * Builds the whole HTTP app from its dependencies and the route manifest:
 * request id and JSON request log for everything; the API sub-app at
 * `/api` (api_app.ts), the MCP endpoint at `/mcp` (lib/mcp/) and TikTok's
 * events at `/webhooks/tiktok` (tiktok_webhook_app.ts); then,
 * for the rest, security headers (CSP with a per-request nonce for the
 * island boot script), island bundles, static files, the TikTok sandbox
 * when no credentials are set, media files, and the dashboard pages behind
 * sessions and CSRF, all behind a body limit (body_limit.ts) but the
 * upload PUT. What is registered first answers first: a sub-app or file
 * route that answers ends the chain, so the dashboard's session middleware
 * never runs for the API, the MCP endpoint, the sandbox or media files.
 * @module
 */
import { refuseMethodOverride } from "./method_override.ts";
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { NONCE, secureHeaders } from "hono/secure-headers";
import { serveStatic } from "hono/deno";
import { headLength } from "./head_length.ts";
import { staticMethods } from "./static_methods.ts";
import { handleError, handleNotFound } from "./error_handler.ts";
import { requestLog } from "./request_log.ts";
import { csrfGuard } from "./csrf_guard.ts";
import { limitBodyExcept, MAX_PAGE_BODY_BYTES } from "./body_limit.ts";
import { sessionAuth } from "./session_auth.ts";
import { fileRoutes, isUnder, registerFileRoutes } from "./file_routes.ts";
import { API_PREFIX, createApiApp } from "./api_app.ts";
import { createMcpApp, MCP_PATH } from "../mcp/mcp_app.ts";
import { createTikTokWebhookApp } from "./tiktok_webhook_app.ts";
import {
  TIKTOK_WEBHOOK_PATH,
  TIKTOK_WEBHOOK_PREFIX,
} from "../tiktok_webhooks/tiktok_webhook_paths.ts";
import { staticCacheControl } from "./stylesheet.ts";
import { ISLANDS_PREFIX } from "../islands/island_assets.ts";
import { FILES_PATH } from "../storage/create_storage.ts";
import { registerIslands } from "../islands/island_render.tsx";
import { createTikTokSandbox } from "../../sandbox/tiktok/sandbox_app.tsx";
import { SANDBOX_CLIENT_KEY, SANDBOX_CLIENT_SECRET } from "../config.ts";
import { oauthRedirectUri } from "../auth/oauth_paths.ts";
import type {
  AppContext,
  AppEnv,
  AppShellProps,
  Manifest,
} from "./app_types.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { ComponentType } from "preact";

/** Where browsers PUT uploads: our origin, or the S3 endpoint. */
function uploadOrigins(deps: AppDeps): string[] {
  if (deps.config.storage.kind !== "s3") return [];
  const endpoint = new URL(deps.config.storage.endpoint);
  return [
    endpoint.origin,
    `${endpoint.protocol}//${deps.config.storage.bucket}.${endpoint.host}`,
  ];
}

/**
 * Where TikTok's pictures (the creator's avatar) come from: TikTok's own
 * are https, which `https:` allows; the simulator of the rehearsal
 * (docs/tiktok-audit.md) is a second PM3K on http.
 */
function tiktokImageOrigins(deps: AppDeps): string[] {
  const { apiBaseUrl } = deps.config.tiktok;
  return apiBaseUrl.startsWith("http:") ? [new URL(apiBaseUrl).origin] : [];
}

/** Where uploaded files are read from: the files URL and the bucket. */
function mediaOrigins(deps: AppDeps): string[] {
  return [
    ...new Set([
      new URL(deps.config.filesBaseUrl).origin,
      ...uploadOrigins(deps),
    ]),
  ];
}

/**
 * Where a page's form may lead, besides this server: in the sandbox, the
 * simulator's consent form answers with a redirect to the app's redirect
 * URI, `PUBLIC_BASE_URL/auth/callback`. In the rehearsal of
 * docs/tiktok-audit.md the simulator is a second PM3K on another port, so
 * that origin is not its own, and a browser applies `form-action` to the
 * redirect too.
 */
function formOrigins(deps: AppDeps): string[] {
  return deps.config.sandbox ? [new URL(deps.config.publicBaseUrl).origin] : [];
}

/** The simulator's creator avatars (sandbox/tiktok/sandbox_app.tsx). */
const SANDBOX_AVATARS_PATH = "/_sandbox/tiktok/avatars/";

/** The simulator's upload_url (sandbox/tiktok/sandbox_upload_route.ts). */
const SANDBOX_UPLOAD_PATH = "/_sandbox/tiktok/upload";

/**
 * A PUT of upload bytes to a signed local-disk URL, or a FILE_UPLOAD chunk
 * to the TikTok simulator's upload_url (bounded there by TikTok's chunk
 * sizes).
 */
function isUploadPut(c: AppContext): boolean {
  return c.req.method === "PUT" &&
    (isUnder(c.req.path, FILES_PATH) ||
      isUnder(c.req.path, SANDBOX_UPLOAD_PATH));
}

/** Builds the app. */
export function createApp(deps: AppDeps, manifest: Manifest): Hono<AppEnv> {
  registerIslands(manifest.islands);
  const shell = manifest.routes["./routes/_app.tsx"]?.default as
    | ComponentType<AppShellProps>
    | undefined;
  if (!shell) throw new Error("The manifest has no ./routes/_app.tsx");

  const app = new Hono<AppEnv>({ strict: false });
  app.onError(handleError);
  app.notFound(handleNotFound);

  app.use(async function injectDeps(c, next) {
    c.set("deps", deps);
    c.set("manifest", manifest);
    c.set("shell", shell);
    c.set("sessionAccount", null);
    c.set("sessionAccounts", []);
    await next();
  });
  app.use(requestId());
  app.use(requestLog());
  // HEAD keeps the Content-Length of GET's body (head_length.ts).
  app.use(headLength);

  const routes = fileRoutes(manifest);
  const apiRoutes = routes.filter((r) => isUnder(r.path, API_PREFIX));
  const fileUrls = routes.filter((r) => isUnder(r.path, FILES_PATH));
  const pages = routes.filter((r) =>
    !apiRoutes.includes(r) && !fileUrls.includes(r)
  );
  app.route(API_PREFIX, createApiApp(deps, apiRoutes));
  app.route(MCP_PATH, createMcpApp());
  // TikTok's events: signed, outside sessions, CSRF and the page body limit.
  app.route(TIKTOK_WEBHOOK_PREFIX, createTikTokWebhookApp());

  const pageHeaders = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", NONCE],
      styleSrc: ["'self'"],
      // The composer previews uploads where they are stored.
      imgSrc: [
        "'self'",
        "data:",
        "https:",
        ...mediaOrigins(deps),
        ...tiktokImageOrigins(deps),
      ],
      // blob: the upload card reads a picked video's length in the
      // browser, from the file itself, before sending it
      // (docs/dashboard.md#compose).
      mediaSrc: ["'self'", "blob:", ...mediaOrigins(deps)],
      connectSrc: ["'self'", ...uploadOrigins(deps)],
      formAction: ["'self'", ...formOrigins(deps)],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      objectSrc: ["'none'"],
    },
    referrerPolicy: "same-origin",
  });
  // Swagger UI styles its widgets inline: /docs alone allows inline styles.
  const docsHeaders = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      objectSrc: ["'none'"],
    },
    referrerPolicy: "same-origin",
  });
  app.use(async function securityHeaders(c, next) {
    if (c.req.path === "/docs" || c.req.path === "/docs/") {
      return docsHeaders(c, next);
    }
    if (c.req.path.startsWith(SANDBOX_AVATARS_PATH)) {
      // The simulator's avatars stand in for TikTok's, which any page may
      // show: in the rehearsal (docs/tiktok-audit.md) the composer is on
      // another port, so `same-origin` would hide them.
      await pageHeaders(c, next);
      c.res.headers.set("Cross-Origin-Resource-Policy", "cross-origin");
      return;
    }
    return pageHeaders(c, next);
  });

  // The API has its own limit; every other route has this one. Only the
  // local adapter's upload PUT streams a large body, bounded by its signed
  // size (lib/http/signed_put.ts).
  app.use(limitBodyExcept(MAX_PAGE_BODY_BYTES, isUploadPut));

  app.get(`${ISLANDS_PREFIX}/:build/:file{.+}`, (c) => {
    const { build, file } = c.req.param();
    const bytes = build === deps.islands.buildId
      ? deps.islands.file(file)
      : undefined;
    if (!bytes) return handleNotFound(c);
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": "text/javascript; charset=UTF-8",
      "Cache-Control": "public, max-age=31536000, immutable",
    });
  });
  app.use(
    "/static/*",
    serveStatic({
      root: "./static",
      rewriteRequestPath: (p) => p.replace(/^\/static/, ""),
      onFound: (_path, c) => {
        c.header(
          "Cache-Control",
          staticCacheControl(c.req.path, c.req.query("v")),
        );
      },
    }),
    // PUT, DELETE… on a file that exists: 405, not 404.
    staticMethods("./static", "/static"),
  );

  // TikTok's signature file for the URL prefix PUBLIC_BASE_URL/, which
  // covers the redirect URI, the policy pages and local-disk media
  // (docs/tiktok-audit.md#verifying-your-addresses-with-tiktok).
  const verification = deps.config.tiktokSiteVerification;
  if (verification) {
    app.get(
      `/${verification.fileName}`,
      (c) => c.text(verification.content, 200, { "Cache-Control": "no-cache" }),
    );
  }

  const allowedOrigins = [deps.config.publicBaseUrl];
  if (deps.config.sandbox) {
    app.use("/_sandbox/*", csrfGuard({ allowedOrigins }));
    app.route(
      "/_sandbox/tiktok",
      createTikTokSandbox({
        kv: deps.kv,
        clock: deps.clock,
        clientKey: SANDBOX_CLIENT_KEY,
        clientSecret: SANDBOX_CLIENT_SECRET,
        redirectUris: [oauthRedirectUri(deps.config)],
        verifiedUrlPrefixes: [`${deps.config.filesBaseUrl}/`],
        stallMs: deps.config.tiktokTimeoutMs * 3,
        webhookUrl: `${deps.config.publicBaseUrl}${TIKTOK_WEBHOOK_PATH}`,
        webhooksByDefault: deps.config.sandboxWebhooks,
        appAudited: deps.config.tiktokAppAudited,
        appName: deps.config.site.serviceName,
      }),
    );
  }
  // Media files are fetched by TikTok and by upload clients, not the
  // dashboard: registered before the session middleware, which they skip.
  // A method other than the request line's is never guessed at (the API
  // checks its own, api_app.ts).
  app.use(refuseMethodOverride());
  registerFileRoutes(app, fileUrls);
  // Sessions and CSRF concern the dashboard pages registered after them.
  app.use(sessionAuth(), csrfGuard({ allowedOrigins }));
  // The dashboard's writes take no query (form_query.ts).
  registerFileRoutes(app, pages, "", true);
  return app;
}
