/**
 * Bearer API-key authentication for every `/api/*` route.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { authenticateApiKey } from "../api_keys/api_keys.ts";
import type { AppEnv } from "./app_types.ts";

export function apiAuth(): MiddlewareHandler<AppEnv> {
  return async function apiAuth(c, next) {
    const { kv, clock } = c.get("deps");
    c.set(
      "apiAccount",
      await authenticateApiKey(kv, clock, c.req.header("authorization")),
    );
    await next();
  };
}
