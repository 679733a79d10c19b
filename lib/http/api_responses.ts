/**
 * zod schemas of the API's success bodies: the OpenAPI document is built
 * from them, and their inferred types (`z.infer`, exported under the same
 * names) type the JSON builders and the dashboard islands. Islands import
 * these types with `import type` only, so no zod reaches their bundles.
 * @module
 */
import { z } from "zod";
import { PLAN_IDS } from "../plans.ts";
import { POST_MODES } from "../posting/post_modes.ts";
import { PRIVACY_LEVELS } from "../posting/privacy_levels.ts";
import { CAPTION_PROBLEM_CODES } from "../posting/caption_checks.ts";

const ok = { ok: z.literal(true) };
const iso = z.string().describe("ISO 8601 time, UTC");
const postMode = z.enum(POST_MODES).describe(
  "DIRECT_POST (published) or MEDIA_UPLOAD (a draft sent to the creator's TikTok inbox)",
);

export const MeResponse = z.object({
  ...ok,
  open_id: z.string(),
  display_name: z.string(),
  plan: z.enum(PLAN_IDS).nullable(),
  key_expires_at: iso.nullable().describe(
    "When this API key expires (ISO 8601, UTC); null: never",
  ),
  default_privacy: z.enum(PRIVACY_LEVELS).describe(
    "Who can view a post or job that names no privacy (set in the dashboard's settings)",
  ),
  tiktok_scopes: z.array(z.string()).describe(
    "The TikTok permissions the creator granted at sign-in: video.publish posts directly, video.upload sends to TikTok's drafts, video.list reads published posts' counts",
  ),
});
export type MeResponse = z.infer<typeof MeResponse>;

const upload = {
  upload_id: z.string(),
  state: z.enum(["pending", "complete"]),
  url: z.url(),
  filename: z.string(),
  content_type: z.string(),
  kind: z.enum(["video", "image"]),
  size: z.number().int().nullable(),
  etag: z.string().nullable(),
  album_id: z.string().nullable(),
  created_at: iso,
  expires_at: iso,
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  rotation: z.number().int().optional(),
  duration_sec: z.number().nullable().optional(),
};
/** One upload, as `uploadJson` builds it. */
export const UploadJson = z.object(upload);
export type UploadJson = z.infer<typeof UploadJson>;
export const UploadResponse = z.object({ ...ok, ...upload });
export type UploadResponse = z.infer<typeof UploadResponse>;
/** An upload just completed (its own completion, or one in one request). */
export const CompletedUploadResponse = z.object({
  ...ok,
  ...upload,
  already_in_album: z.boolean().describe(
    "True when the album already held an image with the same bytes (a retried upload): nothing was added, and this answer is that image",
  ),
});
export type CompletedUploadResponse = z.infer<typeof CompletedUploadResponse>;
export const UploadListResponse = z.object({
  ...ok,
  uploads: z.array(UploadJson),
  cursor: z.string().nullable().describe(
    "Pass as ?cursor= for the next page; null at the end",
  ),
});
export type UploadListResponse = z.infer<typeof UploadListResponse>;
export const StartedUploadResponse = z.object({
  ...ok,
  upload_id: z.string(),
  upload_url: z.url().describe("PUT the bytes here with exactly `headers`"),
  method: z.literal("PUT"),
  headers: z.record(z.string(), z.string()),
  expires_at: iso,
  url: z.url().describe(
    "Where the file will be served if its bytes are of the declared type; nothing is there before completion, which names the file for the type its bytes are: post the url completion answers, not this one (posted before completion, or after a completion that renamed the file, it is refused saying what to do)",
  ),
  album_id: z.string().nullable(),
});
export type StartedUploadResponse = z.infer<typeof StartedUploadResponse>;

export const UploadDeletedResponse = z.object({
  ...ok,
  deleted: z.literal(true),
  upload_id: z.string(),
});
export type UploadDeletedResponse = z.infer<typeof UploadDeletedResponse>;

