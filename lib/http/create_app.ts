/**
 * Builds the whole HTTP app from its dependencies and the route manifest:
 * request id, JSON request log, security headers (CSP with a per-request
 * nonce for the island boot script), JSON errors, API-key auth and body
 * limit on `/api/*`, sessions and CSRF on the dashboard, island bundles,
 * static files, and the TikTok sandbox when no credentials are set. In
 * strict mode (tests), `/api/*` success bodies are checked against the
 * OpenAPI document (lib/openapi/documented_answers.ts).
 * @module
 */
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { NONCE, secureHeaders } from "hono/secure-headers";
import { bodyLimit } from "hono/body-limit";
import { serveStatic } from "hono/deno";
import { AppError } from "../errors.ts";
import { handleError, handleNotFound } from "./error_handler.ts";
import { requestLog } from "./request_log.ts";
import { csrfGuard } from "./csrf_guard.ts";
import { sessionAuth } from "./session_auth.ts";
import { apiAuth } from "./api_auth.ts";
import { registerFileRoutes } from "./file_routes.ts";
import { ISLANDS_PREFIX } from "../islands/island_assets.ts";
import { FILES_PATH } from "../storage/create_storage.ts";
import { registerIslands } from "../islands/island_render.tsx";
import { strictAnswersCheck } from "../openapi/documented_answers.ts";
import { createTikTokSandbox } from "../../sandbox/tiktok/sandbox_app.tsx";
import { SANDBOX_CLIENT_KEY, SANDBOX_CLIENT_SECRET } from "../config.ts";
import type { AppDeps, AppEnv, AppShellProps, Manifest } from "./app_types.ts";
import type { ComponentType } from "preact";

/** Largest JSON body accepted on `/api/*` (design.md §5). */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/** Security headers of every API answer (no HTML, so no script sources). */
const API_SECURITY_HEADERS: [string, string][] = [
  ["Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"],
  ["X-Content-Type-Options", "nosniff"],
  ["Referrer-Policy", "no-referrer"],
  ["Cross-Origin-Resource-Policy", "same-origin"],
  ["Strict-Transport-Security", "max-age=15552000; includeSubDomains"],
];

/** Where browsers PUT uploads: our origin, or the S3 endpoint. */
function uploadOrigins(deps: AppDeps): string[] {
  if (deps.config.storage.kind !== "s3") return [];
  const endpoint = new URL(deps.config.storage.endpoint);
  return [
    endpoint.origin,
    `${endpoint.protocol}//${deps.config.storage.bucket}.${endpoint.host}`,
  ];
}

/** The OAuth callback path registered with TikTok. */
export const OAUTH_CALLBACK_PATH = "/auth/callback";

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
    await next();
  });
  app.use(requestId());
  app.use(requestLog());
  const pageHeaders = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", NONCE],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:", "https:"],
      connectSrc: ["'self'", ...uploadOrigins(deps)],
      formAction: ["'self'"],
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
  app.use(function securityHeaders(c, next) {
    // JSON answers need no script nonce: a fixed, cheaper header set on the
    // API keeps the hot /api paths fast.
    if (c.req.path.startsWith("/api/")) {
      // Set before the answer exists: Hono then merges them in for free
      // (setting headers on a finished response re-creates it each time).
      for (const [name, value] of API_SECURITY_HEADERS) c.header(name, value);
      return next();
    }
    if (c.req.path === "/docs" || c.req.path === "/docs/") {
      return docsHeaders(c, next);
    }
    return pageHeaders(c, next);
  });

  // Tests only: null (nothing registered) unless strict mode is on.
  const checkAnswers = strictAnswersCheck(deps);
  if (checkAnswers) app.use("/api/*", checkAnswers);
  app.use(
    "/api/*",
    bodyLimit({
      maxSize: MAX_JSON_BODY_BYTES,
      onError: () => {
        throw new AppError(
          "payload_too_large",
          `The request body is larger than ${MAX_JSON_BODY_BYTES} bytes.`,
        );
      },
    }),
    apiAuth({
      allowedOrigins: [deps.config.publicBaseUrl],
      // The API's own description is public, like any API reference.
      publicPaths: ["/api/openapi.json"],
      // The hot polling path: it commits a counter anyway (post_status.ts).
      credentialPaths: ["/api/tiktok/status"],
    }),
  );

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
        c.header("Cache-Control", "public, max-age=3600");
      },
    }),
  );

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
        redirectUris: [`${deps.config.publicBaseUrl}${OAUTH_CALLBACK_PATH}`],
        verifiedUrlPrefixes: [`${deps.config.filesBaseUrl}/`],
        stallMs: deps.config.tiktokTimeoutMs * 3,
      }),
    );
  }
  const session = sessionAuth();
  const csrf = csrfGuard({ allowedOrigins });
  app.use("*", async function dashboardOnly(c, next) {
    // Sessions and CSRF concern the dashboard, not the API or the sandbox.
    const path = c.req.path;
    if (
      path.startsWith("/api/") || path.startsWith("/_sandbox/") ||
      path.startsWith(`${FILES_PATH}/`)
    ) {
      return next();
    }
    await session(c, async () => {
      await csrf(c, next);
    });
  });
  registerFileRoutes(app, manifest);
  return app;
}
