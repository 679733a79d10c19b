/**
 * The HTTP API as a Hono sub-app, mounted at `/api` by createApp: its own
 * security headers, body limit (but for files streamed to uploads), API-key
 * (or session) auth, JSON errors and JSON 404s, every operation's query checked
 * (api_query.ts), and the routes under
 * routes/api/. In strict mode (tests), each
 * answer is checked against the OpenAPI document
 * (lib/http/openapi/documented_answers.ts).
 * @module
 */
import { nearRoute } from "./near_route.ts";
import { refuseMethodOverride } from "./method_override.ts";
import { Hono } from "hono";
import type { MiddlewareHandler } from "hono";
import { limitBodyExcept } from "./body_limit.ts";
import { isStreamedUpload } from "./upload_body.ts";
import { refusalLog } from "./refusal_log.ts";
import { apiAuth } from "./api_auth.ts";
import { handleApiError, noRoute } from "./error_handler.ts";
import { registerFileRoutes } from "./file_routes.ts";
import { registerQueryChecks } from "./api_query.ts";
import { refuseGetBody } from "./get_body.ts";
import { strictAnswersCheck } from "./openapi/documented_answers.ts";
import type { FileRoute } from "./file_routes.ts";
import type { AppEnv } from "./app_types.ts";
import type { AppDeps } from "../runtime/app_deps.ts";

/** Where the API is mounted. */
export const API_PREFIX = "/api";

/** Largest JSON body the API accepts (docs/api.md#limits-on-every-request). */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/** Security headers of every API answer (no HTML, so no script sources). */
const API_SECURITY_HEADERS: [string, string][] = [
  ["Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"],
  ["X-Content-Type-Options", "nosniff"],
  ["Referrer-Policy", "no-referrer"],
  ["Cross-Origin-Resource-Policy", "same-origin"],
  ["Strict-Transport-Security", "max-age=15552000; includeSubDomains"],
  // Answers carry keys, secrets and live states: no cache or proxy keeps
  // them (a route that may be cached, like openapi.json, says so itself).
  ["Cache-Control", "no-store"],
];

/** Sets {@link API_SECURITY_HEADERS} (the API's, and the MCP endpoint's). */
export const apiSecurityHeaders: MiddlewareHandler<AppEnv> =
  function apiSecurityHeaders(c, next) {
    // Set before the answer exists: Hono then merges them in for free
    // (setting headers on a finished response re-creates it each time).
    for (const [name, value] of API_SECURITY_HEADERS) c.header(name, value);
    return next();
  };

/** Builds the API sub-app from the routes under {@link API_PREFIX}. */
export function createApiApp(
  deps: AppDeps,
  routes: FileRoute[],
): Hono<AppEnv> {
  const api = new Hono<AppEnv>({ strict: false });
  api.onError(handleApiError);
  api.use(apiSecurityHeaders);
  // Tests only: null (nothing registered) unless strict mode is on.
  const checkAnswers = strictAnswersCheck(deps);
  if (checkAnswers) api.use(checkAnswers);
  api.use(
    // A file sent in one request streams to storage, cut at the plan's
    // size instead (upload_body.ts).
    limitBodyExcept(MAX_JSON_BODY_BYTES, isStreamedUpload),
    apiAuth({
      allowedOrigins: [deps.config.publicBaseUrl],
      // The API's own description is public, like any API reference.
      publicPaths: [`${API_PREFIX}/openapi.json`],
      // The hot polling path: it commits a counter anyway (post_status.ts).
      credentialPaths: [`${API_PREFIX}/tiktok/status`],
    }),
    refusalLog(),
  );
  // A GET's body would be ignored: refused, as an unknown query is.
  api.use(refuseGetBody);
  // As is a method override header naming another method.
  api.use(refuseMethodOverride());
  // Every operation's query is checked before its handler (api_query.ts).
  registerQueryChecks(api, routes, API_PREFIX);
  registerFileRoutes(api, routes, API_PREFIX);
  // A mounted app's notFound is not consulted by its parent: the API's own
  // 404 is its last route, so it passes through the API's middleware too.
  const paths = routes.map((r) => r.path);
  api.all("*", (c) => {
    throw noRoute(c, nearRoute(paths, c.req.path));
  });
  return api;
}
