/**
 * Builds the OpenAPI 3.1 document from the route manifest: every `/api/*`
 * route file exports `docs` next to its `handler`, with the zod schemas the
 * handler validates with, so the document cannot drift from the code.
 * @module
 */
import { z } from "zod";
import { ERROR_STATUS } from "../../errors.ts";
import type { ErrorCode } from "../../errors.ts";
import { routePathFromFile } from "../file_routes.ts";
import type { HttpMethod, Manifest } from "../app_types.ts";
import type { RouteDoc, RouteDocs } from "./route_docs.ts";
import { errorFieldsOf } from "./error_fields.ts";
import { openApiTags, referencePlace, tagOf } from "./api_tags.ts";

/**
 * Errors any API route can answer: a KV file kept busy by other processes
 * past the retry deadline (lib/kv_busy_retry.ts) and the unexpected.
 */
const SERVER_ERRORS: ErrorCode[] = ["database_busy", "internal_error"];
/**
 * Errors every authenticated API route can answer; `account_switched` only
 * to the dashboard's pages (session cookie, lib/http/page_account.ts).
 */
const COMMON_ERRORS: ErrorCode[] = [
  "unauthorized",
  "key_expired",
  "account_switched",
  ...SERVER_ERRORS,
];
/** Statuses whose answers may carry `Retry-After` (docs/api.md#retry-after). */
const RETRY_STATUSES = new Set([429, 503]);
/** Codes of other statuses that carry it too (docs/api.md#retry-after). */
const RETRY_CODES = new Set<ErrorCode>(["idempotency_in_progress"]);

/**
 * Whether the document gives the answer of `status` for these codes a
 * `Retry-After` header; strict mode (documented_answers.ts) holds every
 * answer that sends one to it.
 */
export function documentsRetryAfter(
  status: number,
  codes: readonly ErrorCode[],
): boolean {
  return RETRY_STATUSES.has(status) || codes.some((c) => RETRY_CODES.has(c));
}
/** Errors of every route that reads a JSON body. */
const BODY_ERRORS: ErrorCode[] = [
  "bad_request",
  "payload_too_large",
  "unsupported_media_type",
];
/**
 * Errors of every write (POST, PUT, PATCH, DELETE) on `/api/*`: the body
 * limit applies whether or not the route reads a body, and the dashboard's
 * session cookie must come from our own origin (api_auth.ts).
 */
const WRITE_ERRORS: ErrorCode[] = ["payload_too_large", "csrf_rejected"];
const WRITES = new Set<HttpMethod>(["POST", "PUT", "PATCH", "DELETE"]);
/**
 * Errors of a write that takes no body: a body with fields is refused
 * (lib/http/no_body.ts), and so is one in another charset or with a
 * content coding (lib/http/body_encoding.ts).
 */
const NO_BODY_ERRORS: ErrorCode[] = ["bad_request", "unsupported_media_type"];
/**
 * Errors of every operation, whatever its method: a query parameter it does
 * not take, or one given twice (lib/http/api_query.ts).
 */
const QUERY_ERRORS: ErrorCode[] = ["bad_request"];

function jsonSchema(
  schema: z.ZodType,
  io: "input" | "output",
): Record<string, unknown> {
  const s = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  delete s.$schema;
  return s;
}

function errorResponse(
  status: number,
  codes: ErrorCode[],
  path: string,
): Record<string, unknown> {
  return {
    description: codes.join(", "),
    ...(documentsRetryAfter(status, codes)
      ? {
        headers: {
          "Retry-After": {
            description:
              "Seconds to wait before retrying, when the error says when.",
            schema: { type: "integer", minimum: 0 },
          },
        },
      }
      : {}),
    content: {
      "application/json": {
        schema: {
          type: "object",
          required: ["ok", "error", "message"],
          properties: {
            ok: { const: false },
            error: { type: "string", enum: codes },
            message: { type: "string" },
            ...errorFieldsOf(codes, path),
          },
          additionalProperties: true,
        },
      },
    },
  };
}

/**
 * Every error code an operation documents: the shared ones, those of a
 * write, a JSON body, the query and a path parameter, then the route's
 * own. `path` is
 * the route's pattern, Hono (`:id`) or OpenAPI (`{id}`) style.
 */
