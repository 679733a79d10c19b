/**
 * The refusals of a file too large, in one wording wherever the size is
 * found out (starting an upload, a streamed body cut at its cap,
 * completion, a copy): an album image past TikTok's 20 MB, in the
 * contract's words (docs/media.md#photo-mode), and any file past the
 * account's plan (docs/media.md#uploads).
 * @module
 */
import { AppError } from "../errors.ts";
import type { Plan } from "../plans.ts";
import { PHOTO_MAX_BYTES } from "./photo_limits.ts";

/**
 * 400 `image_too_large`: "Image exceeds 20 MB.", with the file's own
 * `size` when it is known (a size no file has, such as 1e300, is not worth
 * repeating).
 */
export function imageTooLarge(size?: number): AppError {
  const own = size !== undefined && Number.isSafeInteger(size)
    ? ` (${size} bytes)`
    : "";
  return new AppError(
    "image_too_large",
    `Image exceeds ${PHOTO_MAX_BYTES / 1_000_000} MB${own}.`,
  );
}

/** 413 `file_too_large`: past what `plan` allows, naming both. */
export function fileTooLarge(plan: Plan): AppError {
  return new AppError(
    "file_too_large",
    `File is larger than your plan allows (${
      plan.maxFileBytes / 1_000_000
    } MB on ${plan.name}).`,
  );
}
