/** Assertions shared by the HTTP tests. */
import assert from "node:assert/strict";

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
