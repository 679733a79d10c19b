/**
 * The sandbox's status endpoint. Each fetch advances the publish as TikTok
 * does: the first pulls the media (PROCESSING_DOWNLOAD), the next settles it
 * as PUBLISH_COMPLETE with a post id (a draft: SEND_TO_USER_INBOX, where it
 * stays, as the simulated creator never finishes it), or FAILED with the
 * pull's or a planned fail reason. A FILE_UPLOAD stays PROCESSING_UPLOAD
 * until its last chunk. A publish can also be settled at once by the admin
 * endpoint (`settlePublishNow`, a FILE_UPLOAD once TikTok holds the whole
 * file), as TikTok finishing on its own; either way
 * its final state is sent as TikTok's webhook events (sandbox_webhooks.ts).
 * @module
 */
import type { Hono } from "hono";
import { z } from "zod";
import { getTyped } from "../../lib/kv_keys.ts";
import { sandboxKeys } from "./sandbox_keys.ts";
import type { SandboxPublish } from "./sandbox_records.ts";
import { authorizePosting } from "./sandbox_authorize.ts";
import { pullMedia } from "./sandbox_pull.ts";
import { replyError } from "./sandbox_reply.ts";
import { newLogId } from "./sandbox_store.ts";
import { sendPublishEvents } from "./sandbox_webhooks.ts";
import type { SandboxWebhookOptions } from "./sandbox_webhooks.ts";
import { createHash } from "node:crypto";
import { readTikTokBody } from "./sandbox_json_body.ts";

/** The status fetch's body: the publish_id init gave, nothing else. */
const StatusBody = z.strictObject({ publish_id: z.string() });

/** Adds /v2/post/publish/status/fetch to the sandbox app. */
export function addStatusRoute(
  app: Hono,
  options: SandboxWebhookOptions,
): void {
  const { kv, clock } = options;
  app.post("/v2/post/publish/status/fetch", async (c) => {
    const grant = await authorizePosting(c, options, "status");
    if (grant instanceof Response) return grant;
    const read = await readTikTokBody(c, clock, StatusBody);
    if (read instanceof Response) return read;
    const entry = await getTyped(kv, sandboxKeys.publish(read.data.publish_id));
    if (!entry.value) {
      return replyError(
        c,
        clock,
        400,
        "invalid_publish_id",
        "The publish_id does not exist.",
      );
    }
    if (entry.value.openId !== grant.openId) {
      return replyError(
        c,
        clock,
        400,
        "token_not_authorized_for_specified_publish_id",
        "The token is not authorized for this publish_id.",
      );
    }
    let publish = await advance(entry.value);
    const op = kv.atomic().check(entry).set(entry.key, publish);
    if (entry.value.status !== "PUBLISH_COMPLETE") recordPublished(op, publish);
    if (!(await op.commit()).ok) {
      // A concurrent fetch advanced it first: answer with what it stored.
      publish = (await getTyped(kv, sandboxKeys.publish(publish.publishId)))
        .value!;
    } else if (publish.status !== entry.value.status) {
      // TikTok's events go out when the publish ends, before this answer.
      await sendPublishEvents(options, publish);
    }
    return c.body(statusJson(publish, newLogId(clock)), 200, {
      "Content-Type": "application/json; charset=UTF-8",
    });
  });
}

/**
 * Counts a publish that just completed and records its video under its post
 * id (what video query looks up); nothing for any other state.
 */
function recordPublished(op: Deno.AtomicOperation, publish: SandboxPublish) {
  if (publish.status !== "PUBLISH_COMPLETE" || !publish.postId) return;
  op.sum(sandboxKeys.postCount(publish.openId), 1n)
    .set(sandboxKeys.video(publish.postId), publish.publishId);
}

/** The publish after one more status fetch (the first one pulls the media). */
async function advance(previous: SandboxPublish): Promise<SandboxPublish> {
  const publish: SandboxPublish = {
    ...previous,
    statusCalls: previous.statusCalls + 1,
  };
  if (publish.upload) return await advanceUpload(publish, publish.upload);
  if (publish.statusCalls === 1) {
    // First look: TikTok is downloading. The sandbox really pulls the files now.
    await pull(publish);
  } else if (publish.status === "PROCESSING_DOWNLOAD") {
    finish(publish);
  }
  return publish;
}

async function pull(publish: SandboxPublish): Promise<void> {
  const pulled = await pullMedia(publish);
  publish.downloadedBytes = pulled.bytes;
  publish.failReason = pulled.failReason ?? publish.plannedFailure;
}