const album = {
  album_id: z.string(),
  created_at: iso,
  expires_at: iso,
  retained: z.boolean(),
  image_count: z.number().int(),
  pending_count: z.number().int(),
  photo_images: z.array(z.url()),
  images: z.array(UploadJson),
};
/** One album, as `albumJson` builds it. */
export const AlbumJson = z.object(album);
export type AlbumJson = z.infer<typeof AlbumJson>;
export const AlbumResponse = z.object({ ...ok, ...album });
export type AlbumResponse = z.infer<typeof AlbumResponse>;
export const AlbumListResponse = z.object({
  ...ok,
  albums: z.array(AlbumJson),
  cursor: z.string().nullable().describe(
    "Pass as ?cursor= for the next page; null at the end",
  ),
});
export type AlbumListResponse = z.infer<typeof AlbumListResponse>;
export const AlbumDeletedResponse = z.object({
  ...ok,
  deleted: z.literal(true),
  album_id: z.string(),
});
export type AlbumDeletedResponse = z.infer<typeof AlbumDeletedResponse>;

const domain = {
  domain: z.string(),
  verified: z.boolean(),
  verified_at: iso.nullable(),
  token: z.string(),
  file_name: z.literal("pm3k-verify.txt"),
  file_content: z.string(),
  file_url: z.url(),
  last_error: z.string().nullable(),
  last_checked_at: iso.nullable(),
};
/** One domain, as `domainJson` builds it. */
export const DomainJson = z.object(domain);
export type DomainJson = z.infer<typeof DomainJson>;
export const DomainResponse = z.object({ ...ok, ...domain });
export type DomainResponse = z.infer<typeof DomainResponse>;
export const DomainListResponse = z.object({
  ...ok,
  domains: z.array(DomainJson),
});
export type DomainListResponse = z.infer<typeof DomainListResponse>;
export const DomainDeletedResponse = z.object({
  ...ok,
  deleted: z.literal(true),
  domain: z.string(),
});
export type DomainDeletedResponse = z.infer<typeof DomainDeletedResponse>;

/** POST /api/caption/check (docs/posting.md#checking-a-caption). */
export const CaptionCheckResponse = z.object({
  ...ok,
  problem: z.object({
    code: z.enum(CAPTION_PROBLEM_CODES).describe(
      "The error code posting this caption answers",
    ),
    message: z.string().describe("The message posting this caption answers"),
  }).nullable().describe(
    "The first caption rule the caption breaks, links first; null when posting would pass the caption rules",
  ),
});
export type CaptionCheckResponse = z.infer<typeof CaptionCheckResponse>;

