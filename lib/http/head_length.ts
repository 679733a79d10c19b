/**
 * HEAD answers with the Content-Length GET would send (RFC 9110 §9.3.2).
 * Hono runs the GET route for a HEAD and then answers `new Response(null,
 * getAnswer)`: the body goes, and with it the length Deno's server would
 * have counted, so it sent `Content-Length: 0` for pages, /docs, the
 * OpenAPI document, static files and API answers, and `curl -I` or a link
 * checker read every one as empty. A header set here survives that copy,
 * and Deno keeps an explicit Content-Length on a body-less HEAD answer.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./app_types.ts";

/**
 * On HEAD, counts the body of the answer (a page or JSON document: the
 * large streamed files set their own Content-Length and are not read) and
 * puts its length in Content-Length.
 */
export const headLength: MiddlewareHandler<AppEnv> = async function headLength(
  c,
  next,
) {
  await next();
  if (c.req.method !== "HEAD") return;
  const res = c.res;
  if (!res.body || res.headers.has("content-length")) return;
  const bytes = (await res.arrayBuffer()).byteLength;
  // The body was read: the answer keeps status and headers, as Hono's HEAD
  // copy would, with the count it lacked.
  const headers = new Headers(res.headers);
  headers.set("content-length", String(bytes));
  c.res = undefined;
  c.res = new Response(null, {
    status: res.status,
    statusText: res.statusText,
    headers,
  });
};
