/**
 * Bodies on `/mcp` answered before the SDK reads them: JSON that is no
 * JSON-RPC 2.0 message, a request sent without an id, and batches. Batches are refused
 * (docs/mcp.md#endpoint, docs/decisions.md#mcp-batches): MCP's revision 2025-06-18 removed them,
 * and the SDK's transport runs every message of one, answering fewer than
 * it ran when two share an `id`. A batch is a JSON array body; it is
 * answered before any of its messages is read, so nothing in it runs.
 * @module
 */
import { isJsonObject } from "../json_object.ts";
import { jsonSyntaxProblem } from "../http/json_syntax.ts";

/** JSON-RPC 2.0's code for a body that is not a valid Request object. */
export const INVALID_REQUEST = -32600;

/** JSON-RPC 2.0's code for a request whose params its method refuses. */
const INVALID_PARAMS = -32602;

/**
 * The JSON-RPC error body refusing a batch; `id` is null, as JSON-RPC
 * answers a request whose id it cannot tell.
 */
export const BATCH_REFUSED = {
  jsonrpc: "2.0",
  error: {
    code: INVALID_REQUEST,
    message:
      "Invalid Request: JSON-RPC batches (a JSON array) are not supported; send one request per POST.",
  },
  id: null,
} as const;

/**
 * The JSON-RPC error body for JSON that is no JSON-RPC 2.0 message (`{}`,
 * `null`, `"jsonrpc": "1.0"`, an `id` that is an object): -32600, as
 * JSON-RPC 2.0 says; the SDK's transport would call it a parse error
 * (-32700), which JSON-RPC keeps for a body that is not JSON.
 */
export const NOT_A_MESSAGE = {
  jsonrpc: "2.0",
  error: {
    code: INVALID_REQUEST,
    message:
      'Invalid Request: the body is JSON but not a JSON-RPC 2.0 message: send an object with "jsonrpc": "2.0", a "method" (string), "params" (an object, or left out) and, for a request, an "id" that is a string or a whole number (no fraction, at most 2^53 - 1 either way).',
  },
  id: null,
} as const;

/** JSON-RPC 2.0's code for a body that is not JSON. */
const PARSE_ERROR = -32700;

/**
 * The JSON-RPC error body for a body that is not JSON: -32700, saying
 * where and why as REST's `bad_request` does (docs/api.md#limits-on-every-request),
 * where the SDK's transport says only "Invalid JSON".
 */
export function notJson(text: string) {
  return {
    jsonrpc: "2.0",
    error: {
      code: PARSE_ERROR,
      message: `Parse error: the body is not JSON${jsonSyntaxProblem(text)}.`,
    },
    id: null,
  } as const;
}

/** Whether a parsed body is a batch (an array, even empty). */
export function isBatch(body: unknown): boolean {
  return Array.isArray(body);
}

/**
 * The JSON-RPC error body for a request sent as a notification: a
 * `method` that is no MCP notification (`notifications/…`), without an
 * `id`. The SDK would answer 202 Accepted with no body and run nothing, so
 * a `post_video` whose `id` was left out would look taken and never be
 * posted; MCP's transport lets a server refuse a message it cannot accept
 * with 400 and a JSON-RPC error without an id.
 */
export function requestWithoutId(method: string) {
  return {
    jsonrpc: "2.0",
    error: {
      code: INVALID_REQUEST,
      message: `Invalid Request: ${
        JSON.stringify(method)
      } is a request, not a notification, and came without an "id": nothing was run; send it with an "id" (a string or a whole number) to get its answer.`,
    },
    id: null,
  } as const;
}

/**
 * The method of `message` (a JSON-RPC message) when it is a request sent
 * without an id, else null. MCP's notifications are the methods under
 * `notifications/`; a response (`result` or `error`) has no method.
 */
export function requestMethodWithoutId(message: unknown): string | null {
  if (typeof message !== "object" || message === null) return null;
  const { method } = message as { method?: unknown };
  if (typeof method !== "string" || "id" in message) return null;
  return method.startsWith("notifications/") ? null : method;
}

/**
 * A request that JSON-RPC itself takes (`"jsonrpc": "2.0"`, a string
 * method, an id that is a string or a safe integer, params an object or
 * left out) whose params MCP's schema refused all the same: only `_meta`
 * is checked there (a `progressToken` that is neither a string nor a
 * number). Its answer is InvalidParams to that id, naming `_meta`, not
 * NOT_A_MESSAGE, whose sentence states rules the request kept. Null for
 * anything else.
 */
export function metaRefused(message: unknown) {
  if (typeof message !== "object" || message === null) return null;
  const { jsonrpc, method, id, params } = message as Record<string, unknown>;
  const idOk = typeof id === "string" || Number.isSafeInteger(id);
  const paramsOk = params === undefined || isJsonObject(params);
  if (jsonrpc !== "2.0" || typeof method !== "string" || !idOk || !paramsOk) {
    return null;
  }
  const meta = (params as { _meta?: unknown } | undefined)?._meta;
  const token = (meta as { progressToken?: unknown } | undefined)
    ?.progressToken;
  const metaOk = meta === undefined ||
    isJsonObject(meta) &&
      (token === undefined || typeof token === "string" ||
        typeof token === "number");
  if (metaOk) return null;
  return {
    jsonrpc: "2.0",
    id: id as string | number,
    error: {
      code: INVALID_PARAMS,
      message:
        `The params of ${method} are not valid: params._meta must be an object, and its progressToken a string or a number.`,
    },
  } as const;
}
