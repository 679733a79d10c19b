/**
 * Turns thrown errors into responses: the API's JSON envelope from the API
 * sub-app (`handleApiError`), and elsewhere JSON for the sandbox, files and
 * clients asking for it, an HTML page otherwise (`handleError`). Unexpected
 * errors become 500 `internal_error` with the request id; the stack goes to
 * the log only. In strict mode (tests), a code the answering operation does
 * not document is recorded (lib/http/openapi/documented_answers.ts).
 * @module
 */
import { h } from "preact";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError, echoed, retryAtMs } from "../errors.ts";
import { sendJson } from "./json_body.ts";
import { prefersJson } from "./json_preference.ts";
import { renderPageWithin } from "./page_render.ts";
import ErrorPage from "../../components/ErrorPage.tsx";
import type { AppContext } from "./app_types.ts";
import type { Logger } from "../runtime/logger.ts";

/**
 * True when a client off the API should get JSON rather than a page: the
 * sandbox and file URLs are called by programs, and so is anything whose
 * Accept prefers JSON to HTML (json_preference.ts).
 */
export function wantsJson(c: AppContext): boolean {
  const path = c.req.path;
  return path.startsWith("/_sandbox/") || path.startsWith("/files/") ||
    prefersJson(c);
}

/** What an error answers with, JSON or page alike. */
interface ErrorAnswer {
  appError: AppError | null;
  status: ContentfulStatusCode;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/** Hono `onError` handler of the API sub-app: always the JSON envelope. */
export function handleApiError(error: Error, c: AppContext): Response {
  const { status, body, headers } = errorAnswer(error, c);
  return sendJson(c, body, status, headers);
}

/**
 * Hono `onError` handler of the app: JSON or an HTML page (`wantsJson`).
 * `pageMessage`, when given, is what the page says instead of the JSON's
 * message, which is written for programs.
 */
export function handleError(
  error: Error,
  c: AppContext,
  pageMessage?: string,
): Response {
  const { appError, status, body, headers } = errorAnswer(error, c);
  if (wantsJson(c)) return sendJson(c, body, status, headers);
  const page = renderPageWithin(
    c,
    h(ErrorPage, {
      status,
      title: appError ? titleFor(status) : "Something went wrong",
      message: pageMessage ?? String(body.message),
      requestId: appError ? null : requestId(c),
    }),
    status,
  );
  // A page says the same as the JSON: Allow on a 405, Retry-After on a 503.
  for (const [name, value] of Object.entries(headers)) {
    page.headers.set(name, value);
  }
  return page;
}

function requestId(c: AppContext): string {
  return c.get("requestId") ?? "";
}

/**
 * The body of any error: an AppError's envelope, else — logged with its
 * stack, which never reaches the client — `internal_error` with the
 * request id.
 */
export function errorBody(
  error: unknown,
  log: Logger | undefined,
  requestId: string,
): Record<string, unknown> {
  if (error instanceof AppError) return error.toJSON();
  const e = error instanceof Error ? error : new Error(String(error));
  log?.({
    level: "error",
    request_id: requestId,
    error: e.name,
    message: e.message,
    stack: e.stack,
  });
  return {
    ok: false,
    error: "internal_error",
    message:
      "Something went wrong on our side. Quote the request_id if you contact support.",
    request_id: requestId,
  };
}

/** Logs an unexpected error (stack to the log only) and builds the answer. */
function errorAnswer(error: Error, c: AppContext): ErrorAnswer {
  const appError = error instanceof AppError ? error : null;
  const status = (appError?.status ?? 500) as ContentfulStatusCode;
  const body = errorBody(error, c.get("deps")?.log, requestId(c));
  const headers: Record<string, string> = {};
  if (appError?.code === "method_not_allowed" && appError.extra.allow) {
    headers["Allow"] = String(appError.extra.allow);
  }
  const retryAfter = appError
    ? retryAfterSeconds(appError, c.get("deps")?.clock.now() ?? Date.now())
    : null;
  if (retryAfter !== null) headers["Retry-After"] = String(retryAfter);
  return { appError, status, body, headers };
}

/**
 * Seconds until a 429 or 503 may be retried, from the error's own fields, for the
 * standard Retry-After header (read by HTTP clients that honour it; n8n's
 * Retry On Fail does not, docs/api.md#retry-after).
 */
function retryAfterSeconds(error: AppError, now: number): number | null {
  // The error's own count first: it was taken when the limit refused.
  const seconds = error.extra.retry_after_seconds;
  if (typeof seconds === "number") return seconds;
  const at = retryAtMs(error.extra, now);
  return at === null ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

function titleFor(status: number): string {
  if (status === 404) return "Page not found";
  if (status === 401 || status === 403) return "Not allowed";
  return "That did not work";
}

/**
 * The path as the client sent it, in quotes (docs/api.md#errors):
 * `c.req.path` has lost a trailing `/` (the apps are not strict) and has
 * its escapes decoded (`%E2%80%AE` would turn the sentence around), so
 * "No route for GET /api/me//." would name neither what was sent nor
 * where the sentence ends. Nor is the URL parsed: it resolves `.` and
 * `..` segments (`%2e%2e` too), and "/api/x/../me" would be said as
 * "/api/me", a route that exists, while the routes, which read the raw
 * request target as Hono does, matched none.
 */
export function saidPath(c: AppContext): string {
  return `"${echoed(sentPath(c.req.url), 200)}"`;
}

/** A request URL's path as it arrived: after the authority, before `?`. */
function sentPath(url: string): string {
  const start = url.indexOf("/", url.indexOf("://") + 3);
  if (start < 0) return "/";
  const end = url.indexOf("?", start);
  return end < 0 ? url.slice(start) : url.slice(start, end);
}

/**
 * The error of a request no route answers; `meant`, a route the path most
 * likely meant (near_route.ts).
 */
export function noRoute(c: AppContext, meant: string | null = null): AppError {
  // A base URL set with /api in a tool's credential doubles it: say so.
  const hint = /^\/api\/api(\/|$)/.test(c.req.path)
    ? " The path holds /api twice: give the base URL without /api (e.g. https://pm3k.org)."
    : meant
    ? ` Did you mean ${meant}?`
    : "";
  return new AppError(
    "not_found",
    `No route for ${c.req.method} ${saidPath(c)}.${hint}`,
  );
}

/**
 * The 405 of a path that exists for other methods only, with its `Allow`
 * (`allow`: "POST", "GET, HEAD"…) and `message` saying which.
 */
export function methodNotAllowed(allow: string, message: string): AppError {
  return new AppError("method_not_allowed", message, { extra: { allow } });
}

/**
 * Hono `notFound` handler of the app (the API sub-app answers its own).
 * A program gets 'No route for GET "/path".'; a person following an old or
 * mistyped link gets words, not a method name.
 */
export function handleNotFound(c: AppContext): Response {
  return handleError(
    noRoute(c),
    c,
    `There is no page at ${
      saidPath(c)
    }: its address may be mistyped or out of date.`,
  );
}
