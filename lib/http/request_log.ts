/**
 * One JSON log line per request: request id, method, route, status, time,
 * account. Only the path is logged, never the query (OAuth codes live there),
 * and a key in the path is taken out.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./app_types.ts";
import { withoutKeys } from "../api_keys/key_redaction.ts";

export function requestLog(): MiddlewareHandler<AppEnv> {
  return async function requestLog(c, next) {
    const started = performance.now();
    await next();
    const deps = c.get("deps");
    if (!deps.config.logRequests) return;
    const openId = c.get("apiCredential")?.openId ??
      c.get("sessionAccount")?.openId;
    // A key pasted into the path is not logged (docs/operations.md#logs).
    const path = withoutKeys(c.req.path);
    deps.log({
      level: "info",
      message: `${c.req.method} ${path} ${c.res.status}`,
      request_id: c.get("requestId"),
      method: c.req.method,
      path,
      route: c.req.routePath,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      open_id: openId ?? null,
    });
  };
}
