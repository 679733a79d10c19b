/**
 * The extra fields of the contract's errors, for the OpenAPI document: the
 * ones the contract's examples show (`retry_after` and `resetAt` of the
 * status limits, `cooldown`, `retry_after_seconds` of TikTok's 429) and those
 * PM3K adds to the same errors (docs/api.md#error-codes,
 * docs/posting.md#errors-of-a-post). An error response of an operation lists
 * each field one of its codes may carry (a field naming `paths` only on
 * those operations), optional, with the codes named in its description;
 * other fields are still allowed (the envelope is open).
 * @module
 */
import type { ErrorCode } from "../../errors.ts";
import { FETCHED_URL_CODES } from "../../media/upload_from_url.ts";

interface ErrorField {
  codes: readonly ErrorCode[];
  /** The operations' paths it is on; on every one with one of its codes if absent. */
  paths?: readonly string[];
  schema: Record<string, unknown>;
  description: string;
}

const isoTime = { type: "string", format: "date-time" };

/** The errors that pass on a refusal of TikTok's, with TikTok's side of it. */
const TIKTOK_REFUSAL_CODES: readonly ErrorCode[] = [
  "tiktok_error",
  "tiktok_inbox_full",
  "tiktok_unaudited_private_only",
  "tiktok_active_user_cap",
  "tiktok_scope_missing",
];

export const ERROR_FIELDS: Readonly<Record<string, ErrorField>> = {
  issues: {
    codes: ["bad_request"],
    schema: {
      type: "array",
      items: {
        type: "object",
        required: ["path", "message"],
        properties: {
          path: { type: "string" },
          message: { type: "string" },
        },
      },
    },
    description: "each schema error or unknown field",
  },
  allowed_privacy: {
    codes: ["bad_request", "privacy_unaudited_app"],
    schema: { type: "array", items: { type: "string" } },
    description: "the privacy values the creator may use",
  },
  domain: {
    codes: ["domain_not_verified", "domain_verification_failed"],
    schema: { type: "string" },
    description: "the host to add and verify",
  },
  retry_after: {
    codes: [
      "rate_limited",
      "rate_limit_status",
      "hourly_limit_status",
      "tiktok_cooldown",
      "daily_limit",
      "interval_limit",
      "upload_limit",
    ],
    schema: isoTime,
    description:
      "when a retry can succeed (ISO 8601, UTC); not on a job's run time refused by the calendar",
  },
  not_posted_from: {
    codes: ["conflict"],
    paths: ["/api/tiktok/posts/{id}/not_posted"],
    schema: isoTime,
    description:
      "when a post whose outcome is unknown may be marked not posted, if it is still missing from the TikTok profile",
  },
  resetAt: {
    codes: ["hourly_limit_status"],
    schema: isoTime,
    description: "when the hour window of /status calls resets",
  },
  cooldown: {
    codes: ["status_cooldown"],
    schema: { type: "string", const: "until_next_post" },
    description: "/status polling waits for the account's next post",
  },
  retry_after_seconds: {
    codes: [
      "tiktok_rate_limit",
      "tiktok_cooldown",
      "ingest_limit",
      "idempotency_in_progress",
      "database_busy",
      "tiktok_token_busy",
    ],
    schema: { type: "integer", minimum: 0 },
    description:
      "seconds to wait: for TikTok's codes, until TikTok's cooldown ends (10800 when it starts; do not auto-retry); for the others, before a retry may find a free ingest slot, the request's answer, the database free or the account's TikTok token renewed",
  },
  in_progress_until: {
    codes: ["idempotency_in_progress"],
    schema: isoTime,
    description:
      "when the request holding the key can no longer be running: a retry after it with no answer stored runs anew",
  },
  max_concurrent: {
    codes: ["ingest_limit"],
    schema: { type: "integer", minimum: 1 },
    description: "how many sources an account may copy at once",
  },
  expired_at: {
    codes: ["key_expired"],
    schema: isoTime,
    description: "when the API key expired",
  },
  request_id: {
    codes: ["internal_error"],
    schema: { type: "string" },
    description: "the request's id (X-Request-Id), for support",
  },
  fields: {
    codes: ["bad_request"],
    paths: ["/api/tiktok/direct_post", "/api/jobs"],
    schema: { type: "array", items: { type: "string" } },
    description:
      "a draft (post_mode MEDIA_UPLOAD) naming fields TikTok's inbox takes no value for: those fields",
  },
  missing_scope: {
    codes: ["tiktok_scope_missing"],
    schema: { type: "string" },
    description:
      "the TikTok permission the call needs (a post mode's, or video.list for a post's stats)",
  },
  state: {
    codes: ["conflict"],
    paths: ["/api/jobs/{id}"],
    schema: { type: "string" },
    description: "the job's state, which no longer allows the change",
  },
  reason: {
    codes: ["source_too_slow", "domain_verification_failed"],
    schema: { type: "string" },
    description:
      "source_too_slow: deadline or below_floor; domain_verification_failed: what was wrong with the verification file",
  },
  bytes_received: {
    codes: ["source_too_slow"],
    schema: { type: "integer", minimum: 0 },
    description: "the bytes of the source received before it was given up",
  },
  minutes_left: {
    codes: ["interval_limit"],
    schema: { type: "integer", minimum: 1 },
    description: "the N of the message's 'about N more minutes'",
  },
  conflicting_at: {
    codes: ["interval_limit"],
    schema: isoTime,
    description:
      "a job's run_at, or a post made now, refused by the calendar: the post or scheduled post less than an hour from it",
  },
  next_free_at: {
    codes: [
      "interval_limit",
      "daily_limit",
      "tiktok_cooldown",
      "tiktok_error",
      "tiktok_active_user_cap",
    ],
    schema: isoTime,
    description:
      "a job's run_at, or a post made now, refused by the calendar: the first time the account's calendar takes; a job's run_at inside TikTok's cooldown: the cooldown's end; a job's run_at within 24 hours while TikTok's daily cap is reached (spam_risk_too_many_posts, reached_active_user_cap): 24 hours and 5 minutes from now, to the minute",
  },
  job_id: {
    codes: [
      "interval_limit",
      "conflict",
      "video_duplicate",
      "caption_duplicate_account",
    ],
    schema: { type: "string" },
    description:
      "the scheduled post in the way: of a post made now, of media being deleted, or the one that already has this video or caption",
  },
  post_id: {
    codes: [
      "conflict",
      "tiktok_error",
      "video_duplicate",
      "caption_duplicate_account",
    ],
    schema: { type: "string" },
    description:
      "media being deleted: the post TikTok is still fetching it for; tiktok_error with outcome unknown: the post, listed with state unknown; video_duplicate, caption_duplicate_account: the post that already has this video or caption",
  },
  outcome: {
    codes: ["tiktok_error"],
    paths: ["/api/tiktok/direct_post"],
    schema: { type: "string", const: "unknown" },
    description:
      "TikTok did not answer the post's request in time, so it may or may not be posted: it is kept, listed with state unknown (post_id), and its video and caption stay reserved",
  },
  run_at: {
    codes: ["conflict", "video_duplicate", "caption_duplicate_account"],
    schema: isoTime,
    description:
      "the run time of the scheduled post in the way: using media being deleted, or already having this video or caption",
  },
  next_step: {
    codes: ["video_duplicate", "caption_duplicate_account"],
    schema: { type: "string" },
    description:
      "with job_id: what frees this video or caption from the scheduled post in the way (its media cannot be changed: cancel it; its caption can be changed), naming the REST call and the MCP tool; video_duplicate with post_id alone: until when that post holds the link (12 months after it), and the way to post the video before then (upload the file again: a new upload is a new link; or mark that post not posted if its outcome is unknown); caption_duplicate_account with post_id alone: until when that post holds the caption (12 months after it), and the way to post before then (change the caption; or mark that post not posted if its outcome is unknown)",
  },
  tiktok_code: {
    codes: TIKTOK_REFUSAL_CODES,
    schema: { type: "string" },
    description: "TikTok's error code",
  },
  log_id: {
    codes: TIKTOK_REFUSAL_CODES,
    schema: { type: ["string", "null"] },
    description: "TikTok's log_id",
  },
  tiktok_http_status: {
    codes: TIKTOK_REFUSAL_CODES,
    schema: { type: ["integer", "null"] },
    description: "TikTok's HTTP status (null when it did not answer)",
  },
  source_status: {
    codes: ["proxy_error"],
    schema: { type: "integer" },
    description: "the source's HTTP status, when it answered other than 2xx",
  },
  detected_type: {
    codes: ["unsupported_file_type", "unsupported_image_type"],
    paths: [
      "/api/uploads",
      "/api/uploads/from_url",
      "/api/uploads/{id}/complete",
      // A verified domain's source copied for a post (docs/media.md#ingest).
      "/api/tiktok/direct_post",
      "/api/jobs",
    ],
    schema: { type: "string" },
    description:
      "what the bytes are: the image type (image/jpeg, image/webp; image/png, image/gif, which a photo post does not take either), when an image was sent without album_id; application/xml or application/json, when the file is a text answer (most likely the source's error) in the file's place",
  },
  fetched_url: {
    codes: FETCHED_URL_CODES,
    paths: ["/api/uploads/from_url"],
    schema: { type: "string", format: "uri" },
    description:
      "given a Google Drive, Dropbox or OneDrive/SharePoint share link, the direct download form fetched in its place",
  },
};

