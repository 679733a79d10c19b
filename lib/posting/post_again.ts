/**
 * "Post again" of a failed post (docs/posting.md#posts-page): what the one
 * composer starts from. Only the post's media, caption and post_mode come
 * back; privacy, interactions and disclosure are chosen afresh, as TikTok's
 * audit asks of every post (docs/dashboard.md#tiktok-audit-checklist). The
 * media is offered only while it is still one of the account's live uploads:
 * an expired or deleted file is named as gone, not silently swapped.
 * @module
 */
import { findOwnPost } from "./post_list.ts";
import { liveUploadByKey } from "../media/live_uploads.ts";
import type { UploadRecord } from "../media/media_record.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { failMessage } from "../tiktok/fail_reasons.ts";

/** A stored file the composer offers again (what its choices show). */
export interface PrefillFile {
  url: string;
  filename: string;
}

/** The composer's starting point for a post made again (plain JSON). */
export interface ComposePrefill {
  /** "" for a video from the media page (lib/http/compose_video.ts). */
  postId: string;
  kind: "video" | "photo";
  title: string;
  /** The post was a draft and the account can still send drafts. */
  toDrafts: boolean;
  /** The post was a draft (whether or not the account can still draft). */
  wasDraft: boolean;
  /**
   * The post was a draft but the account can no longer send drafts: the
   * composer's note saying so, worded here so that no JavaScript carries it
   * (docs/dashboard.md#budget); null otherwise.
   */
  noDrafts: string | null;
  /** The video, while still stored (null: gone, or a photo post). */
  video: (PrefillFile & { duration_sec: number | null }) | null;
  /** The photos in their order, while all are still stored. */
  photos: PrefillFile[];
  coverIndex: number;
  /**
   * The post's media is no longer stored: the sentence saying to upload
   * it again (no JavaScript carries it, docs/dashboard.md#budget); null
   * while it is stored.
   */
  mediaMissing: string | null;
  /**
   * Why the post failed, as the API's fail_message says it (a sentence
   * for a reason TikTok added since, too); null for none.
   */
  failMessage: string | null;
}

const NO_DRAFTS =
  "This post was a TikTok draft, but this account no longer allows sending drafts: it will be posted directly. To send it as a draft, reconnect TikTok and allow uploading drafts.";

/** Why a post cannot be made again from the composer. */
export type PostAgainRefusal = "unknown" | "outcome_unknown" | "not_failed";

export type PostAgainAnswer =
  | { prefill: ComposePrefill }
  | { refusal: PostAgainRefusal };

/**
 * The prefill for posting `postId` again, or why not: a post of another
 * account reads as unknown, and only a failed post is made again.
 */
export async function postAgainPrefill(
  deps: Pick<AppDeps, "kv" | "clock" | "storage" | "config" | "ingestLimits">,
  openId: string,
  canDraft: boolean,
  postId: string,
): Promise<PostAgainAnswer> {
  const post = await findOwnPost(deps, openId, postId);
  if (!post) return { refusal: "unknown" };
  if (post.state === "unknown") return { refusal: "outcome_unknown" };
  if (post.state !== "failed") return { refusal: "not_failed" };
  const kind = post.kind === "video" ? "video" : "image";
  const files: UploadRecord[] = [];
  for (const url of post.sourceUrls) {
    const file = await liveOwnUpload(deps, openId, url, kind);
    if (file) files.push(file);
  }
  // A URL of a verified domain was copied for that post and the copy
  // discarded since: it is not stored either.
  const complete = files.length > 0 && files.length === post.sourceUrls.length;
  const video = post.kind === "video" && complete ? files[0] : null;
  const photos = post.kind === "photo" && complete ? files : [];
  return {
    prefill: {
      postId: post.id,
      kind: post.kind,
      title: post.title,
      toDrafts: post.postMode === "MEDIA_UPLOAD" && canDraft,
      wasDraft: post.postMode === "MEDIA_UPLOAD",
      noDrafts: post.postMode === "MEDIA_UPLOAD" && !canDraft
        ? NO_DRAFTS
        : null,
      video: video
        ? {
          url: video.url,
          filename: video.filename,
          duration_sec: video.video?.durationSec ?? null,
        }
        : null,
      photos: photos.map((p) => ({ url: p.url, filename: p.filename })),
      coverIndex: photos.length > 0
        ? Math.min(post.coverIndex ?? 0, photos.length - 1)
        : 0,
      mediaMissing: complete
        ? null
        : post.kind === "video"
        ? "The video of this post is no longer stored; upload it again."
        : "The photos of this post are no longer stored; upload them again.",
      failMessage: failMessage(post.failReason),
    },
  };
}

/** The account's live upload of this kind behind `url`, or null. */
async function liveOwnUpload(
  deps: Pick<AppDeps, "kv" | "clock" | "storage">,
  openId: string,
  url: string,
  kind: "video" | "image",
): Promise<UploadRecord | null> {
  const key = deps.storage.keyFromPublicUrl(url);
  if (!key) return null;
  const upload = await liveUploadByKey(deps, key);
  return upload && upload.openId === openId && upload.kind === kind
    ? upload
    : null;
}
