/**
 * An S3 bucket that stops answering (s3rver stopped: every call is
 * refused at the connection): completing an upload, uploading in one
 * request, uploading from a URL and posting a PM3K file all answer the
 * same 503 `storage_unavailable`, body and all, without Retry-After
 * (docs/api.md#error-codes, lib/media/storage_unavailable.ts). The local
 * disk's paths: storage_disk_failures_test.ts.
 */
import {
  assertEachStorageUnavailable,
  uploadAnswers,
} from "./_helpers/storage_answers.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import { startS3rver } from "./_helpers/s3rver_harness.ts";
import { fixture, stagedUpload } from "./_helpers/api_client.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { startSourceServer } from "./_helpers/source_server.ts";

Deno.test("a bucket that stops answering gives every path one and the same 503 storage_unavailable, without Retry-After", async () => {
  const s3 = await startS3rver();
  let bucketUp = true;
  const server = await startTestServer({ env: s3.env });
  const source = await startSourceServer();
  try {
    const me = await posterFor(server, "bucket_down");
    const bytes = await fixture("portrait.mp4");
    const postable = await me.uploadVideo("posted.mp4");
    const staged = await stagedUpload(me, bytes, "staged.mp4");

    await s3.close();
    bucketUp = false;
    const answers: Record<string, Response> = {
      ...await uploadAnswers(server, me, staged.body.upload_id, bytes),
      "uploading from a URL": await me.call("POST", "/api/uploads/from_url", {
        url: `${source.origin}/video.mp4`,
      }),
      "posting a PM3K file": await me.call("POST", "/api/tiktok/direct_post", {
        source_url: postable,
        title: "bucket down",
      }),
    };
    await assertEachStorageUnavailable(answers);
  } finally {
    await source.close();
    await server.close();
    if (bucketUp) await s3.close();
  }
});
