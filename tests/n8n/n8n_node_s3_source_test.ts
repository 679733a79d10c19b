/**
 * A video kept in the builder's own S3 bucket, posted from a real n8n (the
 * one tests/n8n/install_n8n.sh installs; ignored when it is not there) with
 * the PM3K node built from its sources: n8n's S3 node (an S3-compatible
 * endpoint, path style) downloads the object into binary, Upload Media
 * sends it, Post Video and Wait for Result post it; or a presigned GET link
 * to the object is Upload Media's File URL, and an expired one is refused
 * saying so (docs/workflows.md#videos-in-an-s3-bucket). The bucket is a
 * real S3 API (s3rver behind a gateway checking SigV4, no anonymous reads),
 * not PM3K's own storage.
 */
import assert from "node:assert/strict";
import { S3Storage } from "../../lib/storage/s3_storage.ts";
import { startS3rver } from "../_helpers/s3rver_harness.ts";
import type { S3rverHandle } from "../_helpers/s3rver_harness.ts";
import { postsOf } from "../_helpers/posting_setup.ts";
import {
  executeFailing,
  executionError,
  importInto,
  n8nInstalled,
} from "./n8n_cli.ts";
import {
  chain,
  fixturePath,
  importAndExecute,
  node,
  only,
  pm3k,
  start,
  uploadFromUrl,
  waitForResult,
  withNodeInN8n,
} from "./pm3k_node_workflows.ts";

const KEY = "clips/holiday.mp4";

/**
 * A bucket holding the fixture video at KEY, stored as an SDK stores an
 * object given no Content-Type (`binary/octet-stream`); reads are signed
 * only, as on a private bucket.
 */
async function bucketWithVideo(): Promise<
  { s3: S3rverHandle; bucket: S3Storage; video: Uint8Array }
> {
  const s3 = await startS3rver({ publicRead: false });
  const bucket = new S3Storage(s3.storageOptions);
  const video = await Deno.readFile(fixturePath("portrait.mp4"));
  await bucket.put(KEY, video, { contentType: "binary/octet-stream" });
  return { s3, bucket, video };
}

Deno.test({
  name:
    "n8n's S3 node (custom endpoint, path style) downloading a video from a private bucket → Upload Media → Post Video → Wait for Result in a real n8n: the post is done, and PM3K's upload holds the object's bytes under its file name",
  ignore: !n8nInstalled,
  async fn() {
    const { s3, video } = await bucketWithVideo();
    try {
      await withNodeInN8n("n8n_s3_node", {}, async (run) => {
        await importInto(run.home, "credentials", [{
          id: "s3Credential0001",
          name: "My bucket",
          type: "s3",
          data: {
            endpoint: s3.endpoint,
            region: s3.storageOptions.region,
            accessKeyId: s3.storageOptions.accessKeyId,
            secretAccessKey: s3.storageOptions.secretAccessKey,
            forcePathStyle: true,
          },
        }], run.env);
        const out = await importAndExecute(
          run,
          chain("pm3kFromS3Node01", [
            start(),
            node("Download from S3", "n8n-nodes-base.s3", {
              resource: "file",
              operation: "download",
              bucketName: s3.bucket,
              fileKey: KEY,
            }, {
              credentials: {
                s3: { id: "s3Credential0001", name: "My bucket" },
              },
            }),
            pm3k("Upload", { operation: "upload" }),
            pm3k("Post", {
              operation: "postVideo",
              title: "From my bucket",
              privacy: "SELF_ONLY",
            }),
            waitForResult("Wait"),
          ]),
        );
        const upload = only(out["Upload"][0]);
        assert.equal(upload.filename, "holiday.mp4", JSON.stringify(upload));
        assert.equal(upload.content_type, "video/mp4");
        assert.equal(upload.size, video.length);
        const stored = await fetch(String(upload.url));
        assert.deepEqual(new Uint8Array(await stored.arrayBuffer()), video);
        assert.ok(s3.verified() > 0, "the S3 node's requests were signed");
        assert.deepEqual(s3.refused, []);
        const done = only(out["Wait"][0]);
        assert.equal(done.state, "done", JSON.stringify(done));
        assert.equal(done.publish_id, only(out["Post"][0]).publish_id);
        const [post] = await postsOf(run.me);
        assert.equal(post.title, "From my bucket");
      });
    } finally {
      await s3.close();
    }
  },
});

