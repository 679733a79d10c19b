/**
 * What the sandbox accepts in an init body, as TikTok does: video init with
 * PULL_FROM_URL or FILE_UPLOAD (chunk rules: sandbox_chunk_rules.ts), inbox
 * video init with source_info only (either source too), photo content init (DIRECT_POST or
 * MEDIA_UPLOAD) with 1 to 35 image URLs and a cover in range, and TikTok's
 * caption lengths. Pure: the routes answer
 * `invalid` with TikTok's invalid_param.
 * @module
 */

import { declarationProblem } from "./sandbox_chunk_rules.ts";
import type { UploadDeclaration } from "./sandbox_chunk_rules.ts";

/** A publish to start: the URLs TikTok pulls and post_info as received. */
export interface InitRequest {
  /** Empty for a FILE_UPLOAD. */
  urls: string[];
  /** A FILE_UPLOAD's declaration (checked by TikTok's chunk rules). */
  upload?: UploadDeclaration;
  postInfo: Record<string, unknown>;
  /** source_info.photo_cover_index of a photo post. */
  photoCoverIndex?: number;
  /** A draft for the creator's inbox (MEDIA_UPLOAD); absent: Direct Post. */
  draft?: true;
}

/** Why TikTok refuses the body (invalid_param's message). */
export interface InvalidInit {
  invalid: string;
}

/** Reads /v2/post/publish/video/init's body (null when it is not JSON). */
export function readVideoInit(body: unknown): InitRequest | InvalidInit {
  const fields = body as Record<string, Record<string, unknown>> | null;
  const post = fields?.post_info;
  if (typeof post?.title === "string" && post.title.length > 2200) {
    return { invalid: "post_info.title is longer than 2200." };
  }
  const source = readVideoSource(fields?.source_info);
  if ("invalid" in source) return source;
  return { ...source, postInfo: post ?? {} };
}

/**
 * Reads /v2/post/publish/inbox/video/init's body: source_info only
 * (PULL_FROM_URL or FILE_UPLOAD, as for video init). The simulator refuses
 * a post_info (TikTok documents none there: the creator writes the caption
 * in the app), so a client sending one learns it.
 */
export function readInboxVideoInit(body: unknown): InitRequest | InvalidInit {
  const fields = body as Record<string, Record<string, unknown>> | null;
  const source = readVideoSource(fields?.source_info);
  if ("invalid" in source) return source;
  if (fields && "post_info" in fields) {
    return { invalid: "post_info is not accepted by inbox video init." };
  }
  return { ...source, postInfo: {}, draft: true };
}

/** A video's source_info: a URL to pull, or a FILE_UPLOAD declaration. */
function readVideoSource(
  source: Record<string, unknown> | undefined,
): Pick<InitRequest, "urls" | "upload"> | InvalidInit {
  if (source?.source === "FILE_UPLOAD") {
    const upload = {
      videoSize: Number(source.video_size),
      chunkSize: Number(source.chunk_size),
      totalChunkCount: Number(source.total_chunk_count),
    };
    const problem = declarationProblem(upload);
    if (problem) return { invalid: problem };
    return { urls: [], upload };
  }
  if (
    !source || source.source !== "PULL_FROM_URL" ||
    typeof source.video_url !== "string"
  ) {
    return { invalid: "source_info.video_url is required for PULL_FROM_URL." };
  }
  return { urls: [source.video_url] };
}

/** Reads /v2/post/publish/content/init's body (null when it is not JSON). */
export function readPhotoInit(body: unknown): InitRequest | InvalidInit {
  const fields = body as Record<string, unknown> | null;
  const source = fields?.source_info as Record<string, unknown> | undefined;
  const post = (fields?.post_info ?? {}) as Record<string, unknown>;
  const images = Array.isArray(source?.photo_images)
    ? source.photo_images.map(String)
    : [];
  const cover = Number(source?.photo_cover_index);
  const mode = fields?.post_mode;
  if (
    fields?.media_type !== "PHOTO" ||
    (mode !== "DIRECT_POST" && mode !== "MEDIA_UPLOAD")
  ) {
    return {
      invalid:
        "media_type must be PHOTO and post_mode DIRECT_POST or MEDIA_UPLOAD.",
    };
  }
  if (images.length < 1 || images.length > 35) {
    return { invalid: "photo_images must hold 1 to 35 URLs." };
  }
  if (!Number.isInteger(cover) || cover < 0 || cover >= images.length) {
    return { invalid: "photo_cover_index is out of range." };
  }
  if (
    String(post.title ?? "").length > 90 ||
    String(post.description ?? "").length > 4000
  ) {
    return {
      invalid: "title is limited to 90 and description to 4000 characters.",
    };
  }
  return {
    urls: images,
    postInfo: post,
    photoCoverIndex: cover,
    ...(mode === "MEDIA_UPLOAD" ? { draft: true as const } : {}),
  };
}
