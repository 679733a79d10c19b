/**
 * The one error type of PM3K. Every failure a caller can see carries a stable
 * `code` from the API's error codes (docs/api.md#error-codes), the HTTP
 * status that goes with it, and optional extra fields that are merged into
 * the JSON body.
 * @module
 */

/** HTTP status for each error code, as docs/api.md#error-codes lists them. */
export const ERROR_STATUS = {
  bad_request: 400,
  unsupported_file_type: 400,
  unsupported_image_type: 400,
  image_too_large: 400,
  image_too_large_px: 400,
  too_few_images: 400,
  too_many_images: 400,
  cover_out_of_range: 400,
  content_length_required: 400,
  domain_not_verified: 400,
  upload_not_received: 400,
  size_mismatch: 400,
  upload_expired: 400,
  domain_verification_failed: 400,
  links_forbidden: 400,
  forbidden_word: 400,
  video_duplicate: 400,
  caption_duplicate_account: 400,
  caption_global_spam: 400,
  privacy_unaudited_app: 400,
  unauthorized: 401,
  key_expired: 401,
  tiktok_reauth_required: 401,
  forbidden: 403,
  csrf_rejected: 403,
  tiktok_scope_missing: 403,
  tiktok_unaudited_private_only: 403,
  tiktok_active_user_cap: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  plan_required: 409,
  account_switched: 409,
  idempotency_conflict: 409,
  idempotency_in_progress: 409,
  upload_closed: 409,
  media_changed: 409,
  payload_too_large: 413,
  file_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  upload_limit: 429,
  ingest_limit: 429,
  tiktok_cooldown: 429,
  tiktok_rate_limit: 429,
  tiktok_inbox_full: 429,
  daily_limit: 429,
  interval_limit: 429,
  rate_limit_status: 429,
  status_cooldown: 429,
  hourly_limit_status: 429,
  internal_error: 500,
  tiktok_error: 502,
  proxy_error: 502,
  source_too_slow: 504,
  storage_unavailable: 503,
  kv_unavailable: 503,
  database_busy: 503,
  tiktok_token_busy: 503,
} as const;

/** A code from the catalogue above. */
export type ErrorCode = keyof typeof ERROR_STATUS;

/** Extra JSON fields some errors carry (`issues`, `retry_after`, …). */
export type ErrorExtra = Record<string, unknown>;

/**
 * The instant (ms) a refused request may be tried again, from the error's
 * `retry_after` (an ISO time, first when both are there) or its
 * `retry_after_seconds` counted from `now`; null when it says neither.
 */
export function retryAtMs(extra: ErrorExtra, now: number): number | null {
  if (typeof extra.retry_after === "string") {
    const ms = Date.parse(extra.retry_after);
    if (!Number.isNaN(ms)) return ms;
  }
  if (typeof extra.retry_after_seconds === "number") {
    return now + extra.retry_after_seconds * 1000;
  }
  return null;
}

/** An expected failure with an API error code; never carries a stack to clients. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly extra: ErrorExtra;
  /**
   * A refusal of what an outside source answered at that moment (a URL
   * PM3K fetched: a sign-in page of a file not yet shared, a file not a
   * video), not of the request itself: the same request is answered
   * otherwise once the source changes, so an Idempotency-Key does not keep
   * it (docs/posting.md#idempotency).
   */
  readonly ofSource: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    options: { extra?: ErrorExtra; cause?: unknown; ofSource?: boolean } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.extra = options.extra ?? {};
    this.ofSource = options.ofSource ?? false;
  }

  /** The API's JSON error envelope (docs/api.md#format-and-authentication). */
  toJSON(): Record<string, unknown> {
    return {
      ok: false,
      error: this.code,
      message: this.message,
      ...this.extra,
    };
  }
}

/** The first line of an error's message: a one-line refusal to print. */
export function firstLineOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error))
    .split("\n")[0];
}

/**
 * A client's text quoted in a message, cut to `max` characters: an id of
 * any length (paths allow one) must not make the answer, or the log line,
 * as long as itself. Controls, invisible format characters and line
 * separators are written as `\u{202E}`: a right-to-left override would
 * turn the rest of the sentence around where it is shown, a zero-width
 * space would hide what was sent (docs/api.md#errors).
 */
export function echoed(text: string, max = 80): string {
  const chars = Array.from(text);
  const cut = chars.length <= max ? chars : [...chars.slice(0, max), "…"];
  return cut.map((ch) =>
    /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]$/u.test(ch)
      ? `\\u{${ch.codePointAt(0)!.toString(16).toUpperCase()}}`
      : ch
  ).join("");
}

/**
 * A client's URL in a message, quoted: cut after 200 characters, as a path
 * is, and spelt out as {@link echoed} does. A post's source_url may be
 * 4,096 characters (docs/api.md#errors).
 */
export function quotedUrl(url: string): string {
  return `"${echoed(url, 200)}"`;
}

/**
 * The 404 of an id this account has no `what` (job, post, upload…) under;
 * `more`, what the id is instead (lib/posting/id_kinds.ts), follows it.
 */
export function notOnAccount(
  what: string,
  id: string,
  more?: string | null,
): AppError {
  return new AppError(
    "not_found",
    `No ${what} "${echoed(id)}" on this account${more ? `: ${more}` : "."}`,
  );
}
