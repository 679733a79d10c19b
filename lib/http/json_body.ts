/**
 * Reads a JSON request body and validates it with a zod schema, mapping
 * every failure onto the API's errors (docs/api.md#limits-on-every-request):
 * 415, 400 malformed, 400 with issues, unknown fields included. (413 is
 * enforced earlier by the body-limit middleware.)
 * @module
 */
import type { z } from "zod";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError, echoed } from "../errors.ts";
import { bodyIssues, boundedIssues, issuesMessage } from "./schema_issues.ts";
import type { BodyIssue, UnknownFieldHints } from "./schema_issues.ts";
import { jsonShape, MAX_JSON_DEPTH } from "../json_duplicate_keys.ts";
import { requireOneContentType, requireUtf8Identity } from "./body_encoding.ts";
import { CURL_FORM_TYPE, declaredAs } from "./declared_body_type.ts";
import { baseType } from "../media/media_types.ts";
import type { AppContext } from "./app_types.ts";
import { jsonSyntaxProblem } from "./json_syntax.ts";

/**
 * Parses and validates the body; throws {@link AppError} on bad input.
 * `schema` may be a function choosing the schema from the parsed JSON;
 * `hints` say what an unknown field's client meant (schema_issues.ts).
 */
export async function readJsonBody<S extends z.ZodType>(
  c: AppContext,
  schema: S | ((raw: unknown) => S),
  options: { hints?: UnknownFieldHints } = {},
): Promise<z.infer<S>> {
  requireJsonType(c);
  return validateBody(parseJsonText(await requestText(c)), schema, options);
}

/**
 * Refuses a body not declared as JSON: `application/json` or a `+json`
 * type, in any case, with parameters or none.
 * @throws {AppError} `unsupported_media_type`
 */
export function requireJsonType(c: AppContext): void {
  const type = c.req.header("content-type") ?? "";
  requireOneContentType(type);
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) {
    throw notJsonBody(type);
  }
}

/**
 * The 415 of a body not declared as JSON, naming what it was declared as
 * and what is read (docs/api.md#limits-on-every-request); curl's `-d` is
 * told the header to add.
 */
function notJsonBody(type: string): AppError {
  const curl = baseType(type) === CURL_FORM_TYPE
    ? ` (curl: add -H "Content-Type: application/json")`
    : "";
  return new AppError(
    "unsupported_media_type",
    `${
      declaredAs("This body", type)
    }: send it as JSON, with Content-Type: application/json (or a +json type)${curl}.`,
  );
}

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The request body as text. Bytes that are not UTF-8 are refused, not read
 * as U+FFFD: a caption would otherwise reach TikTok with replacement marks
 * the client never sent. So is, before a byte is read, a body declared in
 * another charset or sent with a content coding (body_encoding.ts). Hono
 * keeps the bytes, so the Idempotency-Key's hash and the parse read the
 * same text.
 * @throws {AppError} `unsupported_media_type` for another charset or a
 *   content coding; `bad_request` for a body that is not UTF-8
 */
export async function requestText(c: AppContext): Promise<string> {
  requireUtf8Identity(
    c.req.header("content-type"),
    c.req.header("content-encoding"),
  );
  const bytes = await c.req.arrayBuffer();
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    throw new AppError("bad_request", "The request body is not valid UTF-8.");
  }
}

/**
 * The request's query, one value per name.
 * @throws {AppError} `bad_request` for a parameter with no name, or a
 *   name given twice
 *   (`?limit=1&limit=2`): which one counts would be a guess
 */
export function singleQuery(c: AppContext): Record<string, string> {
  // Hono drops a parameter with no name (`?=5`): it would be ignored
  // without a word, as an unknown one would (api_query.ts).
  for (const [name, value] of new URL(c.req.url).searchParams) {
    if (name === "") {
      throw new AppError(
        "bad_request",
        `A query parameter has no name (=${
          echoed(value)
        }): name it, or leave it out.`,
      );
    }
  }
  const query: Record<string, string> = {};
  for (const [name, values] of Object.entries(c.req.queries())) {
    if (values.length > 1) {
      throw new AppError(
        "bad_request",
        `The query parameter ${
          echoed(name, 100)
        } is given ${values.length} times: give it once.`,
      );
    }
    query[name] = values[0];
  }
  return query;
}

/**
 * A body's text parsed as JSON.
 * @throws {AppError} `bad_request` when it is not JSON, or names a field
 *   twice in one object (json_duplicate_keys.ts)
 */
export function parseJsonText(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError(
      "bad_request",
      `The request body is not valid JSON${jsonSyntaxProblem(text)}.`,
    );
  }
  refuseDuplicateKeys(text);
  return value;
}

/** `text` parsed, in a box (JSON's `null` is a value), or null if not JSON. */
export function jsonValueOf(text: string): { value: unknown } | null {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return null;
  }
}

/**
 * Refuses a JSON text that gives one name twice in an object (which value
 * the client meant would be a guess), or nests deeper than
 * {@link MAX_JSON_DEPTH}. `text` must be JSON (JSON.parse accepted it).
 * @throws {AppError} `bad_request` with the field in `issues`, or naming
 *   the depth
 */
export function refuseDuplicateKeys(text: string): void {
  const { depth, duplicate } = jsonShape(text);
  if (depth > MAX_JSON_DEPTH) {
    throw new AppError(
      "bad_request",
      `The request body nests objects and arrays ${depth} levels deep; at most ${MAX_JSON_DEPTH} are read.`,
    );
  }
  if (duplicate === null) return;
  const issues: BodyIssue[] = boundedIssues([{
    path: duplicate,
    message: "field given twice: give it once",
  }]);
  throw new AppError("bad_request", issuesMessage(issues), {
    extra: { issues },
  });
}

/**
 * Validates an already parsed body (a JSON body, an MCP tool's arguments,
 * or a query's parameters) the API's way: 400 `bad_request` with `issues`,
 * unknown fields included. `schema` and `hints` as for {@link readJsonBody}.
 */
export function validateBody<S extends z.ZodType>(
  value: unknown,
  schema: S | ((raw: unknown) => S),
  options: { hints?: UnknownFieldHints } = {},
): z.infer<S> {
  const chosen = typeof schema === "function" && !("safeParse" in schema)
    ? (schema as (raw: unknown) => S)(value)
    : schema as S;
  const parsed = chosen.safeParse(value);
  if (!parsed.success) {
    const issues = bodyIssues(parsed.error, options.hints, value, chosen);
    throw new AppError("bad_request", issuesMessage(issues), {
      extra: { issues },
    });
  }
  return parsed.data;
}

/**
 * A JSON success body: `{ ok: true, ...fields }`. Naming the operation's
 * response type (api_responses.ts) checks the fields against its schema at
 * compile time: `jsonOk<UploadResponse>(c, uploadJson(record))`.
 */
export function jsonOk<
  Body extends { ok: true } = { ok: true; [field: string]: unknown },
>(
  c: AppContext,
  fields: Omit<Body, "ok">,
  status: 200 | 201 = 200,
): Response {
  return sendJson(c, { ok: true, ...fields }, status);
}

/**
 * The content type of every API response
 * (docs/api.md#format-and-authentication).
 */
export const JSON_CONTENT_TYPE = "application/json; charset=UTF-8";

/** Sends any JSON body with exactly that Content-Type. */
export function sendJson(
  c: AppContext,
  body: unknown,
  status: ContentfulStatusCode,
  headers: Record<string, string> = {},
): Response {
  return c.body(JSON.stringify(body), status, {
    ...headers,
    "Content-Type": JSON_CONTENT_TYPE,
  });
}
