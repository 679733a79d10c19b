/**
 * The sandbox's publish endpoints: creator_info, video init (PULL_FROM_URL
 * or FILE_UPLOAD, whose upload_url is sandbox_upload_route.ts), inbox video
 * init (drafts, pulled or FILE_UPLOAD) and photo content init (DIRECT_POST
 * or MEDIA_UPLOAD). An accepted init records a publish in
 * PROCESSING_DOWNLOAD (PROCESSING_UPLOAD for a file) for the status
 * endpoint to advance. An unaudited simulated app
 * posts only to private accounts, and only privately
 * (docs/sandbox.md#unaudited-app).
 * @module
 */
import type { Context, Hono } from "hono";
import { getTyped } from "../../lib/kv_keys.ts";
import type { Clock } from "../../lib/clock.ts";
import { sandboxKeys } from "./sandbox_keys.ts";
import type { SandboxPublish, SandboxToken } from "./sandbox_records.ts";
import {
  authorizePosting,
  grantHasScope,
  replyScopeNotAuthorized,
} from "./sandbox_authorize.ts";
import type { PostingEndpoint } from "./sandbox_authorize.ts";
import { getSandboxSettings, privacyOptions } from "./sandbox_settings.ts";
import {
  answerInitFault,
  answerStallFault,
  CANNOT_POST_MESSAGES,
  replyInboxFull,
  replyUnaudited,
  takePlannedFailure,
  takePullFailure,
} from "./sandbox_faults.ts";
import { UPLOAD_URL_VALID_MS, uploadFilePath } from "./sandbox_upload_route.ts";
import {
  readInboxVideoInit,
  readPhotoInit,
  readVideoInit,
} from "./sandbox_init_bodies.ts";
import { takeInboxShare } from "./sandbox_inbox.ts";
import type { InitRequest, InvalidInit } from "./sandbox_init_bodies.ts";
import { replyError, replyOk } from "./sandbox_reply.ts";

export interface PublishRoutesOptions {
  kv: Deno.Kv;
  clock: Clock;
  /** URL prefixes "verified" for PULL_FROM_URL (our FILES_BASE_URL). */
  verifiedUrlPrefixes: string[];
  /** How long the timeout fault stalls (longer than PM3K's client timeout). */
  stallMs?: number;
  /** Where FILE_UPLOAD chunks are assembled (a temporary directory if unset). */
  uploadDir?: string;
  /** Whether the simulated TikTok app passed TikTok's audit (default true). */
  appAudited?: boolean;
}

/** Adds creator_info and the three init endpoints to the sandbox app. */
export function addPublishRoutes(
  app: Hono,
  options: PublishRoutesOptions,
): void {
  const { kv, clock } = options;

  app.post("/v2/post/publish/creator_info/query", async (c) => {
    const grant = await authorizePosting(c, options, "creator_info");
    if (grant instanceof Response) return grant;
    const fault = await answerStallFault(
      c,
      options,
      grant.openId,
      "creator_info_timeout",
    );
    if (fault) return fault;
    const settings = await getSandboxSettings(kv, grant.openId);
    if (settings.creatorInfoError) {
      // TikTok's "cannot post now" comes with HTTP 200 on creator_info.
      return replyError(
        c,
        clock,
        200,
        settings.creatorInfoError,
        CANNOT_POST_MESSAGES[settings.creatorInfoError],
      );
    }
    const user = await getTyped(kv, sandboxKeys.user(grant.openId));
    const base = new URL(c.req.url);
    const avatar = user.value
      ? `${base.origin}${
        base.pathname.replace(/\/v2\/post\/.*$/, "")
      }/avatars/${encodeURIComponent(user.value.username)}.svg`
      : "";
    return replyOk(c, clock, {
      creator_avatar_url: avatar,
      creator_username: user.value?.username ?? "",
      creator_nickname: user.value?.displayName ?? "",
      privacy_level_options: privacyOptions(settings),
      comment_disabled: settings.commentDisabled === true,
      duet_disabled: settings.privateAccount,
      stitch_disabled: settings.privateAccount,
      max_video_post_duration_sec: settings.maxVideoPostDurationSec,
    });
  });

  /** One init endpoint: authorize, read the body, start the publish. */
  function initRoute(
    path: string,
    endpoint: PostingEndpoint,
    kind: SandboxPublish["kind"],
    read: (body: unknown) => InitRequest | InvalidInit,
  ): void {
    app.post(path, async (c) => {
      const grant = await authorizePosting(c, options, endpoint);
      if (grant instanceof Response) return grant;
      const request = read(await c.req.json().catch(() => null));
      if ("invalid" in request) {
        return replyError(c, clock, 400, "invalid_param", request.invalid);
      }
      return startPublish(c, options, grant, kind, request);
    });
  }

  initRoute(
    "/v2/post/publish/video/init",
    "video_init",
    "video",
    readVideoInit,
  );
  initRoute(
    "/v2/post/publish/inbox/video/init",
    "inbox_video_init",
    "video",
    readInboxVideoInit,
  );
  initRoute(
    "/v2/post/publish/content/init",
    "content_init",
    "photo",
    readPhotoInit,
  );
}

