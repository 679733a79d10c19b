/**
 * Stored files on the local disk (docs/media.md#local-disk-adapter): GET
 * and HEAD serve a live upload's file (lib/http/file_serving.ts), PUT
 * takes a signed upload (lib/http/signed_put.ts).
 * @module
 */
import { requestedFileKey } from "@/lib/http/file_request_key.ts";
import { sendJson } from "@/lib/http/json_body.ts";
import { fileAnswer } from "@/lib/http/file_serving.ts";
import { signedPut } from "@/lib/http/signed_put.ts";
import type { AppContext, Handlers } from "@/lib/http/app_types.ts";

async function serve(c: AppContext): Promise<Response> {
  const answer = await fileAnswer(c.get("deps"), {
    // Another spelling of a file's URL names no file (file_request_key.ts).
    key: requestedFileKey(c),
    // Hono answers HEAD with the GET handler: send no bytes for it.
    withBody: c.req.method !== "HEAD",
    ifNoneMatch: c.req.header("if-none-match"),
    ifRange: c.req.header("if-range"),
    range: c.req.header("range"),
  });
  return answer.body
    ? c.body(answer.body, answer.status, answer.headers)
    : c.body(null, answer.status, answer.headers);
}

export const handler: Handlers = {
  GET: serve,
  async PUT(c) {
    const info = await signedPut(c.get("deps"), {
      key: requestedFileKey(c),
      query: new URL(c.req.url).searchParams,
      contentType: c.req.header("content-type"),
      contentRange: c.req.header("content-range"),
      contentEncoding: c.req.header("content-encoding"),
      contentLength: c.req.header("content-length"),
      body: c.req.raw.body,
    });
    return sendJson(c, { ok: true, size: info.size, etag: info.etag }, 200, {
      ETag: info.etag,
    });
  },
};
