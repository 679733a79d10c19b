/**
 * The strict "documented errors" check: an error answered by an `/api/*`
 * operation must be one of the codes its OpenAPI operation lists. The lookup
 * is built from the same route docs and rules as the document itself
 * (build_openapi.ts). Strict mode is switched on per app (the test server
 * does); it never changes an answer, it only records and logs the miss.
 * @module
 */
import { matchedRoutes } from "hono/route";
import type { ErrorCode } from "../errors.ts";
import type { AppContext, AppDeps, Manifest } from "../http/app_types.ts";
import { documentedRoutes, operationErrorCodes } from "./build_openapi.ts";

/** Documented error codes by `METHOD /hono/:pattern`. */
export type DocumentedErrors = Map<string, ReadonlySet<ErrorCode>>;

/** An error answer whose code the operation does not document. */
export interface UndocumentedError {
  method: string;
  /** The Hono route pattern, e.g. `/api/jobs/:id`. */
  route: string;
  code: ErrorCode;
}

/** The documented error codes of every `/api` operation of the manifest. */
export function documentedErrors(manifest: Manifest): DocumentedErrors {
  const out: DocumentedErrors = new Map();
  for (const { path, method, doc } of documentedRoutes(manifest)) {
    out.set(`${method} ${path}`, operationErrorCodes(method, path, doc));
  }
  return out;
}

/**
 * The documented operation that answered this request, from the Hono route
 * it matched; null off the documented API (unknown path, wrong method).
 */
export function operationOf(
  c: AppContext,
  documented: DocumentedErrors,
): { method: string; route: string; codes: ReadonlySet<ErrorCode> } | null {
  if (!c.req.path.startsWith("/api/")) return null;
  const method = c.req.method === "HEAD" ? "GET" : c.req.method;
  // Routes come in registration order: the first documented one answered.
  for (const { method: routeMethod, path } of matchedRoutes(c)) {
    if (routeMethod !== method) continue;
    const codes = documented.get(`${method} ${path}`);
    if (codes) return { method, route: path, codes };
  }
  return null;
}

interface StrictCheck {
  documented: DocumentedErrors;
  found: UndocumentedError[];
}

const strictApps = new WeakMap<AppDeps, StrictCheck>();

/**
 * Turns strict mode on for the app built from `deps`. Returns the live list
 * the error handler appends every undocumented answer to.
 */
export function enableStrictDocumentedErrors(
  deps: AppDeps,
  manifest: Manifest,
): readonly UndocumentedError[] {
  const found: UndocumentedError[] = [];
  strictApps.set(deps, { documented: documentedErrors(manifest), found });
  return found;
}

/**
 * Called by the error handler with the code it is answering. In strict mode
 * an undocumented one is recorded and logged with level "error"; otherwise
 * nothing happens.
 */
export function checkDocumentedError(c: AppContext, code: ErrorCode): void {
  const deps = c.get("deps") as AppDeps | undefined;
  const strict = deps && strictApps.get(deps);
  if (!strict) return;
  const operation = operationOf(c, strict.documented);
  if (!operation || operation.codes.has(code)) return;
  const { method, route } = operation;
  strict.found.push({ method, route, code });
  deps.log({
    level: "error",
    message: "undocumented error",
    request_id: c.get("requestId") ?? "",
    method,
    route,
    path: c.req.path,
    code,
  });
}
