/**
 * A multipart upload to S3 that fails and whose abort fails too: the parts
 * already sent stay in the bucket, billed and in no listing, so the orphan
 * sweep cannot see them. The adapter says so in a log line naming the key
 * and the upload id (the bucket's lifecycle rule is the backstop,
 * docs/media.md#s3-adapter). The bucket is s3rver behind the AWS-checking
 * gateway; it stops answering (closed, as in an outage) while the source is
 * read for the third part, so the source's failure and the abort's meet a
 * bucket that is gone.
 */
import assert from "node:assert/strict";
import { PART_SIZE, S3Storage } from "../lib/storage/s3_storage.ts";
import type { LogLine } from "../lib/runtime/logger.ts";
import { startS3rver } from "./_helpers/s3rver_harness.ts";
import { waitUntil } from "./_helpers/wait_until.ts";

Deno.test("a failed multipart upload whose abort fails too is logged with its key and upload id", async () => {
  const s3 = await startS3rver();
  let bucketUp = true;
  const lines: LogLine[] = [];
  const storage = new S3Storage({
    ...s3.storageOptions,
    log: (line) => lines.push(line),
  });
  const chunk = new Uint8Array(PART_SIZE / 4).fill(5);
  let sent = 0;
  // Two parts' bytes, then the source waits for the second part to reach
  // the bucket (the upload started: there is an upload to abort), the
  // bucket goes away, and the source fails.
  const source = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sent < 2 * PART_SIZE) {
        sent += chunk.length;
        controller.enqueue(chunk);
        return;
      }
      await waitUntil(
        "the second part sent",
        () => s3.requests.some((r) => r.includes("partNumber=2")),
      );
      await s3.close();
      bucketUp = false;
      controller.error(new Error("the source broke off"));
    },
  });
  try {
    await assert.rejects(
      storage.put("big/cut.bin", source, {
        contentType: "application/octet-stream",
      }),
      /the source broke off/,
      "the source's failure is the one reported",
    );
    const started = s3.requests.filter((r) =>
      r.startsWith("POST /pm3k-media/big/cut.bin?uploads")
    );
    assert.equal(started.length, 1, s3.requests.join("\n"));
    const uploadId = s3.requests.map((r) => /uploadId=([^&]+)/.exec(r)?.[1])
      .find(Boolean);
    assert.ok(uploadId, s3.requests.join("\n"));
    const aborts = lines.filter((l) =>
      l.message === "aborting a multipart upload failed"
    );
    assert.equal(aborts.length, 1, JSON.stringify(lines));
    assert.equal(aborts[0].level, "warn");
    assert.equal(aborts[0].key, "big/cut.bin");
    assert.equal(aborts[0].upload_id, decodeURIComponent(uploadId));
    assert.match(String(aborts[0].error), /\S/);
  } finally {
    if (bucketUp) await s3.close();
  }
});