export const DirectPostResponse = z.object({ ...ok, publish_id: z.string() });
export type DirectPostResponse = z.infer<typeof DirectPostResponse>;
/** How TikTok got the media (docs/posting.md#video-source). */
const VideoSourceJson = z.enum(["PULL_FROM_URL", "FILE_UPLOAD"]).describe(
  "How TikTok gets the media: pulled from FILES_BASE_URL or uploaded by this server in chunks",
);
/** fail_reason as a sentence (lib/tiktok/fail_reasons.ts, failMessage). */
const FailMessageJson = z.string().nullable().describe(
  'fail_reason as a sentence for people, to show or log as the error (beside the contract\'s fields): e.g. for spam_risk_text "TikTok flagged the caption as spam. Change the caption before posting again."; a reason without a sentence yet is named in a general one; null exactly when fail_reason is null',
);
export const StatusResponse = z.object({
  ...ok,
  post_id: z.string().describe(
    "The server's id of the post (beyond the contract): as GET /api/tiktok/posts names it, for GET /api/tiktok/posts/{id}/stats",
  ),
  status: z.string().describe(
    "TikTok's status, e.g. PROCESSING_DOWNLOAD, PUBLISH_COMPLETE, FAILED; SEND_TO_USER_INBOX for a draft in the creator's inbox",
  ),
  state: z.enum(["pending", "done", "failed"]).describe(
    "done: published, or for a draft (MEDIA_UPLOAD) delivered to the creator's TikTok inbox",
  ),
  fail_reason: z.string().nullable(),
  fail_message: FailMessageJson,
  post_mode: postMode,
  raw: z.record(z.string(), z.unknown()).describe(
    "TikTok's last status answer; 19-digit post ids as strings; {} until the server's first status fetch (or event) for this publish",
  ),
  source: VideoSourceJson,
});
export type StatusResponse = z.infer<typeof StatusResponse>;
/** One post, as `postJson` builds it. */
export const PostJson = z.object({
  post_id: z.string(),
  publish_id: z.string().nullable(),
  kind: z.enum(["video", "photo"]),
  post_mode: postMode,
  title: z.string(),
  privacy: z.enum(PRIVACY_LEVELS).nullable().describe(
    "Who can view the post, the privacy_level sent to TikTok; null for a draft (the creator picks it in TikTok) and for posts made before it was kept",
  ),
  state: z.enum(["pending", "done", "failed", "unknown"]).describe(
    "pending: TikTok is processing it; done: published (a draft: in the creator's TikTok inbox); failed: not posted, fail_reason says why; unknown: TikTok did not answer the server's request in time, so whether it was posted is unknown (publish_id null): check the TikTok profile",
  ),
  status: z.string().nullable(),
  fail_reason: z.string().nullable(),
  fail_message: FailMessageJson,
  source_urls: z.array(z.string()),
  public_post_id: z.string().nullable().describe(
    "TikTok's post id once the post is public (publicaly_available_post_id), exact as a string",
  ),
  source: VideoSourceJson,
  job_id: z.string().nullable().describe(
    "The scheduled job that made this post; null for a post made at once",
  ),
  posted_again: z.object({
    post_id: z.string().nullable().describe(
      "The newer post with the same media (the same upload, a video of the same bytes from another upload, or the same photos in the same order) that did not fail; null when only a scheduled post will post it",
    ),
    job_id: z.string().nullable().describe(
      "Else the scheduled post (job) that will post this media; null when a post did",
    ),
    run_at: iso.nullable().describe("When that scheduled post runs"),
  }).nullable().describe(
    "A failed post whose media was posted again, or is scheduled to be: by which post or scheduled post. null for any other post, and for a failed post not posted again (a new upload of the same video file, posted or scheduled, counts as posting it again, though it is not refused as video_duplicate). In the posts lists only",
  ),
  not_posted_from: iso.nullable().describe(
    "A post whose state is unknown: from when it may be marked not posted (POST /api/tiktok/posts/{id}/not_posted) if it is not on the TikTok profile; null for any other",
  ),
  created_at: iso,
  updated_at: iso,
});
export type PostJson = z.infer<typeof PostJson>;
export const PostResponse = z.object({ ...ok, post: PostJson });
export type PostResponse = z.infer<typeof PostResponse>;
export const PostListResponse = z.object({
  ...ok,
  posts: z.array(PostJson),
  cursor: z.string().nullable().describe(
    "Pass as ?cursor= for the next page; null at the end",
  ),
});
export type PostListResponse = z.infer<typeof PostListResponse>;
/** TikTok's counts of a published video (lib/http/post_stats_json.ts). */
export const PostCountsJson = z.object({
  view_count: z.number().int(),
  like_count: z.number().int(),
  comment_count: z.number().int(),
  share_count: z.number().int(),
  share_url: z.string().describe("The video's page on TikTok"),
});
export type PostCountsJson = z.infer<typeof PostCountsJson>;

/** A post's counts on TikTok (lib/http/post_stats_json.ts). */
export const PostStatsResponse = z.object({
  ...ok,
  post_id: z.string(),
  public_post_id: z.string().nullable().describe(
    "TikTok's post (video) id of a public post, exact as a string, as the posts list gives it (kept when TikTok no longer shows the video); null when the post is not public",
  ),
  stats: PostCountsJson.nullable().describe(
    "TikTok's counts; null when it shows none (unavailable says why)",
  ),
  unavailable: z.string().nullable().describe(
    "Why there are no counts: a draft, a post not published or not public, or a video TikTok no longer shows; null when stats are given",
  ),
  fetched_at: iso.nullable().describe(
    "When TikTok was asked; counts are kept 10 minutes. null when TikTok was not asked (nothing to show)",
  ),
});
export type PostStatsResponse = z.infer<typeof PostStatsResponse>;

export const CreatorInfoResponse = z.object({
  ...ok,
  available: z.boolean(),
  creator_nickname: z.string().nullable(),
  creator_username: z.string().nullable().describe("The TikTok handle"),
  creator_avatar_url: z.string().nullable().describe(
    "TikTok's link to the avatar, valid about 2 hours; empty when TikTok sent none",
  ),
  privacy_level_options: z.array(z.string()).describe(
    "The privacy values a post is accepted with: those the creator offers, narrowed to SELF_ONLY while app_audited is false (docs/posting.md#unaudited-apps)",
  ),
  max_video_post_duration_sec: z.number().int().nullable(),
  comment_disabled: z.boolean(),
  duet_disabled: z.boolean(),
  stitch_disabled: z.boolean(),
  app_audited: z.boolean().describe(
    "Whether this server's TikTok app passed TikTok's audit; false: only SELF_ONLY posts are accepted (privacy_level_options lists no other), to a private TikTok account (docs/posting.md#unaudited-apps)",
  ),
});
export type CreatorInfoResponse = z.infer<typeof CreatorInfoResponse>;

