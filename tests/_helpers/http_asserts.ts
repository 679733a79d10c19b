/** Assertions shared by the HTTP tests. */
import assert from "node:assert/strict";
import type { TestServer } from "./test_server.ts";
import { utcDay } from "../../lib/media/utc_day.ts";
import { PLANS } from "../../lib/plans.ts";

export const JSON_TYPE = "application/json; charset=UTF-8";

/**
 * Asserts status, exact JSON content type and an error body with `code`;
 * returns the body for further checks.
 */
export async function assertJsonError(
  res: Response,
  status: number,
  code: string,
): Promise<Record<string, unknown>> {
  const text = await res.text();
  assert.equal(res.status, status, `status for ${code}: ${text}`);
  assert.equal(res.headers.get("content-type"), JSON_TYPE);
  const body = JSON.parse(text);
  assert.equal(body.ok, false);
  assert.equal(body.error, code);
  assert.equal(typeof body.message, "string");
  assert.ok(body.message.length > 0, "message is not empty");
  // A 429 that says when to retry says it in Retry-After too (seconds).
  if (status === 429 && (body.retry_after ?? body.retry_after_seconds)) {
    const header = res.headers.get("retry-after");
    assert.match(header ?? "", /^\d+$/, `Retry-After for ${code}`);
    if (typeof body.retry_after_seconds === "number") {
      assert.equal(Number(header), body.retry_after_seconds);
    }
  }
  return body;
}

/** Asserts a 200 JSON success and returns the body. */
export async function assertJsonOk(
  res: Response,
): Promise<Record<string, unknown>> {
  const text = await res.text();
  assert.equal(res.status, 200, text);
  assert.equal(res.headers.get("content-type"), JSON_TYPE);
  const body = JSON.parse(text);
  assert.equal(body.ok, true);
  return body;
}

/**
 * Asserts `r` answers a completed upload of `video` (portrait.mp4, a free
 * plan's account `openId`) as `filename`: 200, its URL under today's
 * folder, what the file is, when it expires, and its URL serving `video`
 * byte for byte. Returns that URL's answer, its body read.
 */
/**
 * A completion's answer as `GET /api/uploads/{id}` gives the upload: the
 * answer without `already_in_album`, which must be false (a new upload).
 */
export function asNewUpload(
  answer: Record<string, unknown>,
): Record<string, unknown> {
  const { already_in_album, ...upload } = answer;
  assert.equal(already_in_album, false, "a new upload, not one in its album");
  return upload;
}

export async function assertVideoUploaded(
  server: TestServer,
  openId: string,
  r: { status: number; body: Record<string, unknown> },
  filename: string,
  video: Uint8Array,
): Promise<Response> {
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const day = utcDay(server.clock.now());
  const base = server.deps.config.filesBaseUrl;
  assert.equal(
    r.body.url,
    `${base}/uploads/${openId}/${day}/${r.body.upload_id}.mp4`,
  );
  assert.equal(r.body.state, "complete");
  assert.equal(r.body.filename, filename);
  assert.equal(r.body.content_type, "video/mp4");
  assert.equal(r.body.kind, "video");
  assert.equal(r.body.size, video.length);
  assert.equal(r.body.height, 960);
  assert.equal(
    Date.parse(String(r.body.expires_at)),
    server.clock.now() + PLANS.free.storageTtlHours * 3600_000,
  );
  const file = await fetch(String(r.body.url));
  assert.deepEqual(new Uint8Array(await file.arrayBuffer()), video);
  return file;
}
