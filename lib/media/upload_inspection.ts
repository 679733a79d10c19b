/**
 * What completing an upload decides, without touching KV or storage: given
 * the pending upload, what storage reports about its object and the file's
 * first bytes, whether the upload is refused (and why) or accepted (and
 * what it really is). `completeUpload` reads the facts in this order and
 * stops at the first refusal.
 * @module
 */
import { AppError } from "../errors.ts";
import type { Plan } from "../plans.ts";
import type { ObjectInfo } from "../storage/object_storage.ts";
import {
  CONVERT_TO_JPEG,
  imageNotTakenNamed,
  sniffImageNotTaken,
  sniffMediaType,
} from "./media_types.ts";
import { answerInPlaceOfFile } from "./text_answer.ts";
import { probeImage } from "./image_probe.ts";
import { fileTooLarge, imageTooLarge } from "./size_refusals.ts";
import { PHOTO_MAX_BYTES, photoSizeError } from "./photo_rules.ts";
import type { ImageProbe, UploadRecord } from "./media_record.ts";

/** What the first bytes showed of an accepted upload. */
export interface AcceptedContent {
  /** The type the bytes show (it replaces the declared one). */
  contentType: string;
  /** The container's extension, which picks the video probe. */
  ext: string;
  /** An image's format and pixel size; null for a video. */
  image: ImageProbe | null;
}

/** 1. Before asking storage: the upload window must still be open. */
export function checkUploadWindow(
  record: UploadRecord,
  now: number,
): AppError | null {
  if (record.expiresAt > now) return null;
  return new AppError(
    "upload_expired",
    "The upload window (1 hour) has passed; start a new upload.",
  );
}

/** The refusal of an upload whose object is not in storage. */
export function noFileArrived(): AppError {
  // Every refusal deletes the upload (upload_completion.ts): telling the
  // client to PUT now would send it to an upload that is no more.
  return new AppError(
    "upload_not_received",
    "No file arrived before completing, and this upload is now deleted: start a new one (POST /api/uploads; MCP: start_upload), PUT the file to its upload_url, then complete it.",
  );
}

/**
 * 2. What storage reports (null: no object): the file arrived, with the
 * declared size, within the plan's file size. Returns the object when it
 * passes.
 */
export function checkStoredObject(
  record: UploadRecord,
  plan: Plan,
  stored: ObjectInfo | null,
): ObjectInfo | AppError {
  if (!stored) return noFileArrived();
  if (stored.size !== record.declaredSize) {
    return new AppError(
      "size_mismatch",
      `The file has ${stored.size} bytes but ${record.declaredSize} were declared, and this upload is now deleted: start a new one with the file's exact size in bytes (POST /api/uploads; MCP: start_upload), PUT the file to its upload_url, then complete it.`,
    );
  }
  if (stored.size > plan.maxFileBytes) {
    return fileTooLarge(plan);
  }
  return stored;
}

/**
 * 3. The file's first bytes: an album image must be a JPEG or WebP within
 * TikTok's photo limits, any other upload an MP4, MOV or WebM video.
 */
export function inspectContent(
  record: UploadRecord,
  size: number,
  head: Uint8Array,
): AcceptedContent | AppError {
  const sniffed = sniffMediaType(head);
  if (record.kind === "image") {
    if (!sniffed || sniffed.kind !== "image") {
      const answer = answerInPlaceOfFile(head, "image");
      if (answer) return answer;
      return notJpegOrWebp("the file content", sniffed ? null : head);
    }
    if (size > PHOTO_MAX_BYTES) {
      return imageTooLarge();
    }
    const image = probeImage(head);
    if (!image) {
      return new AppError(
        "unsupported_image_type",
        "The image header cannot be read.",
      );
    }
    const tooLarge = photoSizeError(image.width, image.height);
    if (tooLarge) return tooLarge;
    return { contentType: sniffed.contentType, ext: sniffed.ext, image };
  }
  if (!sniffed || sniffed.kind !== "video") {
    const answer = answerInPlaceOfFile(head, "video");
    if (answer) return answer;
    return new AppError(
      "unsupported_file_type",
      "The file content is not an MP4, MOV or WebM video.",
    );
  }
  return { contentType: sniffed.contentType, ext: sniffed.ext, image: null };
}

/**
 * The refusal of an album image whose bytes (`head`, null when they are a
 * video) are no JPEG or WebP; a PNG or GIF is named, with what to do
 * (docs/media.md#photo-mode). `what` is "the file content", "the source".
 */
export function notJpegOrWebp(what: string, head: Uint8Array | null): AppError {
  const notTaken = head ? sniffImageNotTaken(head) : null;
  return new AppError(
    "unsupported_image_type",
    notTaken
      ? `Only JPEG/WebP allowed: ${what} is ${
        imageNotTakenNamed(notTaken)
      }, not a JPEG or WebP image: ${CONVERT_TO_JPEG}.`
      : `Only JPEG/WebP allowed: ${what} is not a JPEG or WebP image.`,
  );
}
