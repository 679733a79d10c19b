/**
 * Strict "documented answers" mode, for tests: every answer of an `/api/*`
 * operation must be one its OpenAPI operation documents.
 *
 * - An error must carry one of the operation's documented codes, send
 *   `Retry-After` only where the document gives its status that header,
 *   and carry no field the document does not give that code there
 *   (error_fields.ts).
 * - A 2xx answer must have the documented success status and media type,
 *   and its JSON body must match the documented response schema, with no
 *   field the schema does not name (the document says
 *   `additionalProperties: false`).
 *
 * Both are checked by the middleware {@link strictAnswersCheck} returns, on
 * the answer as sent: thrown errors, errors replayed from an idempotency
 * record and successes alike.
 *
 * The lookup is built from the same route docs and rules as the document
 * itself (build_openapi.ts). Strict mode is switched on per app, before the
 * app is built (the test server does); it never changes an answer, it only
 * records and logs the miss. Off (production), the check is not even
 * registered.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { z } from "zod";
import type { ErrorCode } from "../../errors.ts";
import type { AppContext, AppEnv, Manifest } from "../app_types.ts";
import type { AppDeps } from "../../runtime/app_deps.ts";
import {
  documentedRoutes,
  documentedSuccess,
  documentsRetryAfter,
  openApiPath,
  operationErrorCodes,
} from "./build_openapi.ts";
import { undocumentedErrorFields } from "./error_fields.ts";
import type { DocumentedSuccess } from "./build_openapi.ts";
import { isJsonObject } from "../../json_object.ts";

/** What the document says an operation answers. */
interface DocumentedOperation {
  codes: ReadonlySet<ErrorCode>;
  success: DocumentedSuccess;
}

/** Documented operations by `METHOD /hono/:pattern`. */
type OperationLookup = Map<string, DocumentedOperation>;

/**
 * An error answer whose code the operation does not document, or with
 * fields the document does not give that code there.
 */
export interface UndocumentedError {
  method: string;
  /** The Hono route pattern, e.g. `/api/jobs/:id`. */
  route: string;
  code: ErrorCode;
  /** The undocumented fields, when the code itself is documented. */
  fields?: string[];
}

/** A 2xx answer that is not the success its operation documents. */
export interface SuccessMismatch {
  method: string;
  /** The Hono route pattern, e.g. `/api/jobs/:id`. */
  route: string;
  status: number;
  /** What differs, e.g. `jobs.0.title: Invalid input: expected string…`. */
  problem: string;
}

/** What strict mode found, appended to as the app answers. */
export interface StrictFindings {
  undocumentedErrors: readonly UndocumentedError[];
  successMismatches: readonly SuccessMismatch[];
}

/** Every documented `/api` operation of the manifest. */
function operationLookup(
  manifest: Manifest,
): OperationLookup {
  const out: OperationLookup = new Map();
  for (const { path, method, doc } of documentedRoutes(manifest)) {
    out.set(`${method} ${path}`, {
      codes: operationErrorCodes(method, path, doc),
      success: documentedSuccess(doc),
    });
  }
  return out;
}

/**
 * The documented operation that answered this request, from the Hono route
 * it matched; null off the documented API (unknown path, wrong method).
 */
function operationOf(
  c: AppContext,
  documented: OperationLookup,
): { method: string; route: string; operation: DocumentedOperation } | null {
  const method = c.req.method === "HEAD" ? "GET" : c.req.method;
  // The route that answered (after next(), as refusal_log.ts reads it),
  // not merely one the path matches: `GET /api/uploads/from_url` is
  // answered 405 by from_url's route, not by `GET /api/uploads/{id}`.
  const route = routePath(c);
  const operation = documented.get(`${method} ${route}`);
  return operation ? { method, route, operation } : null;
}

interface StrictCheck {
  documented: OperationLookup;
  undocumentedErrors: UndocumentedError[];
  successMismatches: SuccessMismatch[];
}

const strictApps = new WeakMap<AppDeps, StrictCheck>();
/** Deps an app was built from: strict mode must be on before that. */
const builtApps = new WeakSet<AppDeps>();

/**
 * Turns strict mode on for the app built from `deps`; call it before
 * `createApp(deps, …)`. Returns the live lists every miss is appended to.
 */
export function enableStrictDocumentedAnswers(
  deps: AppDeps,
  manifest: Manifest,
): StrictFindings {
  if (builtApps.has(deps)) {
    throw new Error(
      "Strict documented answers must be enabled before createApp(deps).",
    );
  }
  const strict: StrictCheck = {
    documented: operationLookup(manifest),
    undocumentedErrors: [],
    successMismatches: [],
  };
  strictApps.set(deps, strict);
  return strict;
}

