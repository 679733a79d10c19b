/**
 * TikTok Content Posting API client (docs/tiktok.md#content-posting-api):
 * creator_info, video init (PULL_FROM_URL or FILE_UPLOAD), inbox video
 * init (drafts), content init for photos (DIRECT_POST or MEDIA_UPLOAD),
 * status fetch, and the video query of published videos' counts. Reads `error.code`, never the HTTP status
 * alone (TikTok sends some errors with HTTP 200), and keeps 19-digit post
 * ids exact.
 * @module
 */
import { TikTokApiError } from "./tiktok_api_error.ts";
import { parseJsonExact } from "./exact_json.ts";

import type { CreatorInfo } from "./creator_info_record.ts";
import { creatorInfoFromFields } from "./creator_info_fields.ts";
import type { ChunkPlan } from "./file_upload.ts";
import type { VideoPostInfo } from "./post_info_record.ts";
import type { VideoStats } from "./video_stats_record.ts";

export interface PhotoPostInfo {
  title: string;
  description: string;
  privacy_level: string;
  disable_comment: boolean;
  auto_add_music: boolean;
  brand_content_toggle: boolean;
  brand_organic_toggle: boolean;
}

/** A photo draft's post_info: TikTok ignores everything else for drafts. */
export interface DraftPhotoPostInfo {
  title: string;
  description: string;
}

/** Where TikTok takes a video from (`source_info`). */
export type VideoSourceInfo =
  | { source: "PULL_FROM_URL"; video_url: string }
  | {
    source: "FILE_UPLOAD";
    video_size: number;
    chunk_size: number;
    total_chunk_count: number;
  };

/** The FILE_UPLOAD source_info of a chunk plan. */
export function fileSourceInfo(plan: ChunkPlan): VideoSourceInfo {
  return {
    source: "FILE_UPLOAD",
    video_size: plan.videoSize,
    chunk_size: plan.chunkSize,
    total_chunk_count: plan.totalChunkCount,
  };
}

/** TikTok's answer to an init: the publish, and where to send a file to. */
export interface InitAnswer {
  publishId: string;
  /** FILE_UPLOAD only. */
  uploadUrl: string | null;
}

export interface PublishStatus {
  status: string;
  failReason: string | null;
  /** TikTok's whole answer as parsed exactly (post ids as strings). */
  raw: Record<string, unknown>;
}

const TIMEOUT_MS = 20_000;

/** The video object's fields PM3K reads (docs/posting.md#post-stats). */
const VIDEO_QUERY_FIELDS =
  "id,share_url,view_count,like_count,comment_count,share_count";

/** A FILE_UPLOAD init's upload_url, used exactly as TikTok returned it. */
function uploadUrlOf(data: Record<string, unknown>): string {
  if (typeof data.upload_url !== "string" || data.upload_url === "") {
    throw new TikTokApiError(
      "invalid_response",
      "TikTok's FILE_UPLOAD init answered no upload_url",
      { httpStatus: 200 },
    );
  }
  return data.upload_url;
}

/**
 * A video object's count `field`: none (left out) is 0; anything but a
 * whole number from 0 to 2^53 - 1 is an answer PM3K cannot read, refused
 * rather than shown (a NaN would break the posts page, a -5 or 1.5 would
 * be passed on as if TikTok had counted it).
 */
function countOf(
  video: Record<string, unknown>,
  field: string,
  logId: string | undefined,
): number {
  const value = video[field] ?? 0;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) {
    return value;
  }
  throw unreadableVideo(`a video's ${field} ${JSON.stringify(value)}`, logId);
}

/** A video's page: none (left out), or an https URL, never a script's. */
function isShareUrl(value: unknown): value is string {
  if (value === "") return true;
  if (typeof value !== "string") return false;
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}

/** The video query's answer held a value PM3K cannot read (`what`). */
function unreadableVideo(what: string, logId: string | undefined) {
  return new TikTokApiError(
    "invalid_response",
    `TikTok's video query answered ${what.slice(0, 100)}`,
    { httpStatus: 200, logId },
  );
}

export class TikTokContentClient {
  readonly #apiBaseUrl: string;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;

  constructor(
    apiBaseUrl: string,
    options: { fetch?: typeof fetch; timeoutMs?: number } = {},
  ) {
    this.#apiBaseUrl = apiBaseUrl;
    this.#fetch = options.fetch ?? fetch;
    this.#timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  }

  async creatorInfo(accessToken: string): Promise<CreatorInfo> {
    const data = await this.#call(
      accessToken,
      "/v2/post/publish/creator_info/query/",
      {},
    );
    return creatorInfoFromFields(data);
  }

