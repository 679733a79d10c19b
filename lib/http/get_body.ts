/**
 * A GET (and so HEAD) of the API takes no body
 * (docs/api.md#limits-on-every-request). Some tools send one with any
 * method (n8n's "Send Body"): `{"limit": 5}` to `GET /api/jobs` would be
 * ignored and the default page answered without a word, as a misspelt
 * query parameter would. Deno's server hands a GET's body to no one, so a
 * body is judged by its headers and refused before a byte of it is read:
 * `Content-Length: 0` is no body; a larger one, or a chunked body, is one.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { AppError } from "../errors.ts";
import type { AppEnv } from "./app_types.ts";

/** Whether the request's headers announce a body of at least one byte. */
function announcesBody(
  length: string | undefined,
  coding: string | undefined,
): boolean {
  return coding !== undefined ||
    (length !== undefined && length.trim() !== "0");
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
