/** The errors a post can meet, shared by direct_post and /api/jobs in the docs. */
import type { ErrorCode } from "../errors.ts";

export const POSTING_ERRORS: ErrorCode[] = [
  "links_forbidden",
  "forbidden_word",
  "domain_not_verified",
  "too_few_images",
  "too_many_images",
  "cover_out_of_range",
  "unsupported_file_type",
  "unsupported_image_type",
  "image_too_large",
  "image_too_large_px",
  "content_length_required",
  "file_too_large",
  "video_duplicate",
  "caption_duplicate_account",
  "caption_global_spam",
  "tiktok_cooldown",
  "daily_limit",
  "interval_limit",
  "tiktok_rate_limit",
  "tiktok_reauth_required",
  "tiktok_error",
  "proxy_error",
  "conflict",
];
