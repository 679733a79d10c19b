/**
 * FILE_UPLOAD and the per-post fallback (docs/posting.md#video-source)
 * through the HTTP API against the TikTok simulator: videos sent in chunks
 * from local and S3 storage, auto's fallback on both triggers and never
 * while a pull could complete, its claim taken over from a dead or slow
 * claimer, its init refused or unanswered (the pull's failure stands),
 * chunk failures retried or failing the post, an upload cut by a restart,
 * photos that stay pulled, and video drafts sent through TikTok's inbox
 * init by the same rules.
 */
import assert from "node:assert/strict";
import { followAMinuteLater } from "./_helpers/follow_while.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer, TestServerOptions } from "./_helpers/test_server.ts";
import {
  albumOf,
  directPost,
  hookedPoster,
  initsAtTikTok,
  posterFor,
  postsOf,
  publishAtTikTok,
  sandboxUser,
} from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { uploadBytes } from "./_helpers/api_client.ts";
import { paddedMp4, sha256Hex } from "./_helpers/padded_video.ts";
import { startS3rver } from "./_helpers/s3rver_harness.ts";
import {
  fileUploadsSettled,
  stopFileUploads,
} from "../lib/posting/video_source.ts";
import { waitUntil } from "./_helpers/wait_until.ts";
import { startWebhookReceiver } from "./_helpers/webhook_receiver.ts";
import { emitted } from "./_helpers/tiktok_events.ts";
import {
  followDuePublishes,
  followPost,
} from "../lib/posting/follow_publishes.ts";
import { fallbackClaimMs } from "../lib/posting/fallback_claim.ts";
import { diesBeforeWriteUnder } from "./_helpers/dying_kv.ts";
import { sandboxKeys } from "../sandbox/tiktok/sandbox_keys.ts";
import type {
  SandboxPublish,
  SandboxToken,
} from "../sandbox/tiktok/sandbox_records.ts";

const MB = 1024 * 1024;

/** A server whose uploads use 5 MB chunks and retry fast. */
async function fileServer(
  source: "auto" | "pull" | "file",
  options: TestServerOptions = {},
): Promise<TestServer> {
  const server = await startTestServer({
    ...options,
    env: { TIKTOK_VIDEO_SOURCE: source, ...options.env },
  });
  server.deps.fileUpload = { chunkBytes: 5 * MB, retryBaseMs: 10 };
  return server;
}

/**
 * Runs `fn` as poster `username` on a {@link fileServer} of `source` (and
 * `options`); then lets file uploads settle and closes the server.
 */
async function withFilePoster(
  username: string,
  source: "auto" | "pull" | "file",
  options: TestServerOptions,
  fn: (run: { server: TestServer; me: Poster }) => Promise<void>,
): Promise<void> {
  const server = await fileServer(source, options);
  try {
    await fn({ server, me: await posterFor(server, username) });
  } finally {
    await fileUploadsSettled();
    await server.close();
  }
}

