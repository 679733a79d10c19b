/**
 * Method override headers (docs/api.md#limits-on-every-request): some
 * clients and proxies send a DELETE or PATCH as a POST carrying
 * `X-HTTP-Method-Override: DELETE`. PM3K answers the method on the
 * request line only, so the header would be ignored and the POST done in
 * place of what was meant (a POST where a revoke was asked issues a key).
 * A request whose override names another method is refused instead,
 * before any route runs; one naming its own method is harmless. The
 * value is echoed as a client's id is (`echoed`, docs/api.md#errors).
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { AppError, echoed } from "../errors.ts";
import type { AppEnv } from "./app_types.ts";

/** The override headers in use (Google's, Microsoft's, and the bare one). */
const OVERRIDE_HEADERS = [
  "X-HTTP-Method-Override",
  "X-HTTP-Method",
  "X-Method-Override",
];

/** Refuses a request whose override header names another method. */
export function refuseMethodOverride(): MiddlewareHandler<AppEnv> {
  return async function refuseMethodOverride(c, next) {
    for (const name of OVERRIDE_HEADERS) {
      const value = c.req.header(name);
      if (value === undefined) continue;
      if (value.trim().toUpperCase() === c.req.method) continue;
      throw new AppError(
        "bad_request",
        `PM3K does not read ${name} (${
          echoed(value.trim(), 20)
        }): send the request with that method itself. This ${c.req.method} was not done.`,
      );
    }
    await next();
  };
}
