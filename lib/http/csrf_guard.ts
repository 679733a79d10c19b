/**
 * CSRF guard for cookie-authenticated writes: an unsafe method must come
 * from our own origin (Origin header, or Sec-Fetch-Site when Origin is
 * absent). Hono's csrf middleware only looks at form content types, and a
 * cross-site `fetch` with `text/plain` or JSON must be refused as well.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { AppError } from "../errors.ts";
import type { AppEnv } from "./app_types.ts";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export function csrfGuard(
  options: { allowedOrigins: string[] },
): MiddlewareHandler<AppEnv> {
  const allowed = new Set(options.allowedOrigins.map((o) => new URL(o).origin));
  return async function csrfGuard(c, next) {
    if (!SAFE.has(c.req.method)) {
      const origin = c.req.header("origin");
      const site = c.req.header("sec-fetch-site");
      const own = new URL(c.req.url).origin;
      const ok = origin
        ? origin === own || allowed.has(origin)
        : site === undefined || site === "same-origin" || site === "none";
      if (!ok) {
        throw new AppError(
          "csrf_rejected",
          "This request came from another site and was refused.",
        );
      }
    }
    await next();
  };
}