/**
 * The extra fields an error response with these codes may carry, on the
 * operation at `path` (OpenAPI style).
 */
export function errorFieldsOf(
  codes: readonly ErrorCode[],
  path: string,
): Record<string, Record<string, unknown>> {
  const fields: Record<string, Record<string, unknown>> = {};
  for (const [name, field] of Object.entries(ERROR_FIELDS)) {
    if (field.paths && !field.paths.includes(path)) continue;
    const given = field.codes.filter((c) => codes.includes(c));
    if (given.length === 0) continue;
    fields[name] = {
      ...field.schema,
      description: `${given.join(", ")}: ${field.description}`,
    };
  }
  return fields;
}

/** The fields every error has (the envelope). */
const ENVELOPE = new Set(["ok", "error", "message"]);

/**
 * The fields of an error answer `body` with `code`, from the operation at
 * `path` (OpenAPI style), that the document does not describe: strict mode
 * (documented_answers.ts) reports them, so this table stays complete.
 */
export function undocumentedErrorFields(
  body: Record<string, unknown>,
  code: ErrorCode,
  path: string,
): string[] {
  return Object.keys(body).filter((name) => {
    if (ENVELOPE.has(name)) return false;
    const field = Object.hasOwn(ERROR_FIELDS, name) ? ERROR_FIELDS[name] : null;
    return !field || !field.codes.includes(code) ||
      (field.paths !== undefined && !field.paths.includes(path));
  });
}
