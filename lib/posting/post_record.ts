/**
 * What KV keeps about a post and about the limits that guard posting.
 * @module
 */
import type { VideoFlags } from "../tiktok/post_info_record.ts";
import type { PostMode } from "./direct_post_input_record.ts";

export type PostState = "reserved" | "pending" | "done" | "failed";

export interface PostRecord {
  id: string;
  openId: string;
  kind: "video" | "photo";
  /** Absent on posts made before drafts existed: DIRECT_POST. */
  postMode?: PostMode;
  /** reserved: limits held, TikTok not called yet; pending: TikTok publishing. */
  state: PostState;
  publishId: string | null;
  /**
   * TikTok's last status (PROCESSING_DOWNLOAD, PUBLISH_COMPLETE, FAILED; a
   * draft: SEND_TO_USER_INBOX).
   */
  tiktokStatus: string | null;
  failReason: string | null;
  /** TikTok's last status answer, parsed exactly (post ids as strings). */
  raw: Record<string, unknown> | null;
  title: string;
  /** What the caller sent (source_url or photo_images). */
  sourceUrls: string[];
  /**
   * A photo post's photo_cover_index, for Post again to keep the cover;
   * absent on videos and on photo posts made before it was kept: 0.
   */
  coverIndex?: number;
  /** Our storage URLs TikTok pulled from. */
  mediaUrls: string[];
  fingerprint: string;
  /**
   * A video's bytes' SHA-256 (its upload's, docs/media.md#content-digest):
   * a post of the same file from another upload is the same media to
   * "Posted again" and "(already posted)", not to video_duplicate.
   * Absent on photo posts and posts of uploads made before it was kept.
   */
  videoSha256?: string;
  /**
   * A photo post's bytes: the SHA-256 of its images' digests in order
   * (photos_digest.ts), so a post of the same photos in the
   * same order from new uploads is the same media to "Posted again", not
   * to video_duplicate. Absent on videos, and when an image has no digest.
   */
  photosSha256?: string;
  captionHash: string;
  createdAt: number;
  updatedAt: number;
  /** When the follower looks at TikTok's status next (null: final). */
  nextCheckAt: number | null;
  checks: number;
  /** The scheduled job that made this post, if any. */
  jobId?: string | null;
  /** How TikTok gets the video or photos; absent reads as PULL_FROM_URL. */
  source?: VideoSource;
  /**
   * Publishes of this post before its current one (a pull that fell back to
   * FILE_UPLOAD): their status lookups still find the post.
   */
  earlierPublishIds?: string[];
  /** FILE_UPLOAD: when TikTok's upload_url ends; no chunk can land after it. */
  uploadUntil?: number;
  /**
   * Who can view the post, the privacy_level sent to TikTok; absent on a
   * draft (the creator picks it in TikTok) and on posts made before it was
   * kept.
   */
  privacy?: string;
  /** A video's post_info flags, kept for the init of a FILE_UPLOAD fallback. */
  videoFlags?: VideoFlags;
  /**
   * A reserved post whose init TikTok did not answer in time: TikTok may or
   * may not have made it (post_list.ts lists it as `unknown`).
   */
  outcomeUnknownAt?: number;
}

export type VideoSource = "PULL_FROM_URL" | "FILE_UPLOAD";

/** A FILE_UPLOAD that stopped before TikTok held the whole file. */
export interface UploadFailureMark {
  publishId: string;
  /** file_upload.ts's reason (chunk_refused, retries_exhausted, …). */
  reason: string;
  message: string;
  at: number;
}

/**
 * auto's one FILE_UPLOAD fallback of a post whose pull failed
 * (video_source.ts): written, checked, before TikTok's init is called, so
 * only its claimer makes the init; `started` once TikTok accepted it (any
 * follower then records that publish on the post), `gaveUp` once TikTok
 * refused it (the pull's failure stands).
 */
export interface FallbackClaim {
  pullPublishId: string;
  claimedAt: number;
  started: { publishId: string; uploadUntil: number } | null;
  gaveUp: boolean;
}

/**
 * A post's state in the lists: TikTok's processing of it, or `unknown` for
 * a reserved post whose request ended without TikTok's answer
 * (docs/posting.md#outcome-unknown).
 */
type ListedState = Exclude<PostState, "reserved"> | "unknown";

/** What the post lists show of a post (post_list.ts). */
export type ListedPost = Omit<PostRecord, "state"> & { state: ListedState };

/** One post counted against the 10/day and 1/hour limits. */
export interface QuotaEntry {
  postId: string;
  at: number;
  /**
   * The job whose run made the post: its calendar entry and this one are
   * the same post until the job settles (posting_calendar.ts).
   */
  jobId?: string;
}

export interface PostQuota {
  /** Posts (reserved or made) in the last 24 hours, oldest first. */
  recent: QuotaEntry[];
}

/** A fingerprint or caption already used by an account (12-month window). */
export interface UsageMark {
  postId: string;
  at: number;
}

export interface GlobalCaptionUses {
  uses: { openId: string; postId: string; at: number }[];
}

export interface TikTokCooldown {
  startedAt: number;
  until: number;
}

/** What /status needs, kept under the publish_id so one read answers it. */
export interface PublishSnapshot {
  postId: string;
  openId: string;
  status: string;
  failReason: string | null;
  raw: Record<string, unknown> | null;
  /**
   * The post's state when it is not what `status` alone says (a publish
   * past its deadline: failed/publish_timeout while TikTok still works).
   */
  state?: Exclude<PostState, "reserved">;
  /** Absent in snapshots written before sources existed: PULL_FROM_URL. */
  source?: VideoSource;
  /** Absent on snapshots made before drafts existed: DIRECT_POST. */
  postMode?: PostMode;
}
