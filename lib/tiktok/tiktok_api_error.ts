/**
 * A failure reported by TikTok (or its sandbox), with TikTok's own code and
 * log_id kept so they can be shown to the user and searched in logs.
 * @module
 */
/**
 * The most of TikTok's own words kept: they go into PM3K's answers,
 * stored posts and logs, and an answer's size is not ours to choose.
 */
export const TIKTOK_TEXT_MAX = 500;

/** `text` cut to {@link TIKTOK_TEXT_MAX} characters, marked when cut. */
function clipped(text: string): string {
  if (text.length <= TIKTOK_TEXT_MAX) return text;
  // Never half of a character written as two UTF-16 units.
  const end = /[\uD800-\uDBFF]/.test(text[TIKTOK_TEXT_MAX - 1])
    ? TIKTOK_TEXT_MAX - 1
    : TIKTOK_TEXT_MAX;
  return `${text.slice(0, end)}…`;
}

/**
 * Not an `AppError`: TikTok's code decides PM3K's answer, mapped by
 * lib/posting/tiktok_errors.ts, and some callers act on one code first (a
 * refused refresh, a post that cannot be made now)
 * (docs/architecture.md#errors-below-the-domain).
 */
export class TikTokApiError extends Error {
  /** TikTok's `error` (OAuth) or `error.code` (v2 APIs), or `network_error`. */
  readonly tiktokCode: string;
  readonly httpStatus: number;
  readonly logId: string | null;

  constructor(
    tiktokCode: string,
    message: string,
    options: { httpStatus: number; logId?: string | null; cause?: unknown },
  ) {
    super(clipped(message), { cause: options.cause });
    this.name = "TikTokApiError";
    this.tiktokCode = clipped(tiktokCode);
    this.httpStatus = options.httpStatus;
    this.logId = options.logId ?? null;
  }
}
