/**
 * zod schemas of the API's success bodies, for the OpenAPI document.
 * @module
 */
import { z } from "zod";

const ok = { ok: z.literal(true) };
const iso = z.string().describe("ISO 8601 time, UTC");

export const MeResponse = z.object({
  ...ok,
  open_id: z.string(),
  display_name: z.string(),
  plan: z.enum(["free", "monthly", "annual"]).nullable(),
  key_expires_at: iso.nullable(),
});

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
export const UploadObject = z.object(upload);
export const UploadResponse = z.object({ ...ok, ...upload });
export const UploadListResponse = z.object({
  ...ok,
  uploads: z.array(UploadObject),
});
export const StartedUploadResponse = z.object({
  ...ok,
  upload_id: z.string(),
  upload_url: z.url().describe("PUT the bytes here with exactly `headers`"),
  method: z.literal("PUT"),
  headers: z.record(z.string(), z.string()),
  expires_at: iso,
  url: z.url().describe("The public URL once completed"),
  album_id: z.string().nullable(),
});

const album = {
  album_id: z.string(),
  created_at: iso,
  expires_at: iso,
  retained: z.boolean(),
  image_count: z.number().int(),
  pending_count: z.number().int(),
  photo_images: z.array(z.url()),
  images: z.array(UploadObject),
};
export const AlbumResponse = z.object({ ...ok, ...album });
export const AlbumListResponse = z.object({
  ...ok,
  albums: z.array(z.object(album)),
});

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
export const DomainResponse = z.object({ ...ok, ...domain });
export const DomainListResponse = z.object({
  ...ok,
  domains: z.array(z.object(domain)),
});
export const DomainDeletedResponse = z.object({
  ...ok,
  deleted: z.literal(true),
  domain: z.string(),
});

export const DirectPostResponse = z.object({ ...ok, publish_id: z.string() });
export const StatusResponse = z.object({
  ...ok,
  status: z.string().describe(
    "TikTok's status, e.g. PROCESSING_DOWNLOAD, PUBLISH_COMPLETE, FAILED",
  ),
  state: z.enum(["pending", "done", "failed"]),
  fail_reason: z.string().nullable(),
  raw: z.record(z.string(), z.unknown()).describe(
    "TikTok's last answer; 19-digit post ids as strings",
  ),
});
export const PostListResponse = z.object({
  ...ok,
  posts: z.array(z.object({
    post_id: z.string(),
    publish_id: z.string().nullable(),
    kind: z.enum(["video", "photo"]),
    title: z.string(),
    state: z.enum(["pending", "done", "failed"]),
    status: z.string().nullable(),
    fail_reason: z.string().nullable(),
    source_urls: z.array(z.string()),
    created_at: iso,
    updated_at: iso,
  })),
});
export const CreatorInfoResponse = z.object({
  ...ok,
  available: z.boolean(),
  creator_nickname: z.string().nullable(),
  privacy_level_options: z.array(z.string()),
  max_video_post_duration_sec: z.number().int().nullable(),
  comment_disabled: z.boolean(),
  duet_disabled: z.boolean(),
  stitch_disabled: z.boolean(),
});

const job = {
  job_id: z.string(),
  kind: z.literal("tiktok"),
  state: z.enum(["scheduled", "publishing", "posted", "failed", "cancelled"]),
  run_at: iso,
  created_at: iso,
  updated_at: iso,
  media_type: z.enum(["VIDEO", "PHOTO"]),
  title: z.string(),
  source_url: z.string().optional(),
  photo_images: z.array(z.string()).optional(),
  publish_id: z.string().nullable(),
  posted_at: iso.nullable(),
  publish_status: z.object({
    status: z.string(),
    state: z.enum(["pending", "done", "failed"]),
    fail_reason: z.string().nullable(),
  }).nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
};
export const JobResponse = z.object({ ...ok, ...job });
export const JobListResponse = z.object({
  ...ok,
  jobs: z.array(z.object(job)),
  cursor: z.string().nullable().describe(
    "Pass as ?cursor= for the next page; null at the end",
  ),
});
export const JobCreatedResponse = z.object({
  ...ok,
  job_id: z.string(),
  run_at: iso,
  state: z.literal("scheduled"),
});

export const WebhookResponse = z.object({
  ...ok,
  url: z.url().nullable(),
  secret: z.string().nullable().describe(
    "Signs deliveries: PM3K-Signature t=..,v1=HMAC-SHA256(secret, t.body)",
  ),
  events: z.array(z.string()),
});
export const WebhookDeliveriesResponse = z.object({
  ...ok,
  deliveries: z.array(z.object({
    id: z.string(),
    event: z.string(),
    state: z.enum(["pending", "delivered", "failed"]),
    attempts: z.number().int(),
    last_status_code: z.number().int().nullable(),
    last_error: z.string().nullable(),
    next_attempt_at: iso.nullable(),
    created_at: iso,
  })),
});
export const WebhookTestResponse = z.object({ ...ok, delivery_id: z.string() });
