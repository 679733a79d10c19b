/**
 * The SHA-256 a completed upload's record keeps of its bytes
 * (docs/media.md#content-digest), read from the test server's KV, and the
 * digest a test expects of bytes.
 * @module
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import type { TestServer } from "./test_server.ts";
import { getTyped, keys } from "../../lib/kv_keys.ts";

/** The digest upload `uploadId`'s record keeps; it must be complete. */
export async function recordedDigest(
  server: TestServer,
  uploadId: unknown,
): Promise<string | undefined> {
  const record = (await getTyped(server.kv, keys.upload(String(uploadId))))
    .value;
  assert.ok(record, `upload ${uploadId} recorded`);
  assert.equal(record.state, "complete");
  return record.sha256;
}

/** The hex SHA-256 of `bytes`. */
export const sha256Of = (bytes: Uint8Array): string =>
  createHash("sha256").update(bytes).digest("hex");
