/**
 * Other methods than GET and HEAD on a static file (`PUT /static/styles.css`)
 * answer 405 `method_not_allowed` with `Allow: GET, HEAD`, as every route
 * that exists does (file_routes.ts), not 404: the file is there, the method
 * is what is wrong. Hono's serveStatic passes them on untouched.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { methodNotAllowed } from "./error_handler.ts";
import type { AppEnv } from "./app_types.ts";

const ALLOW = "GET, HEAD";

/**
 * For a request under `prefix` with another method, 405 when `root` holds
 * the file its path names; a path that names none stays a 404.
 */
export function staticMethods(
  root: string,
  prefix: string,
): MiddlewareHandler<AppEnv> {
  return async function staticMethods(c, next) {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const rel = c.req.path.slice(prefix.length);
    // Only names inside root: `..` and the like are a 404 as before.
    if (!/^(\/[\w.-]+)+$/.test(rel) || rel.split("/").includes("..")) {
      return next();
    }
    const isFile = await Deno.stat(`${root}${rel}`).then(
      (s) => s.isFile,
      () => false,
    );
    if (!isFile) return next();
    throw methodNotAllowed(ALLOW, `Method not allowed here; use ${ALLOW}.`);
  };
}
