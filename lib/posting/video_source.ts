/**
 * How a video reaches TikTok (docs/posting.md#video-source): PULL_FROM_URL
 * (TikTok downloads our storage URL) or FILE_UPLOAD (PM3K sends the file in
 * chunks), chosen by TIKTOK_VIDEO_SOURCE, for Direct Posts and drafts
 * alike (a draft's init is TikTok's inbox init). In `auto` a post pulls
 * first and falls back to a file upload for the same post only when the
 * pull cannot post: init answered `url_ownership_unverified` (no publish
 * was made), or the publish ended FAILED with `video_pull_failed` (TikTok's
 * final word). Never on a timeout or while TikTok is still downloading:
 * that pull may still complete, and a second publish would post twice.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { errorFields } from "../runtime/logger.ts";
import { TikTokApiError } from "../tiktok/tiktok_api_error.ts";
import { fileSourceInfo } from "../tiktok/content_client.ts";
import type { VideoPostInfo } from "../tiktok/post_info_record.ts";
import {
  chunkPlan,
  FileUploadError,
  uploadChunks,
} from "../tiktok/file_upload.ts";
import type { ChunkPlan } from "../tiktok/file_upload.ts";
import { getAccount } from "../accounts/accounts_store.ts";
import { accessTokenFor } from "./tiktok_session.ts";
import { claimFallback, recordFallback } from "./fallback_claim.ts";
import type { PostRecord, VideoSource } from "./post_record.ts";

/** How long TikTok's upload_url takes chunks after the init. */
export const UPLOAD_URL_VALID_MS = 3600_000;

/**
 * How long the record of a stopped upload is kept: the follower reads it
 * within minutes; a week outlasts any follower backlog.
 */
export const UPLOAD_FAILURE_KEPT_MS = 7 * 24 * 3600_000;

/** The first status check of a FILE_UPLOAD fallback made by the follower. */
const FALLBACK_FIRST_CHECK_MS = 5_000;
/** The next check of a post whose fallback init another follower makes. */
const FALLBACK_WAIT_MS = 5_000;

/** What starting and sending a file upload uses. */
export type VideoSourceDeps = Pick<
  AppDeps,
  | "config"
  | "kv"
  | "clock"
  | "log"
  | "storage"
  | "tiktokContent"
  | "fileUpload"
  | "allowLoopback"
>;

/**
 * Which init a video goes to: a Direct Post's video init with its
 * post_info, or a draft's inbox init (source_info only).
 */
export type VideoTarget =
  | { postMode: "DIRECT_POST"; postInfo: VideoPostInfo }
  | { postMode: "MEDIA_UPLOAD" };

/** A FILE_UPLOAD TikTok accepted, whose chunks are still to send. */
export interface StartedUpload {
  publishId: string;
  uploadUrl: string;
  plan: ChunkPlan;
  /** The video's key in storage. */
  key: string;
  contentType: string;
  /** When the upload_url stops taking chunks. */
  uploadUntil: number;
}

/** The source a new video post starts with. */
export function firstVideoSource(
  config: Pick<AppDeps["config"], "tiktokVideoSource">,
): VideoSource {
  return config.tiktokVideoSource === "file" ? "FILE_UPLOAD" : "PULL_FROM_URL";
}

/**
 * The init a stored video post goes to again for a file upload; null for a
 * post that cannot fall back (a photo, or a Direct Post video recorded
 * without its post_info flags).
 */
export function videoTargetOf(post: PostRecord): VideoTarget | null {
  if (post.kind !== "video") return null;
  if (post.postMode === "MEDIA_UPLOAD") return { postMode: "MEDIA_UPLOAD" };
  return post.videoFlags
    ? {
      postMode: "DIRECT_POST",
      postInfo: { ...post.videoFlags, title: post.title },
    }
    : null;
}

/**
 * Whether TIKTOK_VIDEO_SOURCE=auto answers this pull's FAILED status with
 * a file upload of the same post (the follower starts it; TikTok's event
 * only makes the post due): the one rule both paths ask. Only a pending
 * post falls back: one that already ended (publish_timeout) keeps its end,
 * and a late FAILED only replaces its fail_reason (docs/posting.md#following-publishes).
 */
