/**
 * Uploads in one request (docs/media.md#uploads-in-one-request): the file
 * arrives as a stream (a raw request body, the file part of a multipart
 * form, or a source PM3K fetches) and goes to a new upload's staging key as
 * it comes, cut at the plan's size (nothing kept past it); then the same
 * completion as a presigned upload (`completeUpload`) moves, checks and
 * records it. Whatever fails, nothing of the upload is left behind.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { AppError } from "../errors.ts";
import type { Account } from "../accounts/account_record.ts";
import { StorageError } from "../storage/object_storage.ts";
import type { ObjectInfo } from "../storage/object_storage.ts";
import { storageUnavailable } from "./storage_unavailable.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { logFailure } from "../runtime/logger.ts";
import {
  mediaTypeFor,
  sniffImageNotTaken,
  sniffMediaType,
} from "./media_types.ts";
import type { MediaType } from "./media_types.ts";
import { peekBody } from "./peeked_body.ts";
import {
  answerInPlaceOfFile,
  TEXT_ANSWER_BYTES,
  textAnswerOf,
} from "./text_answer.ts";
import { startUpload, uploadCap } from "./upload_start.ts";
import { completeUpload } from "./upload_completion.ts";
import type { CompletedUpload } from "./upload_completion.ts";
import { discardUpload } from "./upload_removal.ts";
import { digestingStream } from "./content_digest.ts";
import type { CompletionDeps } from "./upload_completion.ts";
import type { UploadRecord } from "./media_record.ts";

/**
 * Bytes enough to tell every accepted type apart (sniffMediaType), and a
 * web page's start after some whitespace (answerInPlaceOfFile).
 */
const SNIFF_BYTES = 64;

export type StreamedUploadDeps = CompletionDeps;

/** A file arriving as a stream. */
export interface StreamedFile {
  filename: string;
  /**
   * What the sender says the file is. The first bytes decide when they
   * show a type the upload takes; else this is checked as a declared type.
   */
  contentType: string;
  /** An album to add the image to; without one, the file is a video. */
  albumId?: string;
  body: ReadableStream<Uint8Array>;
  /** The bytes announced (a Content-Length), when known. */
  length?: number;
  /**
   * Settles once what carries the file is over (a multipart form's last
   * part); a rejection refuses the upload.
   */
  rest?: Promise<void>;
  /** What a failing body is refused with (a client gone, a source cut). */
  bodyFailed(error: unknown): AppError;
  /** Told once the whole file is stored, before it is checked. */
  stored?: () => void;
}

/**
 * Streams the file into a new upload and completes it.
 * @throws {AppError} `bad_request` (no bytes), the errors of
 *   `bodyFailed` and `rest`, those of starting an upload (`startUpload`)
 *   and of completing it (`completeUpload`)
 */
export async function uploadStream(
  deps: StreamedUploadDeps,
  account: Account,
  file: StreamedFile,
): Promise<CompletedUpload> {
  let peeked;
  try {
    peeked = await peekHead(file.body);
  } catch (error) {
    throw file.bodyFailed(error);
  }
  const { head, stream } = peeked;
  const sniffed = sniffMediaType(head);
  const kind = file.albumId ? "image" : "video";
  let record: UploadRecord;
  try {
    if (head.length === 0) {
      throw new AppError(
        "bad_request",
        "The file is empty: send its bytes as the body, or as the form's file part.",
      );
    }
    // A web page or an error answer saved in the file's place.
    const answer = answerInPlaceOfFile(head, kind);
    if (answer) throw answer;
    record = await startUpload(deps, account, {
      filename: file.filename,
      contentType: sniffed?.kind === kind
        ? sniffed.contentType
        : declaredOrNotTaken(file.contentType, kind, head),
      // Unknown until it has all arrived: the cap then cuts it.
      size: file.length ?? head.length,
      albumId: file.albumId,
    });
  } catch (error) {
    await stream.cancel(error);
    throw withDetectedImage(error, sniffed, head);
  }
  try {
    let stored;
    try {
      stored = await storeStaged(deps, account, record, stream, file);
    } catch (error) {
      // The body failing fails the write too: the body is what to report.
      const failure = peeked.failure();
      throw failure ? file.bodyFailed(failure.error) : error;
    }
    await file.rest;
    file.stored?.();
    await recordArrival(deps, record, stored);
    return await completeUpload(deps, account, record.id);
  } catch (error) {
    await discardUnlessGone(deps, record);
    throw error;
  }
}

/**
 * The body's first bytes, {@link SNIFF_BYTES} of them; a text answer's
 * (textAnswerOf), up to TEXT_ANSWER_BYTES, for the code it carries further
 * on: only text pays the longer wait, and a refusal follows.
 */
