/**
 * Turns thrown errors into responses: the seed's JSON envelope on API paths
 * (and for clients asking for JSON), an HTML page elsewhere. Unexpected
 * errors become 500 `internal_error` with the request id; the stack goes to
 * the log only. In strict mode (tests), a code the answering operation does
 * not document is recorded (lib/openapi/documented_answers.ts).
 * @module
 */
import { h } from "preact";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError } from "../errors.ts";
import { sendJson } from "./json_body.ts";
import { renderPageWithin } from "./page_render.ts";
import ErrorPage from "../../components/ErrorPage.tsx";
import type { AppContext } from "./app_types.ts";

/** True when the client should get JSON rather than a page. */
export function wantsJson(c: AppContext): boolean {
  const path = c.req.path;
  return path.startsWith("/api/") || path === "/api" ||
    path.startsWith("/_sandbox/") || path.startsWith("/files/") ||
    (c.req.header("accept") ?? "").includes("application/json") &&
      !(c.req.header("accept") ?? "").includes("text/html");
}

/** Hono `onError` handler. */
export function handleError(error: Error, c: AppContext): Response {
  const appError = error instanceof AppError ? error : null;
  const requestId = c.get("requestId") ?? "";
  if (!appError) {
    c.get("deps")?.log({
      level: "error",
      request_id: requestId,
      error: error.name,
      message: error.message,
      stack: error.stack,
    });
  }
  const status = (appError?.status ?? 500) as ContentfulStatusCode;
  const body = appError ? appError.toJSON() : {
    ok: false,
    error: "internal_error",
    message:
      "Something went wrong on our side. Quote the request_id if you contact support.",
    request_id: requestId,
  };
  const headers: Record<string, string> = {};
  if (appError?.code === "method_not_allowed" && appError.extra.allow) {
    headers["Allow"] = String(appError.extra.allow);
  }
  const retryAfter = appError?.status === 429
    ? retryAfterSeconds(appError, c.get("deps")?.clock.now() ?? Date.now())
    : null;
  if (retryAfter !== null) headers["Retry-After"] = String(retryAfter);
  if (wantsJson(c)) return sendJson(c, body, status, headers);
  return renderPageWithin(
    c,
    h(ErrorPage, {
      status,
      title: appError ? titleFor(status) : "Something went wrong",
      message: String(body.message),
      requestId: appError ? null : requestId,
    }),
    status,
  );
}

/**
 * Seconds until a 429 may be retried, from the error's own fields, for the
 * standard Retry-After header that HTTP clients (n8n, Make) honour.
 */
function retryAfterSeconds(error: AppError, now: number): number | null {
  const { retry_after_seconds: seconds, retry_after: at } = error.extra;
  if (typeof seconds === "number") return seconds;
  if (typeof at !== "string") return null;
  const when = Date.parse(at);
  return Number.isNaN(when)
    ? null
    : Math.max(0, Math.ceil((when - now) / 1000));
}

function titleFor(status: number): string {
  if (status === 404) return "Page not found";
  if (status === 401 || status === 403) return "Not allowed";
  return "That did not work";
}

/** Hono `notFound` handler: JSON 404 on API paths, a page elsewhere. */
export function handleNotFound(c: AppContext): Response {
  return handleError(
    new AppError("not_found", `No route for ${c.req.method} ${c.req.path}.`),
    c,
  );
}