/**
 * Checks an init as TikTok does after its body (the mode's scope, queued
 * faults, an unaudited app's private-only rule, privacy among the creator's
 * options, URL ownership, the pending-draft cap) and records the publish.
 */
async function startPublish(
  c: Context,
  options: PublishRoutesOptions,
  grant: SandboxToken,
  kind: SandboxPublish["kind"],
  { urls, postInfo, photoCoverIndex, upload, draft: isDraft }: InitRequest,
): Promise<Response> {
  const { kv, clock } = options;
  const draft = isDraft === true;
  if (!grantHasScope(grant, draft ? "video.upload" : "video.publish")) {
    return replyScopeNotAuthorized(c, clock);
  }
  const fault = await answerInitFault(c, options, grant.openId);
  if (fault) return fault;
  const settings = await getSandboxSettings(kv, grant.openId);
  const audited = options.appAudited ?? true;
  if (!audited && !draft && !settings.privateAccount) {
    return replyUnaudited(c, clock);
  }
  // Drafts take no privacy: the creator picks it in TikTok. An unaudited
  // app's posts are kept private whatever it asked.
  const asked = String(postInfo?.privacy_level ?? "");
  const privacy = draft ? "" : audited ? asked : "SELF_ONLY";
  if (!draft && !privacyOptions(settings).includes(asked)) {
    return replyError(
      c,
      clock,
      403,
      "privacy_level_option_mismatch",
      "privacy_level is missing or not one of the creator's options.",
    );
  }
  const ownsUrl = (url: string) =>
    !settings.urlPrefixUnverified &&
    options.verifiedUrlPrefixes.some((p) => url.startsWith(p));
  if (urls.some((u) => !ownsUrl(u))) {
    return replyError(
      c,
      clock,
      403,
      "url_ownership_unverified",
      "Please review our URL ownership verification rules.",
    );
  }
  const publishId = newPublishId(kind, draft, upload !== undefined);
  if (draft && !(await takeInboxShare(kv, clock, grant.openId, publishId))) {
    return replyInboxFull(c, clock);
  }
  const plannedFailure = await takePlannedFailure(kv, grant.openId) ??
    (kind === "video" && !upload
      ? await takePullFailure(kv, grant.openId)
      : null);
  const uploadToken = upload ? crypto.randomUUID() : null;
  const publish: SandboxPublish = {
    publishId,
    openId: grant.openId,
    kind,
    mode: draft ? "MEDIA_UPLOAD" : "DIRECT_POST",
    urls,
    privacyLevel: privacy,
    title: String(postInfo?.title ?? ""),
    createdAt: clock.now(),
    status: upload ? "PROCESSING_UPLOAD" : "PROCESSING_DOWNLOAD",
    failReason: null,
    downloadedBytes: 0,
    postId: null,
    statusCalls: 0,
    plannedFailure,
    postInfo,
    photoCoverIndex,
    source: upload ? "FILE_UPLOAD" : "PULL_FROM_URL",
    ...(upload
      ? {
        upload: {
          ...upload,
          received: 0,
          expiresAt: clock.now() + UPLOAD_URL_VALID_MS,
          file: await uploadFilePath(options, publishId),
        },
      }
      : {}),
  };
  const op = kv.atomic()
    .set(sandboxKeys.publish(publish.publishId), publish)
    .sum(sandboxKeys.initCount(grant.openId), 1n);
  if (uploadToken) {
    op.set(sandboxKeys.uploadTarget(uploadToken), publishId, {
      expireIn: UPLOAD_URL_VALID_MS * 2,
    });
  }
  await op.commit();
  if (!uploadToken) return replyOk(c, clock, { publish_id: publishId });
  // The upload_url sits beside the API, as TikTok's on its upload host.
  const base = c.req.url.split("/v2/post/publish/")[0];
  return replyOk(c, clock, {
    publish_id: publishId,
    upload_url: `${base}/upload/?upload_id=${uploadToken}`,
  });
}

/**
 * A publish_id of TikTok's shape: v_pub_url~v2.…, v_pub_file~v2-1.… or
 * p_pub_url~v2.…, and v_inbox_url~v2.… or v_inbox_file~v2-1.…
 * (p_inbox_url~v2.… for photos) for drafts.
 */
function newPublishId(
  kind: SandboxPublish["kind"],
  draft: boolean,
  file: boolean,
): string {
  const n = Array.from(
    crypto.getRandomValues(new Uint8Array(16)),
    (b) => b % 10,
  ).join("");
  if (file) return `v_${draft ? "inbox" : "pub"}_file~v2-1.${n}`;
  return `${kind === "video" ? "v" : "p"}_${
    draft ? "inbox" : "pub"
  }_url~v2.${n}`;
}