export function fallsBackToFile(
  config: Pick<AppDeps["config"], "tiktokVideoSource">,
  post: PostRecord,
  observed: { status: string | null; failReason: string | null },
): boolean {
  return post.state === "pending" && observed.status === "FAILED" &&
    observed.failReason === "video_pull_failed" &&
    (post.source ?? "PULL_FROM_URL") === "PULL_FROM_URL" &&
    config.tiktokVideoSource === "auto" && videoTargetOf(post) !== null;
}

/** A video init, by the configured source, with `auto`'s init fallback. */
export async function initVideoBySource(
  deps: VideoSourceDeps,
  accessToken: string,
  target: VideoTarget,
  mediaUrl: string,
  context: { openId: string; postId: string },
): Promise<{
  publishId: string;
  source: VideoSource;
  started: StartedUpload | null;
}> {
  if (deps.config.tiktokVideoSource !== "file") {
    try {
      const publishId = target.postMode === "DIRECT_POST"
        ? await deps.tiktokContent.initVideo(
          accessToken,
          target.postInfo,
          mediaUrl,
        )
        : (await deps.tiktokContent.initInboxVideo(accessToken, {
          source: "PULL_FROM_URL",
          video_url: mediaUrl,
        })).publishId;
      return { publishId, source: "PULL_FROM_URL", started: null };
    } catch (error) {
      // Refused before any publish existed: a file upload cannot double it.
      const unverified = error instanceof TikTokApiError &&
        error.tiktokCode === "url_ownership_unverified";
      if (deps.config.tiktokVideoSource !== "auto" || !unverified) throw error;
      deps.log({
        level: "info",
        message:
          "TikTok refused to pull from FILES_BASE_URL (url_ownership_unverified); uploading the file instead",
        open_id: context.openId,
        post_id: context.postId,
        post_mode: target.postMode,
      });
    }
  }
  const started = await initFileUpload(deps, accessToken, target, mediaUrl);
  return { publishId: started.publishId, source: "FILE_UPLOAD", started };
}

/**
 * TikTok's FILE_UPLOAD init for the stored video at `mediaUrl`: the video
 * init for a Direct Post, the inbox init for a draft.
 */
export async function initFileUpload(
  deps: VideoSourceDeps,
  accessToken: string,
  target: VideoTarget,
  mediaUrl: string,
): Promise<StartedUpload> {
  const key = deps.storage.keyFromPublicUrl(mediaUrl);
  const info = key === null ? null : await deps.storage.head(key);
  if (key === null || info === null) {
    throw new Error(`The video to upload is not in storage: ${mediaUrl}`);
  }
  const plan = chunkPlan(info.size, deps.fileUpload?.chunkBytes);
  const { publishId, uploadUrl } = target.postMode === "DIRECT_POST"
    ? await deps.tiktokContent.initVideoFile(
      accessToken,
      target.postInfo,
      plan,
    )
    : await deps.tiktokContent.initInboxVideo(
      accessToken,
      fileSourceInfo(plan),
    );
  return {
    publishId,
    // The inbox init's answer is checked to carry one for FILE_UPLOAD.
    uploadUrl: uploadUrl!,
    plan,
    key,
    contentType: info.contentType,
    uploadUntil: deps.clock.now() + UPLOAD_URL_VALID_MS,
  };
}

/** Uploads this process is sending, with what stops each. */
const inFlight = new Map<Promise<void>, AbortController>();

/**
 * Sends the file's chunks beside the request or follower round that
 * started it. Never throws: an upload that stops short is recorded for the
 * follower, which fails the post once TikTok confirms it lacks the file.
 */
export function sendFileInBackground(
  deps: VideoSourceDeps & Pick<AppDeps, "enqueueFollow">,
  post: Pick<PostRecord, "id" | "openId">,
  started: StartedUpload,
): void {
  const stop = new AbortController();
  const work = sendFile(deps, post, started, stop.signal).finally(() =>
    inFlight.delete(work)
  );
  inFlight.set(work, stop);
}

/** Resolves once every upload this process started has ended. */
export async function fileUploadsSettled(): Promise<void> {
  while (inFlight.size > 0) await Promise.all([...inFlight.keys()]);
}

/**
 * Cuts every upload of this process as a shutdown or crash does: nothing
 * is recorded, and each post is settled by its follower (a stopped upload
 * fails once its upload_url has ended).
 */
export async function stopFileUploads(): Promise<void> {
  for (const stop of inFlight.values()) {
    stop.abort(new Error("the process is stopping"));
  }
  await fileUploadsSettled();
}