/** Uploads `bytes` as an MP4 through the API; its URL. */
async function uploadVideo(me: Poster, bytes: Uint8Array): Promise<string> {
  const r = await uploadBytes(me, bytes, {
    filename: "big.mp4",
    contentType: "video/mp4",
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return String(r.body.url);
}

/** direct_post of `sourceUrl` as `me` (with `more` fields), answered 200. */
async function postOk(
  me: Poster,
  sourceUrl: string,
  title: string,
  more: Record<string, unknown> = {},
) {
  const res = await me.json("POST", "/api/tiktok/direct_post", {
    source_url: sourceUrl,
    title,
    ...more,
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res;
}

/** /api/tiktok/status of `publishId`. */
async function statusOf(me: Poster, publishId: unknown) {
  const res = await me.json("POST", "/api/tiktok/status", {
    publish_id: publishId,
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

/**
 * Follows once and finds TikTok still downloading the pull `pullId`: its
 * one init so far, pending as PULL_FROM_URL.
 */
async function stillDownloading(
  server: TestServer,
  me: Poster,
  pullId: unknown,
) {
  await followAMinuteLater(server);
  const downloading = await statusOf(me, pullId);
  assert.deepEqual(
    [downloading.status, downloading.state, downloading.source],
    ["PROCESSING_DOWNLOAD", "pending", "PULL_FROM_URL"],
  );
  assert.equal(await initsAtTikTok(server, me), 1);
}

/** Follows (a minute at a time) until the publish is final; its status. */
async function followToEnd(server: TestServer, me: Poster, publishId: unknown) {
  for (let i = 0; i < 8; i++) {
    await fileUploadsSettled();
    await followAMinuteLater(server);
    const s = await statusOf(me, publishId);
    if (s.state !== "pending") return s;
  }
  throw new Error("the publish never finished");
}

Deno.test("file mode sends a 12 MB video in TikTok's chunks from local storage; TikTok assembles it byte for byte", async () => {
  await withFilePoster("file_local", "file", {}, async ({ server, me }) => {
    const video = await paddedMp4(12 * MB + 123);
    const res = await postOk(
      me,
      await uploadVideo(me, video),
      "sent in chunks",
    );
    assert.match(String(res.body.publish_id), /^v_pub_file~v2-1\.\d+$/);
    const first = await statusOf(me, res.body.publish_id);
    assert.deepEqual(
      [first.status, first.state, first.source],
      ["PROCESSING_UPLOAD", "pending", "FILE_UPLOAD"],
    );
    await fileUploadsSettled();
    const atTikTok = await publishAtTikTok(server, res.body.publish_id);
    // 12 MB + 123 in 5 MB chunks: floor → 2 chunks, the last 7 MB + 123.
    assert.deepEqual(
      [
        atTikTok.upload?.videoSize,
        atTikTok.upload?.chunkSize,
        atTikTok.upload?.totalChunkCount,
        atTikTok.upload?.received,
      ],
      [video.length, 5 * MB, 2, video.length],
    );
    assert.deepEqual(atTikTok.urls, [], "nothing for TikTok to pull");
    const done = await followToEnd(server, me, res.body.publish_id);
    assert.deepEqual([done.status, done.state, done.source], [
      "PUBLISH_COMPLETE",
      "done",
      "FILE_UPLOAD",
    ]);
    assert.equal(
      (done.raw as { data: { uploaded_bytes: number } }).data.uploaded_bytes,
      video.length,
    );
    assert.equal(
      (await publishAtTikTok(server, res.body.publish_id)).upload?.sha256,
      await sha256Hex(video),
    );
    assert.equal(await me.sandboxPosts(), 1);
    const [listed] = await postsOf(me);
    assert.deepEqual([listed.state, listed.source], ["done", "FILE_UPLOAD"]);
  });
});

Deno.test("file mode sends a video under 5 MB whole, as one chunk", async () => {
  await withFilePoster("file_small", "file", {}, async ({ server, me }) => {
    const res = await postOk(me, await me.uploadVideo(), "one chunk");
    await fileUploadsSettled();
    const upload = (await publishAtTikTok(server, res.body.publish_id)).upload;
    assert.ok(upload && upload.videoSize < 5 * MB);
    assert.deepEqual(
      [upload.chunkSize, upload.totalChunkCount, upload.received],
      [upload.videoSize, 1, upload.videoSize],
    );
    const done = await followToEnd(server, me, res.body.publish_id);
    assert.equal(done.state, "done");
  });
});

Deno.test("file mode streams the chunks from S3 with ranged reads", async () => {
  const s3 = await startS3rver();
  const server = await fileServer("file", { env: s3.env });
  try {
    const me = await posterFor(server, "file_s3");
    const video = await paddedMp4(11 * MB);
    const url = await uploadVideo(me, video);
    assert.ok(url.startsWith(s3.env.FILES_BASE_URL), url);
    const before = s3.requests.length;
    const res = await postOk(me, url, "from the bucket");
    await fileUploadsSettled();
    const key = new URL(url).pathname.split("/").slice(-4).join("/");
    const gets = s3.requests.slice(before).filter((r) =>
      r.startsWith("GET") && r.includes(key)
    );
    assert.ok(gets.length >= 2, `one ranged GET per chunk: ${gets}`);
    const done = await followToEnd(server, me, res.body.publish_id);
    assert.deepEqual([done.state, done.source], ["done", "FILE_UPLOAD"]);
    assert.equal(
      (await publishAtTikTok(server, res.body.publish_id)).upload?.sha256,
      await sha256Hex(video),
    );
  } finally {
    await fileUploadsSettled();
    await server.close();
    await s3.close();
  }
});

Deno.test("auto: an unverified URL prefix at init falls back to FILE_UPLOAD for the same post", async () => {
  await withFilePoster(
    "auto_unverified",
    "auto",
    {},
    async ({ server, me }) => {
      await me.sandbox({ url_prefix_verified: false });
      const res = await postOk(me, await me.uploadVideo(), "pull refused");
      assert.match(String(res.body.publish_id), /^v_pub_file~/);
      assert.equal(
        await initsAtTikTok(server, me),
        1,
        "the refused pull made no publish",
      );
      const done = await followToEnd(server, me, res.body.publish_id);
      assert.deepEqual([done.state, done.source], ["done", "FILE_UPLOAD"]);
      assert.equal(await me.sandboxPosts(), 1);
      assert.equal((await postsOf(me)).length, 1, "one post record");
    },
  );
});

Deno.test("pull mode: an unverified URL prefix stays a tiktok_error, no file upload", async () => {
  await withFilePoster(
    "pull_unverified",
    "pull",
    {},
    async ({ server, me }) => {
      await me.sandbox({ url_prefix_verified: false });
      const res = await me.json("POST", "/api/tiktok/direct_post", {
        source_url: await me.uploadVideo(),
        title: "pull only",
      });
      assert.equal(res.status, 502, JSON.stringify(res.body));
      assert.deepEqual([res.body.error, res.body.tiktok_code], [
        "tiktok_error",
        "url_ownership_unverified",
      ]);
      assert.equal(await initsAtTikTok(server, me), 0);
    },
  );
});

Deno.test("auto: a pull that ends video_pull_failed becomes a FILE_UPLOAD of the same post, only once TikTok says FAILED", async () => {
  await withFilePoster(
    "auto_pull_failed",
    "auto",
    {},
    async ({ server, me }) => {
      await me.sandbox({ faults: [{ fault: "pull_failed" }] });
      const res = await postOk(me, await me.uploadVideo(), "pull fails");
      const pullId = res.body.publish_id;
      assert.match(String(pullId), /^v_pub_url~/);

      // TikTok is still downloading: no second publish may start.
      await stillDownloading(server, me, pullId);

      // FAILED video_pull_failed: the same post goes on as a file upload.
      await followAMinuteLater(server);
      assert.equal(await initsAtTikTok(server, me), 2);
      const [post] = await postsOf(me);
      assert.notEqual(post.publish_id, pullId);
      assert.match(String(post.publish_id), /^v_pub_file~/);
      assert.deepEqual([post.state, post.source], ["pending", "FILE_UPLOAD"]);
      const viaOldId = await statusOf(me, pullId);
      assert.deepEqual(
        [viaOldId.state, viaOldId.source],
        ["pending", "FILE_UPLOAD"],
        "the pull's publish_id finds the post where it is now",
      );

      const done = await followToEnd(server, me, post.publish_id);
      assert.deepEqual([done.state, done.source], ["done", "FILE_UPLOAD"]);
      const oldDone = await statusOf(me, pullId);
      assert.deepEqual([oldDone.state, oldDone.status], [
        "done",
        "PUBLISH_COMPLETE",
      ]);
      assert.equal(await me.sandboxPosts(), 1, "posted once");
      assert.equal((await postsOf(me)).length, 1);
    },
  );
});

/** The FILE_UPLOAD publishes TikTok made for `me`, by publish_id. */
async function fileUploadsAtTikTok(
  server: TestServer,
  me: Poster,
): Promise<Map<string, SandboxPublish>> {
  const found = new Map<string, SandboxPublish>();
  for await (
    const e of server.kv.list<SandboxPublish>({ prefix: ["sandbox_publishes"] })
  ) {
    if (e.value.openId === me.openId && e.value.source === "FILE_UPLOAD") {
      found.set(e.value.publishId, e.value);
    }
  }
  return found;
}

/**
 * A Direct Post whose pull TikTok fails (video_pull_failed), followed once
 * (TikTok still downloading): the next check finds it FAILED. Its publish_id.
 */
async function pullThatFails(
  server: TestServer,
  me: Poster,
  title: string,
): Promise<string> {
  await me.sandbox({ faults: [{ fault: "pull_failed" }] });
  const res = await postOk(me, await me.uploadVideo(), title);
  await stillDownloading(server, me, res.body.publish_id);
  return String(res.body.publish_id);
}

/**
 * Follows the post of `pullId` to its end and checks it was published
 * once, from the whole file of the FILE_UPLOAD publish it ended on, while
 * every other FILE_UPLOAD publish TikTok made for it got no chunk (those
 * are returned).
 */
async function publishedOnceFrom(
  server: TestServer,
  me: Poster,
  pullId: string,
) {
  const done = await followToEnd(server, me, pullId);
  assert.deepEqual([done.state, done.source], ["done", "FILE_UPLOAD"]);
  const [post] = await postsOf(me);
  assert.equal((await postsOf(me)).length, 1, "one post record");
  const uploads = await fileUploadsAtTikTok(server, me);
  const winner = uploads.get(String(post.publish_id));
  assert.ok(winner, "the post is on a FILE_UPLOAD publish");
  assert.equal(winner.upload?.received, winner.upload?.videoSize);
  assert.equal(winner.status, "PUBLISH_COMPLETE");
  const others = [...uploads.values()].filter((p) => p !== winner);
  for (const other of others) {
    assert.equal(other.upload?.received, 0, "no chunk for the other publish");
    assert.equal(other.status, "PROCESSING_UPLOAD");
  }
  assert.equal(await me.sandboxPosts(), 1, "posted once");
  return { post, others };
}

Deno.test("auto: a fallback claimer that dies before recording TikTok's answer is taken over once its claim lapses; its publish gets no chunk, the post publishes once", async () => {
  await withFilePoster("claimer_dies", "auto", {}, async ({ server, me }) => {
    const pullId = await pullThatFails(server, me, "the claimer dies");
    const postId = await postIdOf(server, pullId);
    // This check finds the pull FAILED: its follower claims the fallback,
    // TikTok makes the FILE_UPLOAD publish, and the process dies just
    // before it records TikTok's answer on its claim.
    server.clock.advance(60_000);
    const diedAt = server.clock.now();
    const dying = {
      ...server.deps,
      kv: diesBeforeWriteUnder(server.kv, ["post_fallback_claims"], 2),
    };
    await assert.rejects(followPost(dying, postId), /died before its commit/);
    assert.equal(await initsAtTikTok(server, me), 2, "the pull and its init");
    const [orphan] = (await fileUploadsAtTikTok(server, me)).keys();

    // While the claim lives, a follower that finds the pull FAILED waits.
    await followAMinuteLater(server);
    assert.equal(await followAMinuteLater(server), 1, "TikTok asked again");
    assert.ok(
      server.clock.now() < diedAt + fallbackClaimMs(server.deps.config),
    );
    const [waiting] = await postsOf(me);
    assert.deepEqual(
      [waiting.state, waiting.source, waiting.publish_id],
      ["pending", "PULL_FROM_URL", pullId],
    );
    assert.equal(await initsAtTikTok(server, me), 2, "no init meanwhile");

    // Past the claim's time, the next follower takes it over: one more
    // FILE_UPLOAD init, whose chunks publish the post.
    await followAMinuteLater(server);
    assert.ok(
      server.clock.now() >= diedAt + fallbackClaimMs(server.deps.config),
    );
    assert.equal(await initsAtTikTok(server, me), 3);
    const { post, others } = await publishedOnceFrom(server, me, pullId);
    assert.notEqual(post.publish_id, orphan);
    assert.deepEqual(others.map((p) => p.publishId), [orphan]);
    assert.equal(await initsAtTikTok(server, me), 3, "one takeover");
  });
});

Deno.test("auto: a fallback claimer too slow for its claim is taken over; its late publish is left unsent and the post publishes once", async () => {
  const server = await fileServer("auto", {
    env: { TIKTOK_TIMEOUT_MS: "10000" },
  });
  let slow: Promise<boolean> | null = null;
  try {
    const me = await posterFor(server, "claimer_slow");
    const pullId = await pullThatFails(server, me, "the claimer is slow");
    const postId = await postIdOf(server, pullId);
    // TikTok answers this follower's FILE_UPLOAD init 3 s late, within
    // PM3K's 10 s timeout.
    await me.sandbox({ faults: [{ fault: "slow_answer", delay_ms: 3000 }] });
    server.clock.advance(60_000);
    let answered = false;
    slow = followPost(server.deps, postId).finally(() => answered = true);
    await waitUntil(
      "the slow init is at TikTok",
      async () =>
        (await sandboxUser(server, me.openId)).settings.faults.length === 0,
    );
    // Meanwhile its claim lapses, and another follower takes it over.
    server.clock.advance(fallbackClaimMs(server.deps.config) + 1000);
    assert.equal(await followPost(server.deps, postId), true);
    assert.equal(answered, false, "the slow claimer still waits for TikTok");
    const [moved] = await postsOf(me);
    assert.deepEqual([moved.state, moved.source], ["pending", "FILE_UPLOAD"]);
    // The slow claimer's answer comes: its claim is gone, so it records
    // nothing and sends no chunk.
    assert.equal(await slow, true);
    assert.equal(await initsAtTikTok(server, me), 3, "the pull and two inits");
    const late = server.logs.filter((l) =>
      String(l.message).startsWith(
        "a file upload fallback took too long and was taken over",
      )
    );
    assert.equal(late.length, 1);
    assert.notEqual(late[0].publish_id, moved.publish_id);
    const [after] = await postsOf(me);
    assert.equal(after.publish_id, moved.publish_id, "the takeover's publish");
    const { others } = await publishedOnceFrom(server, me, pullId);
    assert.deepEqual(others.map((p) => p.publishId), [late[0].publish_id]);
  } finally {
    await slow?.catch(() => {});
    await fileUploadsSettled();
    await server.close();
  }
});

for (
  const [fault, how] of [
    ["server_error", "refused (HTTP 500)"],
    ["slow_accept", "unanswered in time, though TikTok made its publish"],
  ] as const
) {
  Deno.test(`auto: a FILE_UPLOAD fallback init ${how} gives up: the post fails once as video_pull_failed, and no chunk is sent`, async () => {
    const server = await fileServer("auto", {
      env: { TIKTOK_TIMEOUT_MS: "300" },
    });
    const hook = startWebhookReceiver(["ok"]);
    try {
      const me = await hookedPoster(server, hook, `gives_up_${fault}`);
      const pullId = await pullThatFails(server, me, `fallback ${fault}`);
      await me.sandbox({ faults: [{ fault }] });
      await followAMinuteLater(server);
      await fileUploadsSettled();
      const made = fault === "slow_accept" ? 1 : 0;
      await waitUntil(
        "TikTok is done with the fallback's init",
        async () => await initsAtTikTok(server, me) === 1 + made,
      );
      assert.ok(
        server.logs.some((l) =>
          String(l.message).startsWith(
            "falling back to a file upload after video_pull_failed failed",
          )
        ),
      );
      const [failed] = await postsOf(me);
      assert.deepEqual(
        [failed.state, failed.fail_reason, failed.source, failed.publish_id],
        ["failed", "video_pull_failed", "PULL_FROM_URL", pullId],
      );
      // Later rounds start nothing, and the publish TikTok made anyway
      // never gets a chunk, past its upload_url's hour too.
      server.clock.advance(3600_000);
      for (let i = 0; i < 3; i++) await followAMinuteLater(server);
      await fileUploadsSettled();
      assert.equal(await initsAtTikTok(server, me), 1 + made);
      const uploads = [...(await fileUploadsAtTikTok(server, me)).values()];
      assert.equal(uploads.length, made);
      for (const upload of uploads) {
        assert.deepEqual(
          [upload.upload?.received, upload.status],
          [0, "PROCESSING_UPLOAD"],
        );
      }
      assert.equal(await me.sandboxPosts(), 0);
      const events = await emitted(server, me.openId, "post.failed");
      assert.equal(events.length, 1, "post.failed went out once");
      assert.equal(events[0].fail_reason, "video_pull_failed");
      assert.equal((await postsOf(me)).length, 1);
    } finally {
      await fileUploadsSettled();
      await hook.close();
      await server.close();
    }
  });
}

Deno.test("auto: a pull that fails only after the publish deadline stays failed publish_timeout: no file upload, one post.failed", async () => {
  const server = await fileServer("auto", {
    env: { PUBLISH_DEADLINE_HOURS: "1" },
  });
  const hook = startWebhookReceiver(["ok"]);
  try {
    const me = await hookedPoster(server, hook, "late_pull_failed");
    await me.sandbox({ faults: [{ fault: "pull_failed" }] });
    const res = await postOk(me, await me.uploadVideo(), "late pull failure");
    server.clock.advance(2 * 3600_000);
    await followDuePublishes(server.deps);
    const [timedOut] = await postsOf(me);
    assert.deepEqual(
      [timedOut.state, timedOut.fail_reason],
      ["failed", "publish_timeout"],
    );

    // The hourly late check sees TikTok's FAILED video_pull_failed: the
    // post has ended, so nothing starts again.
    server.clock.advance(3600_000 + 1000);
    await followDuePublishes(server.deps);
    for (let i = 0; i < 3; i++) await followAMinuteLater(server);
    await fileUploadsSettled();
    const [late] = await postsOf(me);
    assert.deepEqual(
      [late.state, late.source, late.publish_id],
      ["failed", "PULL_FROM_URL", res.body.publish_id],
    );
    assert.equal(late.fail_reason, "video_pull_failed");
    assert.equal(await initsAtTikTok(server, me), 1, "no file upload init");
    assert.equal(await me.sandboxPosts(), 0);
    assert.equal(
      (await emitted(server, me.openId, "post.failed")).length,
      1,
      "post.failed went out once",
    );
  } finally {
    await fileUploadsSettled();
    await hook.close();
    await server.close();
  }
});

Deno.test("auto: a pull init with no answer in time never falls back: TikTok sees one init", async () => {
  await withFilePoster("auto_slow_accept", "auto", {
    env: { TIKTOK_TIMEOUT_MS: "300" },
  }, async ({ server, me }) => {
    await me.sandbox({ faults: [{ fault: "slow_accept" }] });
    const res = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "maybe made",
    });
    assert.equal(res.status, 502, JSON.stringify(res.body));
    assert.equal(res.body.tiktok_code, "timeout");
    await waitUntil(
      "the slow init is made",
      async () => await initsAtTikTok(server, me) === 1,
    );
    await fileUploadsSettled();
    assert.equal(await initsAtTikTok(server, me), 1, "no FILE_UPLOAD init");
  });
});

Deno.test("chunk PUTs answered 500 or 429 are sent again and the post completes", async () => {
  await withFilePoster("chunk_retries", "file", {}, async ({ server, me }) => {
    await me.sandbox({
      faults: [
        { fault: "upload_chunk_server_error" },
        { fault: "upload_chunk_rate_limit" },
        { fault: "upload_chunk_server_error" },
      ],
    });
    const video = await paddedMp4(10 * MB + 5);
    const res = await postOk(
      me,
      await uploadVideo(me, video),
      "flaky upload host",
    );
    await fileUploadsSettled();
    const upload = (await publishAtTikTok(server, res.body.publish_id)).upload;
    assert.equal(upload?.received, video.length);
    const settings = await sandboxUser(server, me.openId);
    assert.equal(settings.settings.faults.length, 0, "every fault was met");
    const done = await followToEnd(server, me, res.body.publish_id);
    assert.equal(done.state, "done");
    assert.equal(
      (await publishAtTikTok(server, res.body.publish_id)).upload?.sha256,
      await sha256Hex(video),
    );
    assert.equal(await me.sandboxPosts(), 1);
  });
});

Deno.test("a chunk that keeps failing fails the post with file_upload_failed; the same video may be posted again, once", async () => {
  await withFilePoster("chunk_gives_up", "file", {}, async ({ server, me }) => {
    await me.sandbox({
      faults: [{ fault: "upload_chunk_server_error", times: 5 }],
    });
    const url = await uploadVideo(me, await paddedMp4(10 * MB));
    const res = await postOk(me, url, "upload host down");
    await fileUploadsSettled();
    assert.ok(
      server.logs.some((l) =>
        String(l.message).startsWith("file upload to TikTok stopped") &&
        String(l.error).includes("failed 5 times")
      ),
      "the failure is logged",
    );
    const failed = await followToEnd(server, me, res.body.publish_id);
    assert.deepEqual([failed.status, failed.state, failed.fail_reason], [
      "FAILED",
      "failed",
      "file_upload_failed",
    ]);
    assert.equal(await me.sandboxPosts(), 0);
    // The failed post gave back the video and caption; the hour's slot
    // stays used, as for any post TikTok accepted.
    server.clock.advance(3600_000);
    const again = await postOk(me, url, "upload host down");
    const done = await followToEnd(server, me, again.body.publish_id);
    assert.equal(done.state, "done");
    assert.equal(await me.sandboxPosts(), 1);
  });
});

Deno.test("a store that ignores Range fails the upload with file_upload_failed; TikTok never gets the wrong bytes", async () => {
  await withFilePoster("range_ignored", "file", {}, async ({ server, me }) => {
    const url = await uploadVideo(me, await paddedMp4(10 * MB));
    // An S3-compatible store that ignores Range answers 200 with the
    // whole object and no Content-Range, as this stand-in does.
    const storage = server.deps.storage;
    const wholeObject = storage.get.bind(storage);
    storage.get = (key) => wholeObject(key);
    const res = await postOk(me, url, "range ignored");
    await fileUploadsSettled();
    assert.ok(
      server.logs.some((l) =>
        String(l.message).startsWith("file upload to TikTok stopped") &&
        String(l.error).includes("no range for the chunk's bytes 0-")
      ),
      "the failure is logged with its cause",
    );
    assert.equal(
      (await publishAtTikTok(server, res.body.publish_id)).upload?.received ??
        0,
      0,
      "no chunk reached TikTok",
    );
    const failed = await followToEnd(server, me, res.body.publish_id);
    assert.deepEqual([failed.state, failed.fail_reason], [
      "failed",
      "file_upload_failed",
    ]);
    assert.equal(await me.sandboxPosts(), 0);
  });
});

Deno.test("a stopped upload fails its post only on TikTok's fresh word: a status call refused with 429 decides nothing", async () => {
  await withFilePoster(
    "judged_on_answer",
    "file",
    {},
    async ({ server, me }) => {
      await me.sandbox({
        faults: [{ fault: "upload_chunk_server_error", times: 5 }],
      });
      const res = await postOk(
        me,
        await uploadVideo(me, await paddedMp4(10 * MB)),
        "no word from TikTok",
      );
      await fileUploadsSettled(); // stopped: recorded, check brought forward
      // TikTok's status endpoint refuses the token for the rest of the minute.
      const prefix = sandboxKeys.accessToken("").slice(0, 1);
      for await (const e of server.kv.list<SandboxToken>({ prefix })) {
        if (e.value.openId !== me.openId) continue;
        for (let i = 0; i < 30; i++) {
          const r = await fetch(
            `${server.url}/_sandbox/tiktok/v2/post/publish/status/fetch/`,
            {
              method: "POST",
              headers: {
                Authorization: `Bearer ${String(e.key[1])}`,
                "Content-Type": "application/json",
              },
              body: JSON.stringify({ publish_id: res.body.publish_id }),
            },
          );
          await r.body?.cancel();
        }
      }
      assert.equal(
        await followDuePublishes(server.deps),
        1,
        "TikTok was asked",
      );
      const still = await statusOf(me, res.body.publish_id);
      assert.deepEqual([still.state, still.status], [
        "pending",
        "PROCESSING_UPLOAD",
      ]);
      const failed = await followToEnd(server, me, res.body.publish_id);
      assert.deepEqual([failed.state, failed.fail_reason], [
        "failed",
        "file_upload_failed",
      ]);
    },
  );
});

Deno.test("an upload cut by a restart is settled by the follower after the restart: failed once the upload_url ended, never posted", async () => {
  const kvDir = await Deno.makeTempDir({ prefix: "pm3k-restart-" });
  const kvPath = `${kvDir}/pm3k.kv`;
  // The stalled chunk gives up 3 × TIKTOK_TIMEOUT_MS after its client left.
  const env = { KV_PATH: kvPath, QUEUES: "off", TIKTOK_TIMEOUT_MS: "1000" };
  const first = await fileServer("file", { env });
  let second: TestServer | null = null;
  try {
    const me = await posterFor(first, "restart_upload");
    // TikTok takes the first chunk; the second one hangs.
    await me.sandbox({ faults: [{ fault: "upload_chunk_stall", chunk: 2 }] });
    const video = await paddedMp4(10 * MB + 1);
    const res = await postOk(me, await uploadVideo(me, video), "cut short");
    const publishId = res.body.publish_id;
    await waitUntil(
      "the first chunk is in",
      async () =>
        (await publishAtTikTok(first, publishId)).upload?.received === 5 * MB,
    );
    // The process goes away mid-upload: nothing is recorded.
    await stopFileUploads();
    const clock = first.clock;
    await first.close();

    second = await fileServer("file", { env, clock });
    const after = second;
    // TikTok holds half the file: the post waits while the upload_url lives.
    await followAMinuteLater(after);
    const entry = await after.kv.get<{ state: string; tiktokStatus: string }>(
      ["posts", String(await postIdOf(after, publishId))],
    );
    assert.deepEqual(
      [entry.value?.state, entry.value?.tiktokStatus],
      ["pending", "PROCESSING_UPLOAD"],
    );
    // Past the upload_url's hour no chunk can land: the post fails.
    clock.advance(3600_000);
    for (let i = 0; i < 8; i++) {
      await followAMinuteLater(after);
      const post = await after.kv.get<{ state: string; failReason: string }>(
        ["posts", await postIdOf(after, publishId)],
      );
      if (post.value?.state !== "pending") {
        assert.deepEqual([post.value?.state, post.value?.failReason], [
          "failed",
          "file_upload_incomplete",
        ]);
        break;
      }
    }
    const atTikTok = await publishAtTikTok(after, publishId);
    assert.equal(atTikTok.upload?.received, 5 * MB);
    assert.equal(atTikTok.status, "PROCESSING_UPLOAD");
    const posts = await after.kv.get<Deno.KvU64>([
      "sandbox_post_counts",
      me.openId,
    ]);
    assert.equal(Number(posts.value?.value ?? 0n), 0, "never posted");
    // The cut upload_url takes nothing more.
    const late = await fetch(
      `${after.url}/_sandbox/tiktok/upload/?upload_id=${await uploadIdOf(
        after,
        publishId,
      )}`,
      {
        method: "PUT",
        headers: {
          "Content-Type": "video/mp4",
          "Content-Range": `bytes ${5 * MB}-${
            video.length - 1
          }/${video.length}`,
        },
        body: video.slice(5 * MB),
      },
    );
    assert.equal(late.status, 403);
    await late.body?.cancel();
  } finally {
    await fileUploadsSettled();
    if (second) await second.close();
    await Deno.remove(kvDir, { recursive: true });
  }
});

/** The post id behind a publish_id (PM3K's snapshot). */
async function postIdOf(server: TestServer, publishId: unknown) {
  const snap = await server.kv.get<{ postId: string }>([
    "posts_by_publish_id",
    String(publishId),
  ]);
  return String(snap.value?.postId);
}

/** The simulator's upload token of a publish. */
async function uploadIdOf(server: TestServer, publishId: unknown) {
  for await (
    const e of server.kv.list<string>({ prefix: ["sandbox_upload_targets"] })
  ) {
    if (e.value === publishId) return String(e.key[1]);
  }
  throw new Error(`no upload_url for ${publishId}`);
}

Deno.test("photos stay PULL_FROM_URL in file mode", async () => {
  await withFilePoster("file_photos", "file", {}, async ({ server, me }) => {
    const { urls } = await albumOf(me, "photo2.jpg", "photo3.webp");
    const res = await directPost(me, {
      media_type: "PHOTO",
      photo_images: urls,
      title: "two photos",
    });
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.match(String(body.publish_id), /^p_pub_url~/);
    const atTikTok = await publishAtTikTok(server, body.publish_id);
    assert.deepEqual(atTikTok.urls.length, 2);
    assert.equal(atTikTok.source, "PULL_FROM_URL");
    const s = await statusOf(me, body.publish_id);
    assert.equal(s.source, "PULL_FROM_URL");
    const done = await followToEnd(server, me, body.publish_id);
    assert.deepEqual([done.state, done.source], ["done", "PULL_FROM_URL"]);
  });
});

Deno.test("auto: photos have no file upload to fall back to; an unverified URL prefix stays a tiktok_error", async () => {
  await withFilePoster("auto_photos", "auto", {}, async ({ server, me }) => {
    await me.sandbox({ url_prefix_verified: false });
    const { urls } = await albumOf(me, "photo2.jpg", "photo3.webp");
    const res = await me.json("POST", "/api/tiktok/direct_post", {
      media_type: "PHOTO",
      photo_images: urls,
      title: "photos need the prefix",
    });
    assert.equal(res.status, 502, JSON.stringify(res.body));
    assert.equal(res.body.tiktok_code, "url_ownership_unverified");
    // What to do, not TikTok's own text alone.
    assert.match(
      String(res.body.message),
      /FILES_BASE_URL is not verified as a URL prefix .* photos cannot\.$/,
    );
    assert.equal(await initsAtTikTok(server, me), 0);
  });
});

/** A video draft of `me`'s uploaded `video` (a fresh test video if none). */
async function postDraft(me: Poster, video?: Uint8Array) {
  const source = video ? await uploadVideo(me, video) : await me.uploadVideo();
  const res = await postOk(me, source, "a draft", {
    post_mode: "MEDIA_UPLOAD",
  });
  return res.body;
}

Deno.test("file mode sends a video draft through TikTok's inbox init by FILE_UPLOAD, in chunks; done once in the inbox", async () => {
  await withFilePoster("draft_file", "file", {}, async ({ server, me }) => {
    const video = await paddedMp4(12 * MB + 7);
    const body = await postDraft(me, video);
    assert.match(String(body.publish_id), /^v_inbox_file~v2-1\.\d+$/);
    const first = await statusOf(me, body.publish_id);
    assert.deepEqual(
      [first.status, first.state, first.source, first.post_mode],
      ["PROCESSING_UPLOAD", "pending", "FILE_UPLOAD", "MEDIA_UPLOAD"],
    );
    await fileUploadsSettled();
    const atTikTok = await publishAtTikTok(server, body.publish_id);
    assert.deepEqual(
      [atTikTok.mode, atTikTok.source, atTikTok.urls, atTikTok.postInfo],
      ["MEDIA_UPLOAD", "FILE_UPLOAD", [], {}],
      "an inbox init with source_info only, nothing to pull",
    );
    assert.deepEqual(
      [atTikTok.upload?.totalChunkCount, atTikTok.upload?.received],
      [2, video.length],
    );
    const end = await followToEnd(server, me, body.publish_id);
    assert.deepEqual([end.status, end.state, end.source, end.post_mode], [
      "SEND_TO_USER_INBOX",
      "done",
      "FILE_UPLOAD",
      "MEDIA_UPLOAD",
    ]);
    assert.equal(
      (await publishAtTikTok(server, body.publish_id)).upload?.sha256,
      await sha256Hex(video),
      "TikTok holds the draft byte for byte",
    );
    assert.equal(await initsAtTikTok(server, me), 1);
    const [listed] = await postsOf(me);
    assert.deepEqual(
      [listed.state, listed.source, listed.post_mode],
      ["done", "FILE_UPLOAD", "MEDIA_UPLOAD"],
    );
  });
});

Deno.test("auto: a draft whose pull TikTok refuses (url_ownership_unverified) is sent by FILE_UPLOAD through the inbox init", async () => {
  await withFilePoster(
    "draft_auto_unverified",
    "auto",
    {},
    async ({ server, me }) => {
      await me.sandbox({ url_prefix_verified: false });
      const body = await postDraft(me);
      assert.match(String(body.publish_id), /^v_inbox_file~/);
      assert.equal(
        await initsAtTikTok(server, me),
        1,
        "the refused pull made none",
      );
      const end = await followToEnd(server, me, body.publish_id);
      assert.deepEqual([end.status, end.state, end.source], [
        "SEND_TO_USER_INBOX",
        "done",
        "FILE_UPLOAD",
      ]);
      assert.equal((await postsOf(me)).length, 1, "one post record");
    },
  );
});

Deno.test("auto: a draft whose pull ends video_pull_failed goes on as a FILE_UPLOAD draft, only once TikTok says FAILED, once", async () => {
  await withFilePoster(
    "draft_auto_pull_failed",
    "auto",
    {},
    async ({ server, me }) => {
      await me.sandbox({ faults: [{ fault: "pull_failed" }] });
      const body = await postDraft(me);
      const pullId = body.publish_id;
      assert.match(String(pullId), /^v_inbox_url~/);

      // TikTok is still downloading: no second publish may start.
      await stillDownloading(server, me, pullId);

      await followAMinuteLater(server);
      assert.equal(await initsAtTikTok(server, me), 2);
      const [post] = await postsOf(me);
      assert.match(String(post.publish_id), /^v_inbox_file~/);
      assert.deepEqual([post.state, post.source, post.post_mode], [
        "pending",
        "FILE_UPLOAD",
        "MEDIA_UPLOAD",
      ]);
      const end = await followToEnd(server, me, pullId);
      assert.deepEqual([end.status, end.state, end.source], [
        "SEND_TO_USER_INBOX",
        "done",
        "FILE_UPLOAD",
      ]);
      // Further rounds start nothing more: one draft reached the inbox.
      await followAMinuteLater(server);
      await fileUploadsSettled();
      assert.equal(await initsAtTikTok(server, me), 2, "one fallback");
      assert.equal(
        (await publishAtTikTok(server, pullId)).status,
        "FAILED",
        "the pull's publish ended, never delivered",
      );
      assert.equal(
        (await publishAtTikTok(server, post.publish_id)).status,
        "SEND_TO_USER_INBOX",
      );
      assert.equal((await postsOf(me)).length, 1);
    },
  );
});

Deno.test("pull mode leaves drafts pulled: a draft whose pull fails stays failed, one init", async () => {
  await withFilePoster("draft_pull", "pull", {}, async ({ server, me }) => {
    await me.sandbox({ faults: [{ fault: "pull_failed" }] });
    const body = await postDraft(me);
    assert.match(String(body.publish_id), /^v_inbox_url~/);
    const end = await followToEnd(server, me, body.publish_id);
    assert.deepEqual([end.state, end.fail_reason, end.source], [
      "failed",
      "video_pull_failed",
      "PULL_FROM_URL",
    ]);
    assert.equal(await initsAtTikTok(server, me), 1, "no fallback");
  });
});