Deno.test({
  name:
    "A presigned GET link to a private bucket's video as Upload Media's File URL → Post Video → Wait for Result in a real n8n: the post is done; the link once expired fails with PM3K's proxy_error saying it expired",
  ignore: !n8nInstalled,
  async fn() {
    const { s3, bucket, video } = await bucketWithVideo();
    const presign = async (seconds: number) => {
      const url = bucket.objectUrl(KEY);
      url.searchParams.set("X-Amz-Expires", String(seconds));
      return (await bucket.sign(url, { method: "GET", signQuery: true })).url
        .href;
    };
    try {
      await withNodeInN8n("n8n_s3_link", {}, async (run) => {
        const link = await presign(3600);
        assert.match(link, /X-Amz-Signature=/);
        const out = await importAndExecute(
          run,
          chain("pm3kFromS3Link01", [
            start(),
            uploadFromUrl("Upload", link),
            pm3k("Post", {
              operation: "postVideo",
              title: "From a link",
              privacy: "SELF_ONLY",
            }),
            waitForResult("Wait"),
          ]),
        );
        const upload = only(out["Upload"][0]);
        assert.equal(upload.filename, "holiday.mp4", JSON.stringify(upload));
        assert.equal(upload.size, video.length);
        assert.equal(only(out["Wait"][0]).state, "done");

        // Signed for 1 s, used after it ran out.
        const expired = await presign(1);
        await new Promise((r) => setTimeout(r, 2_000));
        await importInto(
          run.home,
          "workflow",
          chain("pm3kExpiredLink1", [
            start(),
            uploadFromUrl("Upload", expired),
          ]),
          run.env,
        );
        const failed = await executeFailing(
          run.home,
          "pm3kExpiredLink1",
          run.env,
        );
        assert.match(
          failed,
          /proxy_error: The source answered HTTP 403\. An S3 presigned link is refused once it has expired \(X-Amz-Expires\)/,
        );
      });
    } finally {
      await s3.close();
    }
  },
});

Deno.test({
  name:
    "Upload Media given a presigned link of a store only n8n's network reaches (http://minio:9000/…, a private address) as File URL in a real n8n: PM3K's proxy_error, the description first saying the n8n way: download it with n8n's S3 node and send it as Binary File",
  ignore: !n8nInstalled,
  async fn() {
    const query =
      "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=3600&X-Amz-Signature=abc";
    const links = {
      pm3kMinioLink001: `http://minio:9000/videos/clip.mp4?${query}`,
      pm3kPrivateLink1: `http://192.168.1.20:9000/videos/clip.mp4?${query}`,
    };
    // A name no public DNS knows, as a compose service's name is.
    const fetchOptions = { resolve: () => Promise.resolve([]) };
    await withNodeInN8n(
      "n8n_lan_link",
      { fetchOptions },
      async ({ server, home, env }) => {
        await importInto(
          home,
          "workflow",
          Object.entries(links).map(([id, link]) =>
            chain(id, [start(), uploadFromUrl("Upload", link)])
          ),
          env,
        );
        for (const id of Object.keys(links)) {
          const out = await executeFailing(home, id, env, { raw: true });
          assert.match(
            out,
            /^Execution error:\n=+\nproxy_error: Could not fetch the source: /m,
          );
          const description = String(executionError(out).description);
          assert.match(
            description,
            /^In n8n: PM3K fetches File URL itself, from the internet, .*download it in the workflow \(n8n's S3 node for an object in a bucket, .*\) and set Source: Binary File; PM3K error code "proxy_error" \(HTTP 502\)/,
            `${id}: ${description}`,
          );
        }
        assert.deepEqual(
          server.logs.filter((l) =>
            l.path === "/api/uploads/from_url" && l.status === 200
          ),
          [],
        );
      },
    );
  },
});
