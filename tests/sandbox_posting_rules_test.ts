/**
 * The sandbox's pure posting rules: what an init body becomes, and the
 * status answer's hand-written JSON.
 */
import assert from "node:assert/strict";
import {
  readPhotoInit,
  readVideoInit,
} from "../sandbox/tiktok/sandbox_init_bodies.ts";
import { statusJson } from "../sandbox/tiktok/sandbox_status_route.ts";
import type { SandboxPublish } from "../sandbox/tiktok/sandbox_records.ts";

Deno.test("a video init becomes one URL to pull with post_info as received ({} when absent)", () => {
  const source = { source: "PULL_FROM_URL", video_url: "https://f/v.mp4" };
  const post = { title: "t", privacy_level: "SELF_ONLY", disable_duet: true };
  assert.deepEqual(readVideoInit({ source_info: source, post_info: post }), {
    urls: ["https://f/v.mp4"],
    postInfo: post,
  });
  assert.deepEqual(readVideoInit({ source_info: source }), {
    urls: ["https://f/v.mp4"],
    postInfo: {},
  });
  assert.deepEqual(readVideoInit(null), {
    invalid: "source_info.video_url is required for PULL_FROM_URL.",
  });
});

Deno.test("a photo init becomes its image URLs, its cover and post_info; 35 images pass, 36 do not", () => {
  const body = (count: number, cover: unknown) => ({
    media_type: "PHOTO",
    post_mode: "DIRECT_POST",
    post_info: { description: "d".repeat(4000) },
    source_info: {
      photo_images: Array.from({ length: count }, (_, i) => `https://f/${i}`),
      photo_cover_index: cover,
    },
  });
  const read = readPhotoInit(body(35, 34));
  assert.ok(!("invalid" in read));
  assert.equal(read.urls.length, 35);
  assert.equal(read.urls[34], "https://f/34");
  assert.equal(read.photoCoverIndex, 34);
  assert.deepEqual(read.postInfo, { description: "d".repeat(4000) });
  assert.deepEqual(readPhotoInit(body(36, 0)), {
    invalid: "photo_images must hold 1 to 35 URLs.",
  });
  assert.deepEqual(readPhotoInit(body(2, 0.5)), {
    invalid: "photo_cover_index is out of range.",
  });
  // A cover sent as a numeric string counts, as Number() reads it.
  assert.deepEqual(readPhotoInit(body(2, "1")), {
    urls: ["https://f/0", "https://f/1"],
    postInfo: { description: "d".repeat(4000) },
    photoCoverIndex: 1,
  });
});

function publish(change: Partial<SandboxPublish>): SandboxPublish {
  return {
    publishId: "v_pub_url~v2.1",
    openId: "sbx-1",
    kind: "video",
    urls: [],
    privacyLevel: "PUBLIC_TO_EVERYONE",
    title: "",
    createdAt: 0,
    status: "PUBLISH_COMPLETE",
    failReason: null,
    downloadedBytes: 42,
    postId: "7123456789012345678",
    statusCalls: 2,
    plannedFailure: null,
    ...change,
  };
}

Deno.test("the status answer carries every digit of the post id as a JSON number, for public posts only", () => {
  assert.equal(
    statusJson(publish({}), "LOG"),
    '{"data":{"status":"PUBLISH_COMPLETE","publicaly_available_post_id":[7123456789012345678],"downloaded_bytes":42},"error":{"code":"ok","message":"","log_id":"LOG"}}',
  );
  assert.equal(
    statusJson(publish({ privacyLevel: "SELF_ONLY" }), "LOG"),
    '{"data":{"status":"PUBLISH_COMPLETE","publicaly_available_post_id":[],"downloaded_bytes":42},"error":{"code":"ok","message":"","log_id":"LOG"}}',
  );
  assert.deepEqual(
    JSON.parse(
      statusJson(
        publish({ status: "FAILED", failReason: "video_pull_failed" }),
        "LOG",
      ),
    ).data,
    {
      status: "FAILED",
      fail_reason: "video_pull_failed",
      publicaly_available_post_id: [],
      downloaded_bytes: 42,
    },
  );
});
