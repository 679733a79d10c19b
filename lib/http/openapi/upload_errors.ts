/**
 * The errors checking and recording a file can meet, shared in the docs by
 * the routes that take the file in one request: the body itself
 * (/api/uploads) and a URL PM3K downloads (/api/uploads/from_url).
 */
import type { ErrorCode } from "../../errors.ts";

export const FILE_CHECK_ERRORS: ErrorCode[] = [
  "unsupported_file_type",
  "unsupported_image_type",
  "file_too_large",
  "image_too_large",
  "image_too_large_px",
  "too_many_images",
  "upload_limit",
  "upload_expired",
];