export function operationErrorCodes(
  method: HttpMethod,
  path: string,
  doc: RouteDoc,
): Set<ErrorCode> {
  return new Set<ErrorCode>([
    ...(doc.public ? SERVER_ERRORS : COMMON_ERRORS),
    ...(WRITES.has(method) && !doc.public ? WRITE_ERRORS : []),
    ...(doc.body ? BODY_ERRORS : []),
    ...(WRITES.has(method) && !doc.body && !doc.fileBody ? NO_BODY_ERRORS : []),
    ...QUERY_ERRORS,
    ...(/[:{]/.test(path) ? ["not_found" as const] : []),
    ...(doc.errors ?? []),
  ]);
}

/** The media types a file may be sent as, the body being the file. */
const FILE_MEDIA_TYPES = ["video/*", "image/*", "application/octet-stream"];

/**
 * The request bodies of a route that takes a file: the file as the body,
 * or as the `file` part of a form with `formFields` before it.
 */
function fileContent(formFields: z.ZodObject): Record<string, unknown> {
  const file = { type: "string", format: "binary" };
  const fields = jsonSchema(formFields, "input") as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  return {
    ...Object.fromEntries(
      FILE_MEDIA_TYPES.map((type) => [type, { schema: file }]),
    ),
    "multipart/form-data": {
      schema: {
        type: "object",
        properties: { ...fields.properties, file },
        required: [...(fields.required ?? []), "file"],
        additionalProperties: false,
      },
      encoding: { file: { contentType: FILE_MEDIA_TYPES.join(", ") } },
    },
  };
}

/** The success answer an operation documents. */
export interface DocumentedSuccess {
  status: 200;
  /** The media type of the body. */
  contentType: "application/json";
  /** The body, as the document describes it (output mode). */
  schema: z.ZodType;
}

/**
 * The success answer of an operation: what the document's `responses` say
 * and what strict mode checks real answers against (documented_answers.ts).
 */
export function documentedSuccess(doc: RouteDoc): DocumentedSuccess {
  return { status: 200, contentType: "application/json", schema: doc.response };
}

/** A Hono route pattern (`/api/jobs/:id`) in OpenAPI style (`/api/jobs/{id}`). */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}");
}

/** Every documented `/api` operation of the manifest, with its Hono path. */
export function* documentedRoutes(
  manifest: Manifest,
): Generator<{ path: string; method: HttpMethod; doc: RouteDoc }> {
  for (const [file, mod] of Object.entries(manifest.routes)) {
    const path = routePathFromFile(file);
    const docs = (mod as { docs?: RouteDocs }).docs;
    if (!path?.startsWith("/api/") || !docs) continue;
    for (
      const [method, doc] of Object.entries(docs) as [HttpMethod, RouteDoc][]
    ) {
      yield { path, method, doc };
    }
  }
}

function operation(path: string, method: HttpMethod, doc: RouteDoc) {
  const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
  const query = doc.query
    ? Object.entries(doc.query.shape).map(([name, schema]) => ({
      name,
      in: "query",
      required: !(schema as z.ZodType).safeParse(undefined).success,
      schema: jsonSchema(schema as z.ZodType, "input"),
    }))
    : [];
  const headers = (doc.headers ?? []).map((h) => ({
    name: h.name,
    in: "header",
    required: false,
    description: h.description,
    schema: { type: "string" },
  }));
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of operationErrorCodes(method, path, doc)) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const bodies = doc.body === undefined
    ? []
    : Array.isArray(doc.body)
    ? doc.body
    : [doc.body];
  const success = documentedSuccess(doc);
  return {
    tags: [tagOf(path)],
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    operationId: `${method.toLowerCase()}${
      path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c) => (c ?? "").toUpperCase())
    }`,
    ...(doc.public ? { security: [] } : {}),
    ...(params.length + query.length + headers.length
      ? { parameters: [...params, ...query, ...headers] }
      : {}),
    ...(bodies.length
      ? {
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: bodies.length === 1
                ? jsonSchema(bodies[0], "input")
                : { oneOf: bodies.map((b) => jsonSchema(b, "input")) },
            },
            ...(doc.fileBody ? fileContent(doc.fileBody.formFields) : {}),
          },
        },
      }
      : {}),
    responses: {
      [String(success.status)]: {
        description: "Success",
        content: {
          [success.contentType]: {
            schema: jsonSchema(success.schema, "output"),
          },
        },
      },
      ...Object.fromEntries(
        [...byStatus].sort(([a], [b]) => a - b).map((
          [status, list],
        ) => [String(status), errorResponse(status, list, path)]),
      ),
    },
  };
}

/** The OpenAPI 3.1 document. */
export function buildOpenApi(
  manifest: Manifest,
  serverUrl: string,
  serviceName: string,
): Record<string, unknown> {
  const byPath: Record<string, Record<string, unknown>> = {};
  for (const { path, method, doc } of documentedRoutes(manifest)) {
    const openapiPath = openApiPath(path);
    (byPath[openapiPath] ??= {})[method.toLowerCase()] = operation(
      openapiPath,
      method,
      doc,
    );
  }
  // Paths in their groups' order (api_tags.ts), the routes' order within
  // one: the reference reads as a newcomer works, not alphabetically.
  const before = (a: string, b: string) => {
    const [pa, pb] = [referencePlace(a), referencePlace(b)];
    return pa[0] - pb[0] || pa[1] - pb[1] || pa[2] - pb[2];
  };
  const paths = Object.fromEntries(
    Object.entries(byPath).sort(([a], [b]) => before(a, b)),
  );
  return {
    openapi: "3.1.0",
    info: {
      title: `${serviceName} API`,
      version: "1.0.0",
      description:
        "Post to TikTok from automation. Every error answers `{ ok: false, error, message, ...extra }` with `Content-Type: application/json; charset=UTF-8`.",
    },
    servers: [{ url: serverUrl }],
    tags: openApiTags(),
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description:
            "The API key from the dashboard: `Authorization: Bearer pm3k_...`",
        },
      },
    },
    paths,
  };
}
