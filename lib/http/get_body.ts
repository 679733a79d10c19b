/**
 * A GET (and so HEAD) of the API takes no body
 * (docs/api.md#limits-on-every-request). Some tools send one with any
 * method (n8n's "Send Body"): `{"limit": 5}` to `GET /api/jobs` would be
 * ignored and the default page answered without a word, as a misspelt
 * query parameter would. Deno's server hands a GET's body to no one, so a
 * body is judged by its headers and refused before a byte of it is read:
 * `Content-Length: 0` is no body; a chunked body, or one longer than
 * `NAMES_NOTHING_BYTES`, is one.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { AppError } from "../errors.ts";
import type { AppEnv } from "./app_types.ts";

/**
 * The longest body taken as none: `{}`, or a blank line, which axios and
 * other clients send with a GET to keep a Content-Type. It can name no
 * parameter, so nothing is ignored; the shortest that can, `{"":1}`, is 6
 * bytes. An operation that takes no body takes `{}` too (no_body.ts).
 */
const NAMES_NOTHING_BYTES = 2;

/** Whether the request's headers announce a body that could name anything. */
function announcesBody(
  length: string | undefined,
  coding: string | undefined,
): boolean {
  if (coding !== undefined) return true;
  if (length === undefined) return false;
  const bytes = Number(length.trim());
  // A length that is no number (Deno's parser refuses it first) is a body.
  return !(Number.isInteger(bytes) && bytes <= NAMES_NOTHING_BYTES);
}

/**
 * Refuses a GET or HEAD that carries a body.
 * @throws {AppError} 400 `bad_request`
 */
export const refuseGetBody: MiddlewareHandler<AppEnv> = function refuseGetBody(
  c,
  next,
) {
  const method = c.req.method;
  if (
    (method === "GET" || method === "HEAD") &&
    announcesBody(
      c.req.header("content-length"),
      c.req.header("transfer-encoding"),
    )
  ) {
    throw new AppError(
      "bad_request",
      `${method} ${c.req.path} takes no body: send none, and give its parameters, if it takes any, in the query (GET /api/jobs?limit=5).`,
    );
  }
  return next();
};
