/**
 * Storage-failure tests (a failing disk, a bucket that stops answering)
 * check every path's answer the same way: each one 503
 * `storage_unavailable` in the one wording, without Retry-After.
 * @module
 */
import assert from "node:assert/strict";
import { STORAGE_UNAVAILABLE_MESSAGE } from "../../lib/media/storage_unavailable.ts";
import type { ApiClient } from "./api_client.ts";

/**
 * What the two ways to upload answer, named for
 * {@link assertEachStorageUnavailable}: completing the staged upload
 * `stagedId`, then sending `bytes` as a video in one request.
 */
export async function uploadAnswers(
  server: { url: string },
  me: ApiClient,
  stagedId: unknown,
  bytes: Uint8Array<ArrayBuffer>,
): Promise<Record<string, Response>> {
  return {
    "completing an upload": await me.call(
      "POST",
      `/api/uploads/${stagedId}/complete`,
    ),
    "uploading in one request": await fetch(
      `${server.url}/api/uploads?filename=one.mp4`,
      {
        method: "POST",
        headers: {
          Authorization: `Bearer ${me.key}`,
          "Content-Type": "video/mp4",
        },
        body: bytes,
      },
    ),
  };
}

/** Asserts each answer, named by its path, is the one storage refusal. */
export async function assertEachStorageUnavailable(
  answers: Record<string, Response>,
): Promise<void> {
  const seen = [];
  for (const [path, res] of Object.entries(answers)) {
    const text = await res.text();
    seen.push({
      path,
      status: res.status,
      retryAfter: res.headers.get("retry-after"),
      body: res.headers.get("content-type")?.startsWith("application/json")
        ? JSON.parse(text)
        : text,
    });
  }
  assert.deepEqual(
    seen,
    Object.keys(answers).map((path) => ({
      path,
      status: 503,
      retryAfter: null,
      body: {
        ok: false,
        error: "storage_unavailable",
        message: STORAGE_UNAVAILABLE_MESSAGE,
      },
    })),
  );
}