async function sendFile(
  deps: VideoSourceDeps & Pick<AppDeps, "enqueueFollow">,
  post: Pick<PostRecord, "id" | "openId">,
  started: StartedUpload,
  signal: AbortSignal,
): Promise<void> {
  const context = { open_id: post.openId, post_id: post.id };
  try {
    await uploadChunks({
      uploadUrl: started.uploadUrl,
      allowLoopback: deps.allowLoopback,
      plan: started.plan,
      contentType: started.contentType,
      read: async (start, end) => {
        const got = await deps.storage.get(started.key, { start, end });
        if (!got) throw new Error(`${started.key} vanished from storage`);
        // A store that ignores Range answers the whole object: its first
        // bytes would go to TikTok as this chunk.
        if (got.range?.start !== start || got.range.end !== end) {
          await got.body.cancel();
          throw new Error(
            `Storage answered ${
              got.range
                ? `bytes ${got.range.start}-${got.range.end}`
                : "no range"
            } for the chunk's bytes ${start}-${end}`,
          );
        }
        return got.body;
      },
      attempts: deps.fileUpload?.attempts,
      retryBaseMs: deps.fileUpload?.retryBaseMs,
      deadline: started.uploadUntil,
      now: () => deps.clock.now(),
      signal,
    });
    deps.log({
      level: "info",
      message: "file upload to TikTok complete",
      ...context,
      publish_id: started.publishId,
      bytes: started.plan.videoSize,
      chunks: started.plan.totalChunkCount,
    });
  } catch (error) {
    if (signal.aborted) {
      deps.log({
        level: "warn",
        message:
          "file upload to TikTok cut by shutdown; the post fails once its upload_url ends",
        ...context,
        publish_id: started.publishId,
      });
      return;
    }
    deps.log({
      level: "warn",
      message:
        "file upload to TikTok stopped; the post fails at its next check",
      ...context,
      publish_id: started.publishId,
      ...errorFields(error),
    });
    const reason = error instanceof FileUploadError ? error.reason : "storage";
    await recordUploadFailure(deps, post.id, started.publishId, {
      reason,
      message: error instanceof Error ? error.message : String(error),
    }).catch((e) =>
      deps.log({
        level: "error",
        message:
          "recording a stopped file upload failed; the post fails when its upload_url ends",
        ...context,
        ...errorFields(e),
      })
    );
  }
}

/** Records the failure and brings the post's next check forward to now. */
async function recordUploadFailure(
  deps: Pick<AppDeps, "kv" | "clock" | "log" | "enqueueFollow">,
  postId: string,
  publishId: string,
  failure: { reason: string; message: string },
): Promise<void> {
  const { kv, clock } = deps;
  // Only beside its post: the post (and its account) may have been deleted
  // while the chunks went (docs/accounts.md#deleting-an-account), and a
  // mark written after would name its publish for a week.
  for (let attempt = 0; attempt < 10; attempt++) {
    const post = await getTyped(kv, keys.post(postId));
    if (!post.value) return;
    const res = await kv.atomic().check(post)
      .set(keys.postUploadFailure(postId), {
        publishId,
        ...failure,
        at: clock.now(),
      }, { expireIn: UPLOAD_FAILURE_KEPT_MS })
      .commit();
    if (res.ok) break;
  }
  for (let attempt = 0; attempt < 10; attempt++) {
    const entry = await getTyped(kv, keys.post(postId));
    const post = entry.value;
    const now = clock.now();
    if (
      !post || post.publishId !== publishId || post.nextCheckAt === null ||
      post.nextCheckAt <= now
    ) break;
    const res = await kv.atomic().check(entry)
      .set(entry.key, { ...post, nextCheckAt: now })
      .delete(keys.postFollow(post.nextCheckAt, postId))
      .set(keys.postFollow(now, postId), true)
      .commit();
    if (res.ok) break;
  }
  await deps.enqueueFollow?.(postId, 0);
}

/**
 * The follower's say on a checked post (`next`: as TikTok's status left
 * it). A FILE_UPLOAD TikTok still lacks fails once its upload stopped or
 * its upload_url ended (no chunk can land after either, so it can never
 * post). In `auto`, a pull that ended `video_pull_failed` becomes a new
 * FILE_UPLOAD publish of the same post: `started` is then set and its
 * chunks are to be sent once `next` is stored.
 */
