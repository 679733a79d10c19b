/**
 * One text per JSON value, whatever its spacing or the order of its
 * objects' fields: what an Idempotency-Key compares
 * (docs/posting.md#idempotency), so that a retry serialising the same
 * request otherwise (another client, a template's fields in another order)
 * is the same request, on the REST routes as for MCP's arguments.
 * @module
 */
import canonicalize from "canonicalize";
import { jsonShape, MAX_JSON_DEPTH } from "./json_duplicate_keys.ts";

/**
 * JSON of `value` with every object's keys sorted: RFC 8785's canonical
 * form (the `canonicalize` package), which writes numbers and strings as
 * JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  // undefined only for a value JSON has no text for, which JSON.parse and
  // the MCP SDK's arguments never hold.
  return canonicalize(value) ?? "null";
}

/**
 * A request body as a key compares it: its JSON data in canonical form;
 * as sent when it is no plain JSON (it does not parse, names a field
 * twice or nests too deep: the request refuses it, and only the same
 * bytes are the same request).
 */
export function comparedBody(text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
    const shape = jsonShape(text);
    if (shape.duplicate !== null || shape.depth > MAX_JSON_DEPTH) return text;
  } catch {
    return text;
  }
  return canonicalJson(value);
}