async function peekHead(body: ReadableStream<Uint8Array>) {
  const first = await peekBody(body, SNIFF_BYTES);
  return sniffMediaType(first.head) || !textAnswerOf(first.head)
    ? first
    : await peekBody(first.stream, TEXT_ANSWER_BYTES);
}

/**
 * A refusal of an image sent without an album as not a video, naming what
 * its bytes are (`detected_type`): sent as `application/octet-stream` or
 * from a link with no extension, nothing else tells the caller it was an
 * image, the one file that has a place, a photo album (docs/media.md#uploads).
 * A PNG or GIF is named too, the message adding that a photo post takes
 * JPEG or WebP only: the album would refuse it next.
 */
function withDetectedImage(
  error: unknown,
  sniffed: MediaType | null,
  head: Uint8Array,
): unknown {
  if (!(error instanceof AppError) || error.code !== "unsupported_file_type") {
    return error;
  }
  const notTaken = sniffed ? null : sniffImageNotTaken(head);
  const detected = sniffed?.kind === "image" ? sniffed.contentType : notTaken;
  if (!detected) return error;
  const message = notTaken
    ? `${error.message} This file is ${
      notTaken === "image/png" ? "a PNG" : "a GIF"
    } image (${notTaken}): photo posts take JPEG or WebP only, so convert it to JPEG first.`
    : error.message;
  return new AppError(error.code, message, {
    extra: { ...error.extra, detected_type: detected },
    cause: error.cause,
  });
}

/**
 * Writes the stream to the upload's staging key, cut at the plan's cap.
 * The bytes, a video's or an album image's, are hashed on their way
 * (docs/media.md#content-digest): completion then need not read them again.
 */
async function storeStaged(
  deps: StreamedUploadDeps,
  account: Account,
  record: UploadRecord,
  stream: ReadableStream<Uint8Array>,
  file: StreamedFile,
): Promise<ObjectInfo & { sha256: string }> {
  const cap = uploadCap(account, file.albumId);
  const digesting = digestingStream(stream);
  try {
    const info = await deps.storage.put(record.stagingKey!, digesting.stream, {
      contentType: record.contentType,
      contentLength: file.length,
      maxBytes: cap.bytes,
    });
    return { ...info, sha256: digesting.hex() };
  } catch (error) {
    if (error instanceof StorageError && error.failure === "too_large") {
      throw cap.tooLarge;
    }
    throw storageUnavailable(error);
  }
}

/**
 * The record's declared size becomes the size that arrived: completion
 * checks the stored object against it, as it does a presigned upload's;
 * the digest taken on the way is kept for completion.
 */
async function recordArrival(
  deps: Pick<AppDeps, "kv">,
  record: UploadRecord,
  { size, sha256 }: { size: number; sha256: string },
): Promise<void> {
  const entry = await getTyped(deps.kv, keys.upload(record.id));
  if (!entry.value) {
    throw new AppError(
      "upload_expired",
      "The upload took longer than its window (1 hour); start a new upload.",
    );
  }
  const done = await deps.kv.atomic().check(entry)
    .set(entry.key, {
      ...entry.value,
      declaredSize: size,
      sha256,
    })
    .commit();
  if (!done.ok) {
    throw new AppError("conflict", "The upload changed meanwhile; try again.");
  }
}

/**
 * Deletes what is left of a refused upload: completion deletes what it
 * refuses itself, not what failed before it or around it.
 */
async function discardUnlessGone(
  deps: StreamedUploadDeps,
  record: UploadRecord,
): Promise<void> {
  try {
    const left = (await getTyped(deps.kv, keys.upload(record.id))).value;
    if (left?.state === "complete") return;
    await discardUpload(deps, left ?? record);
  } catch (error) {
    // The refusal is the answer; what stays behind is swept (orphan_sweep.ts).
    logFailure(deps.log, "discarding a refused one-request upload", {
      open_id: record.openId,
      upload_id: record.id,
    })(error);
  }
}

/**
 * The type an album image is checked as when its bytes are no JPEG or
 * WebP: what it was declared as, unless that says nothing of an image
 * (`application/octet-stream`, a link with no type) and the bytes are a
 * PNG or GIF, which the refusal then names, with what to do
 * (docs/media.md#uploads-in-one-request).
 */
function declaredOrNotTaken(
  declared: string,
  kind: "image" | "video",
  head: Uint8Array,
): string {
  if (kind !== "image" || mediaTypeFor(declared)?.kind === "image") {
    return declared;
  }
  return sniffImageNotTaken(head) ?? declared;
}
