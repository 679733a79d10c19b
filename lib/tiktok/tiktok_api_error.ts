/**
 * A failure reported by TikTok (or its sandbox), with TikTok's own code and
 * log_id kept so they can be shown to the user and searched in logs.
 * @module
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
    super(message, { cause: options.cause });
    this.name = "TikTokApiError";
    this.tiktokCode = tiktokCode;
    this.httpStatus = options.httpStatus;
    this.logId = options.logId ?? null;
  }
}