/**
 * For `createApp`: in strict mode, a middleware (for `/api/*`) that checks
 * each answer, after the handler and on a clone, against what its operation
 * documents (an error's code, a 2xx's success); null otherwise, so
 * production registers nothing.
 */
export function strictAnswersCheck(
  deps: AppDeps,
): MiddlewareHandler<AppEnv> | null {
  builtApps.add(deps);
  const strict = strictApps.get(deps);
  if (!strict) return null;
  return async function checkAnswer(c, next) {
    await next();
    const res = c.res;
    const error = res.status >= 400;
    if (!error && (res.status < 200 || res.status > 299)) return;
    const found = operationOf(c, strict.documented);
    if (!found) return;
    const { method, route } = found;
    const logged = {
      level: "error" as const,
      request_id: c.get("requestId") ?? "",
      method,
      route,
      path: c.req.path,
    };
    if (error) {
      const body = await errorBody(res.clone());
      const code = String(body.error ?? "(no error code)") as ErrorCode;
      const documented = found.operation.codes.has(code) &&
        (!res.headers.has("retry-after") ||
          documentsRetryAfter(res.status, [code]));
      if (!documented) {
        strict.undocumentedErrors.push({ method, route, code });
        deps.log({ ...logged, message: "undocumented error", code });
        return;
      }
      const fields = undocumentedErrorFields(body, code, openApiPath(route));
      if (fields.length === 0) return;
      strict.undocumentedErrors.push({ method, route, code, fields });
      deps.log({
        ...logged,
        message: "undocumented error fields",
        code,
        fields,
      });
      return;
    }
    const problem = await successProblem(
      res.clone(),
      found.operation.success,
    );
    if (problem === null) return;
    strict.successMismatches.push({
      method,
      route,
      status: res.status,
      problem,
    });
    deps.log({
      ...logged,
      message: "undocumented success body",
      status: res.status,
      problem,
    });
  };
}

/** An error answer's JSON body (empty when it is not a JSON object). */
async function errorBody(res: Response): Promise<Record<string, unknown>> {
  const body = await res.json().catch(() => null);
  return isJsonObject(body) ? body : {};
}

/** Issues listed before the rest are only counted. */
const MAX_ISSUES = 5;

/** What makes `res` differ from `success`, or null when it matches. */
async function successProblem(
  res: Response,
  success: DocumentedSuccess,
): Promise<string | null> {
  const text = await res.text();
  if (res.status !== success.status) {
    return `status ${res.status}, documented ${success.status}`;
  }
  const type = res.headers.get("content-type");
  const mediaType = type?.split(";")[0].trim().toLowerCase() ?? null;
  if (mediaType !== success.contentType) {
    return `Content-Type ${
      type ?? "(none)"
    }, documented ${success.contentType}`;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text === ""
      ? "empty body, documented JSON"
      : `body is not JSON: ${text.slice(0, 60)}`;
  }
  const parsed = success.schema.safeParse(body);
  const issues = parsed.success
    ? unknownKeys(body, parsed.data)
    : parsed.error.issues.map(describeIssue);
  if (!issues.length) return null;
  const more = issues.length - MAX_ISSUES;
  return issues.slice(0, MAX_ISSUES).join("; ") +
    (more > 0 ? `; and ${more} more` : "");
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const at = issue.path.map(String).join(".") || "(body)";
  return `${at}: ${issue.message}`;
}

/**
 * Fields of `input` the schema dropped from its output `parsed`: a zod
 * object strips the keys it does not name, and the document says
 * `additionalProperties: false` for it (records and passthrough objects
 * keep theirs, and are open in the document too).
 */
function unknownKeys(input: unknown, parsed: unknown, at = ""): string[] {
  if (
    typeof input !== "object" || input === null ||
    typeof parsed !== "object" || parsed === null
  ) {
    return [];
  }
  const prefix = at ? `${at}.` : "";
  if (Array.isArray(input)) {
    if (!Array.isArray(parsed)) return [];
    return input.flatMap((item, i) =>
      unknownKeys(item, parsed[i], `${prefix}${i}`)
    );
  }
  const kept = parsed as Record<string, unknown>;
  const out: string[] = [];
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (!(key in kept)) dropped.push(`"${key}"`);
    else out.push(...unknownKeys(value, kept[key], `${prefix}${key}`));
  }
  if (dropped.length) {
    out.unshift(
      `${at || "(body)"}: undocumented key${dropped.length > 1 ? "s" : ""} ${
        dropped.join(", ")
      }`,
    );
  }
  return out;
}