  async initVideo(
    accessToken: string,
    postInfo: VideoPostInfo,
    videoUrl: string,
  ): Promise<string> {
    const data = await this.#call(accessToken, "/v2/post/publish/video/init/", {
      post_info: postInfo,
      source_info: { source: "PULL_FROM_URL", video_url: videoUrl },
    });
    return String(data.publish_id);
  }

  /** Video init with FILE_UPLOAD (docs/tiktok.md#file-upload). */
  async initVideoFile(
    accessToken: string,
    postInfo: VideoPostInfo,
    plan: ChunkPlan,
  ): Promise<{ publishId: string; uploadUrl: string }> {
    const data = await this.#call(accessToken, "/v2/post/publish/video/init/", {
      post_info: postInfo,
      source_info: fileSourceInfo(plan),
    });
    return { publishId: String(data.publish_id), uploadUrl: uploadUrlOf(data) };
  }

  /**
   * A video draft (docs/posting.md#drafts): `source_info` only, as TikTok
   * takes no post_info there (the creator writes the caption in TikTok).
   * A FILE_UPLOAD draft's answer must carry its upload_url.
   */
  async initInboxVideo(
    accessToken: string,
    sourceInfo: VideoSourceInfo,
  ): Promise<InitAnswer> {
    const data = await this.#call(
      accessToken,
      "/v2/post/publish/inbox/video/init/",
      { source_info: sourceInfo },
    );
    return {
      publishId: String(data.publish_id),
      uploadUrl: sourceInfo.source === "FILE_UPLOAD" ? uploadUrlOf(data) : null,
    };
  }

  /** A photo post: published (DIRECT_POST) or a draft (MEDIA_UPLOAD). */
  async initPhoto(
    accessToken: string,
    postInfo: PhotoPostInfo | DraftPhotoPostInfo,
    photos: { urls: string[]; coverIndex: number },
    postMode: "DIRECT_POST" | "MEDIA_UPLOAD" = "DIRECT_POST",
  ): Promise<string> {
    const data = await this.#call(
      accessToken,
      "/v2/post/publish/content/init/",
      {
        post_info: postInfo,
        source_info: {
          source: "PULL_FROM_URL",
          photo_cover_index: photos.coverIndex,
          photo_images: photos.urls,
        },
        post_mode: postMode,
        media_type: "PHOTO",
      },
    );
    return String(data.publish_id);
  }

  async fetchStatus(
    accessToken: string,
    publishId: string,
  ): Promise<PublishStatus> {
    const { data, body } = await this.#callRaw(
      accessToken,
      "/v2/post/publish/status/fetch/",
      {
        publish_id: publishId,
      },
    );
    return {
      status: String(data.status ?? ""),
      failReason: data.fail_reason ? String(data.fail_reason) : null,
      raw: body,
    };
  }

  /**
   * The counts of the user's own videos `videoIds` (at most 20), by TikTok's
   * video query (scope video.list). TikTok leaves out a video it will not
   * show (deleted, private, another user's): absent from the answer.
   */
  async queryVideos(
    accessToken: string,
    videoIds: string[],
    options: { timeoutMs?: number } = {},
  ): Promise<VideoStats[]> {
    const { data, body } = await this.#callRaw(
      accessToken,
      `/v2/video/query/?fields=${VIDEO_QUERY_FIELDS}`,
      { filters: { video_ids: videoIds } },
      options.timeoutMs,
    );
    const logId = (body.error as { log_id?: string } | undefined)?.log_id;
    // None (left out) is no video shown; anything but a list of objects is
    // an answer PM3K cannot read, not a sign each video was deleted.
    const videos = data.videos ?? [];
    if (
      !Array.isArray(videos) ||
      videos.some((v) =>
        typeof v !== "object" || v === null || Array.isArray(v)
      )
    ) {
      throw unreadableVideo(`videos ${JSON.stringify(videos)}`, logId);
    }
    return videos.map((v: Record<string, unknown>) => {
      const shareUrl = v.share_url ?? "";
      if (!isShareUrl(shareUrl)) {
        throw unreadableVideo(
          `a video's share_url ${JSON.stringify(shareUrl)}`,
          logId,
        );
      }
      return {
        videoId: String(v.id ?? ""),
        shareUrl,
        viewCount: countOf(v, "view_count", logId),
        likeCount: countOf(v, "like_count", logId),
        commentCount: countOf(v, "comment_count", logId),
        shareCount: countOf(v, "share_count", logId),
      };
    });
  }

  async #call(
    token: string,
    path: string,
    payload: unknown,
  ): Promise<Record<string, unknown>> {
    return (await this.#callRaw(token, path, payload)).data;
  }

  async #callRaw(
    token: string,
    path: string,
    payload: unknown,
    timeoutMs = this.#timeoutMs,
  ): Promise<{ data: Record<string, unknown>; body: Record<string, unknown> }> {
    let res: Response;
    try {
      res = await this.#fetch(`${this.#apiBaseUrl}${path}`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${token}`,
          "Content-Type": "application/json; charset=UTF-8",
        },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      const timedOut = cause instanceof DOMException &&
        cause.name === "TimeoutError";
      throw new TikTokApiError(
        timedOut ? "timeout" : "network_error",
        timedOut ? "TikTok did not answer in time" : "Cannot reach TikTok",
        { httpStatus: 0, cause },
      );
    }
    const text = await res.text();
    let body: Record<string, unknown> = {};
    try {
      const parsed = parseJsonExact(text);
      if (parsed && typeof parsed === "object") {
        body = parsed as Record<string, unknown>;
      }
    } catch {
      // Not JSON (a proxy's error page): judged by the status below.
    }
    const error = (body.error ?? {}) as {
      code?: string;
      message?: string;
      log_id?: string;
    };
    const data = (body.data ?? {}) as Record<string, unknown>;
    if (res.status === 429) {
      throw new TikTokApiError(
        error.code || "rate_limit_exceeded",
        error.message || "TikTok rate limit",
        {
          httpStatus: 429,
          logId: error.log_id,
        },
      );
    }
    if (error.code !== "ok") {
      throw new TikTokApiError(
        error.code ||
          (res.status >= 500 ? "internal_error" : "invalid_response"),
        error.message || `TikTok answered HTTP ${res.status}`,
        { httpStatus: res.status, logId: error.log_id },
      );
    }
    return { data, body };
  }
}
