/**
 * Keeps what the API refused an API key in the account's refused-requests
 * log (docs/api.md#refused-requests), for the dashboard to show; MCP tool
 * calls' refusals are kept with keepRefusal too. Only
 * requests made with an API key: the dashboard's own calls show their
 * refusals where they are made.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { recordApiRefusal } from "../activity/api_refusals.ts";
import type { RefusalSeen } from "../activity/api_refusals.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { logFailure } from "../runtime/logger.ts";
import type { AppEnv } from "./app_types.ts";

/** The route of a request no route took (the API's last, catch-all). */
export const NO_ROUTE = "(no such route)";

/**
 * The methods kept by name; any other a client makes up is kept as
 * "OTHER", so that made-up methods cannot add groups without end.
 */
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]);

export function refusalLog(): MiddlewareHandler<AppEnv> {
  return async function refusalLog(c, next) {
    await next();
    if (c.res.status < 400 || c.req.header("authorization") === undefined) {
      return;
    }
    const openId = c.get("apiCredential")?.openId;
    if (!openId) return;
    const deps = c.get("deps");
    // Every refusal is PM3K's JSON envelope; a small body, read from a
    // copy so the client still gets the answer as it was.
    const body = await c.res.clone().json().catch(() => null) as
      | { error?: unknown; message?: unknown }
      | null;
    // A busy KV is not written to once more: the 503 goes out at once.
    if (typeof body?.error !== "string" || body.error === "database_busy") {
      return;
    }
    // After next(), the route that answered; the catch-all is no route.
    const route = routePath(c);
    await keepRefusal(deps, openId, {
      method: METHODS.has(c.req.method) ? c.req.method : "OTHER",
      route: route === "*" || route === "/api/*" ? NO_ROUTE : route,
      code: body.error,
      status: c.res.status,
      message: String(body.message ?? ""),
      requestId: c.get("requestId") ?? "",
    });
  };
}

/**
 * Keeps one refusal of an account's API key (a REST request's, or an MCP
 * tool call's: lib/mcp/mcp_refusal_log.ts). The refusal is answered
 * whatever its log does: a failure or a group that kept changing is
 * logged, never thrown.
 */
export async function keepRefusal(
  deps: Pick<AppDeps, "kv" | "clock" | "log">,
  openId: string,
  seen: RefusalSeen,
): Promise<void> {
  const recorded = await recordApiRefusal(deps, openId, seen).catch(
    logFailure(deps.log, "keeping a refused request in its log", {
      open_id: openId,
    }),
  );
  if (recorded === false) {
    deps.log({
      level: "warn",
      message: "a refused request was not counted: its group kept changing",
      open_id: openId,
      request_id: seen.requestId,
    });
  }
}