function finish(publish: SandboxPublish): void {
  publish.status = publish.failReason
    ? "FAILED"
    : publish.mode === "MEDIA_UPLOAD"
    ? "SEND_TO_USER_INBOX"
    : "PUBLISH_COMPLETE";
  if (publish.status === "PUBLISH_COMPLETE") publish.postId = newPostId();
}

/**
 * Settles a publish now, as TikTok finishing without being asked: pulls
 * the media if no status fetch did (a FILE_UPLOAD: processes the file, once
 * every chunk is in), ends it, and sends its events. A publish already
 * final, or a FILE_UPLOAD still missing chunks (TikTok cannot finish what
 * it lacks), is answered as it is (no events); null when there is no such
 * publish.
 */
export async function settlePublishNow(
  options: SandboxWebhookOptions,
  publishId: string,
): Promise<SandboxPublish | null> {
  const { kv } = options;
  for (;;) {
    const entry = await getTyped(kv, sandboxKeys.publish(publishId));
    if (!entry.value) return null;
    const publish: SandboxPublish = { ...entry.value };
    const upload = publish.upload;
    if (upload) {
      if (
        publish.status !== "PROCESSING_UPLOAD" ||
        upload.received < upload.videoSize
      ) return entry.value;
      // Processes the assembled file first, as the status route would.
      if (upload.sha256 === undefined) await advanceUpload(publish, upload);
      finish(publish);
    } else {
      if (publish.status !== "PROCESSING_DOWNLOAD") return entry.value;
      if (publish.statusCalls === 0) {
        await pull(publish);
        publish.statusCalls = 1;
      }
      finish(publish);
    }
    const op = kv.atomic().check(entry).set(entry.key, publish);
    recordPublished(op, publish);
    if (!(await op.commit()).ok) continue;
    await sendPublishEvents(options, publish);
    return publish;
  }
}

/**
 * A FILE_UPLOAD after one more fetch: PROCESSING_UPLOAD until every chunk
 * is in; the first fetch after that processes the assembled file (as a
 * pull would: its hash, a video container's first bytes), the next settles.
 */
async function advanceUpload(
  publish: SandboxPublish,
  upload: NonNullable<SandboxPublish["upload"]>,
): Promise<SandboxPublish> {
  if (upload.received < upload.videoSize) return publish;
  if (upload.sha256 === undefined) {
    const processed = await processUploadedFile(upload.file);
    publish.upload = { ...upload, ...processed };
    publish.failReason = processed.looksLikeVideo
      ? publish.plannedFailure
      : "file_format_check_failed";
  } else if (publish.status === "PROCESSING_UPLOAD") {
    finish(publish);
  }
  return publish;
}

/**
 * The assembled file's SHA-256 and whether it starts like an MP4/MOV
 * (`ftyp` box) or WebM (EBML); the file is deleted after.
 */
async function processUploadedFile(
  file: string,
): Promise<{ sha256: string; looksLikeVideo: boolean }> {
  const hash = createHash("sha256");
  const head = new Uint8Array(12);
  let headBytes = 0;
  const handle = await Deno.open(file, { read: true });
  for await (const piece of handle.readable) {
    const take = piece.subarray(0, head.length - headBytes);
    head.set(take, headBytes);
    headBytes += take.length;
    hash.update(piece);
  }
  await Deno.remove(file).catch((error) => {
    // A leftover temporary file is harmless; the answer is what matters.
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
  const box = new TextDecoder().decode(head.subarray(4, 8));
  const ebml = head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf &&
    head[3] === 0xa3;
  return { sha256: hash.digest("hex"), looksLikeVideo: box === "ftyp" || ebml };
}

/**
 * The status answer, written by hand so the post id goes out as a 19-digit
 * JSON number, as TikTok sends it. The post id is public only for a complete
 * PUBLIC_TO_EVERYONE post.
 */
export function statusJson(publish: SandboxPublish, logId: string): string {
  const visible = publish.status === "PUBLISH_COMPLETE" &&
      publish.privacyLevel === "PUBLIC_TO_EVERYONE"
    ? publish.postId
    : null;
  return `{"data":{"status":${JSON.stringify(publish.status)},` +
    (publish.status === "FAILED"
      ? `"fail_reason":${JSON.stringify(publish.failReason)},`
      : "") +
    `"publicaly_available_post_id":[${visible ?? ""}],` +
    (publish.upload
      ? `"uploaded_bytes":${publish.upload.received}},`
      : `"downloaded_bytes":${publish.downloadedBytes}},`) +
    `"error":{"code":"ok","message":"","log_id":${JSON.stringify(logId)}}}`;
}

/** 19 random digits, the shape of TikTok's post ids. */
function newPostId(): string {
  const digits = Array.from(
    crypto.getRandomValues(new Uint8Array(18)),
    (b) => b % 10,
  ).join("");
  return `7${digits}`;
}