export const LimitsResponse = z.object({
  ...ok,
  posts_left_today: z.number().int().describe(
    "Posts left in the rolling 24 hours (10 a day per TikTok account)",
  ),
  uploads_left_today: z.number().int().describe(
    "Uploads left on the plan until 00:00 UTC (an album counts as one)",
  ),
  next_post_at: iso.describe(
    "The earliest time a post is accepted and a job's run_at fits (now when open); ISO 8601, UTC",
  ),
  status_calls_left_minute: z.number().int().describe(
    "/status calls left in this minute window",
  ),
  status_calls_left_hour: z.number().int().describe(
    "/status calls left in this hour window (0 while waiting for a post)",
  ),
  cooldown_until: iso.nullable().describe(
    "End of the TikTok cooldown (after TikTok's HTTP 429), ISO 8601, UTC; null when none",
  ),
});
export type LimitsResponse = z.infer<typeof LimitsResponse>;

const job = {
  job_id: z.string(),
  kind: z.literal("tiktok"),
  state: z.enum(["scheduled", "publishing", "posted", "failed", "cancelled"]),
  run_at: iso,
  created_at: iso,
  updated_at: iso,
  media_type: z.enum(["VIDEO", "PHOTO"]),
  post_mode: postMode,
  title: z.string(),
  privacy: z.enum(PRIVACY_LEVELS).nullable().describe(
    "Who can view the post, as the job names it; null: the account's default privacy when the job runs (none for a draft)",
  ),
  source_url: z.string().optional(),
  photo_images: z.array(z.string()).optional(),
  publish_id: z.string().nullable(),
  posted_at: iso.nullable(),
  publish_status: z.object({
    status: z.string(),
    state: z.enum(["pending", "done", "failed"]),
    fail_reason: z.string().nullable(),
    fail_message: FailMessageJson,
    source: VideoSourceJson,
  }).nullable(),
  error: z.object({
    code: z.string(),
    message: z.string(),
    // TikTok's answer to the post never came: it may be posted
    // (docs/posting.md#outcome-unknown).
    outcome: z.literal("unknown").optional(),
    post_id: z.string().optional(),
  }).nullable(),
};
/** One job, as `jobJson` builds it. */
export const JobJson = z.object(job);
export type JobJson = z.infer<typeof JobJson>;
export const JobResponse = z.object({ ...ok, ...job });
export type JobResponse = z.infer<typeof JobResponse>;
export const JobListResponse = z.object({
  ...ok,
  jobs: z.array(JobJson),
  cursor: z.string().nullable().describe(
    "Pass as ?cursor= for the next page; null at the end",
  ),
});
export type JobListResponse = z.infer<typeof JobListResponse>;
export const JobCreatedResponse = z.object({
  ...ok,
  job_id: z.string(),
  run_at: iso,
  state: z.literal("scheduled"),
  requested_run_at: iso.optional().describe(
    'Only when if_taken "next_free" moved the job: the run_at asked for (run_at is when it will post)',
  ),
});
export type JobCreatedResponse = z.infer<typeof JobCreatedResponse>;

export const WebhookResponse = z.object({
  ...ok,
  url: z.url().nullable(),
  secret: z.string().nullable().describe(
    "Signs deliveries: PM3K-Signature t=..,v1=HMAC-SHA256(secret, t.body)",
  ),
  events: z.array(z.string()),
});
export type WebhookResponse = z.infer<typeof WebhookResponse>;
/** One webhook delivery of the delivery log. */
export const WebhookDeliveryJson = z.object({
  id: z.string(),
  event: z.string(),
  state: z.enum(["pending", "delivered", "failed"]),
  attempts: z.number().int(),
  last_status_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
  next_attempt_at: iso.nullable(),
  created_at: iso,
});
export type WebhookDeliveryJson = z.infer<typeof WebhookDeliveryJson>;
export const WebhookDeliveriesResponse = z.object({
  ...ok,
  deliveries: z.array(WebhookDeliveryJson),
});
export type WebhookDeliveriesResponse = z.infer<
  typeof WebhookDeliveriesResponse
>;
export const WebhookTestResponse = z.object({ ...ok, delivery_id: z.string() });
export type WebhookTestResponse = z.infer<typeof WebhookTestResponse>;
