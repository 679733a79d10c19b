/**
 * Refusals of what a fetched source answered (an upload from a URL, a copy
 * from a verified domain): a web page in place of the file (a Google Drive
 * file not yet shared answers its sign-in page), a file that is not a video
 * or image, an empty one, one too large, a video TikTok would refuse, an
 * image host sending no Content-Length. They are the source's state at that
 * moment, not the request's content: the same request is answered
 * otherwise once the file is shared or replaced, so an Idempotency-Key does
 * not keep them (docs/posting.md#idempotency). Nothing was stored or
 * counted for them.
 * @module
 */
import { AppError } from "../errors.ts";
import type { ErrorCode } from "../errors.ts";

/** The file checks' refusals of a file a source answered. */
export const FILE_REFUSAL_CODES = [
  "unsupported_file_type",
  "unsupported_image_type",
  "file_too_large",
  "image_too_large",
  "image_too_large_px",
] as const satisfies readonly ErrorCode[];

/** The codes such a refusal has, when the source's answer decided it. */
export const SOURCE_REFUSAL_CODES = [
  "bad_request",
  "content_length_required",
  ...FILE_REFUSAL_CODES,
] as const satisfies readonly ErrorCode[];

/**
 * `error` marked `ofSource` when it is one of these refusals, thrown while
 * reading and checking a source (the caller's refusals of the request or
 * the account happen before, and are not passed here); anything else as
 * it is.
 */
export function asSourceRefusal(error: unknown): unknown {
  if (
    !(error instanceof AppError) || error.ofSource ||
    !(SOURCE_REFUSAL_CODES as readonly string[]).includes(error.code)
  ) {
    return error;
  }
  return new AppError(error.code, error.message, {
    extra: error.extra,
    cause: error.cause ?? error,
    ofSource: true,
  });
}