export async function judgeVideoSource(
  deps: VideoSourceDeps & Pick<AppDeps, "tokenKey" | "tiktokOAuth">,
  post: PostRecord,
  next: PostRecord,
  now: number,
): Promise<{ next: PostRecord; started: StartedUpload | null }> {
  const source = post.source ?? "PULL_FROM_URL";
  // Judged on TikTok's fresh word only: a failed status call keeps the
  // post's last answer (the same raw object) and decides nothing.
  const answered = next.raw !== post.raw;
  if (
    answered && source === "FILE_UPLOAD" &&
    next.tiktokStatus === "PROCESSING_UPLOAD"
  ) {
    const mark = (await getTyped(deps.kv, keys.postUploadFailure(post.id)))
      .value;
    const stopped = mark?.publishId === post.publishId;
    if (!stopped && now < (post.uploadUntil ?? Infinity)) {
      return { next, started: null };
    }
    return {
      next: {
        ...next,
        state: "failed",
        tiktokStatus: "FAILED",
        failReason: stopped ? "file_upload_failed" : "file_upload_incomplete",
        nextCheckAt: null,
      },
      started: null,
    };
  }
  const target = videoTargetOf(post);
  if (
    !answered || !target ||
    !fallsBackToFile(deps.config, post, {
      status: next.tiktokStatus,
      failReason: next.failReason,
    })
  ) {
    return { next, started: null };
  }
  // One fallback init per post, whoever else saw the pull fail.
  const turn = await claimFallback(deps, post, now);
  if (turn.kind === "adopt") {
    return { next: onFileUpload(post, next, turn.started, now), started: null };
  }
  if (turn.kind === "wait") {
    return {
      next: { ...next, state: "pending", nextCheckAt: now + FALLBACK_WAIT_MS },
      started: null,
    };
  }
  if (turn.kind === "gave_up") return { next, started: null };
  let started: StartedUpload;
  try {
    const account = await getAccount(deps, post.openId);
    if (!account) throw new Error("account vanished");
    started = await initFileUpload(
      deps,
      await accessTokenFor(deps, account),
      target,
      post.mediaUrls[0],
    );
  } catch (error) {
    // The pull's failure stands: the post fails with video_pull_failed.
    deps.log({
      level: "warn",
      message:
        "falling back to a file upload after video_pull_failed failed; the post fails",
      open_id: post.openId,
      post_id: post.id,
      ...errorFields(error),
    });
    const recorded = await recordFallback(deps, post, turn, {
      started: null,
      gaveUp: true,
    });
    return recorded ? { next, started: null } : {
      next: { ...next, state: "pending", nextCheckAt: now + FALLBACK_WAIT_MS },
      started: null,
    };
  }
  const fallback = {
    publishId: started.publishId,
    uploadUntil: started.uploadUntil,
  };
  if (
    !(await recordFallback(deps, post, turn, {
      started: fallback,
      gaveUp: false,
    }))
  ) {
    // Presumed dead and taken over: this publish gets no chunk, so it
    // never posts; the one who took over decides.
    deps.log({
      level: "warn",
      message:
        "a file upload fallback took too long and was taken over; its publish is left unsent",
      open_id: post.openId,
      post_id: post.id,
      publish_id: started.publishId,
    });
    return {
      next: { ...next, state: "pending", nextCheckAt: now + FALLBACK_WAIT_MS },
      started: null,
    };
  }
  deps.log({
    level: "info",
    message: "TikTok could not pull the video; uploading the file instead",
    open_id: post.openId,
    post_id: post.id,
    publish_id: started.publishId,
    earlier_publish_id: post.publishId,
  });
  return { next: onFileUpload(post, next, fallback, now), started };
}

/** The post moved onto its fallback's FILE_UPLOAD publish. */
function onFileUpload(
  post: PostRecord,
  next: PostRecord,
  fallback: { publishId: string; uploadUntil: number },
  now: number,
): PostRecord {
  return {
    ...next,
    state: "pending",
    publishId: fallback.publishId,
    earlierPublishIds: [...(post.earlierPublishIds ?? []), post.publishId!],
    source: "FILE_UPLOAD",
    uploadUntil: fallback.uploadUntil,
    tiktokStatus: "PROCESSING_UPLOAD",
    failReason: null,
    raw: null,
    nextCheckAt: now + FALLBACK_FIRST_CHECK_MS,
  };
}
