/**
 * How long a file uploaded in one request may be, judged from its
 * Content-Length before a byte of the body is read
 * (docs/api.md#uploads-in-one-request): no byte is waited for and nothing
 * is started. (Deno's server answers `Expect: 100-continue` with
 * `100 Continue` itself once it has read the head, whatever the handler
 * does; the refusal follows.)
 * A raw body is the file: its length is the file's. A form holds
 * its file and, around it, its fields, part headers and boundaries: at most
 * {@link FORM_OVERHEAD_BYTES}, a bound kept while it streams as well, so
 * that a chunked form is refused where a framed one would be.
 * @module
 */
import { AppError } from "../errors.ts";
import type { Account } from "../accounts/account_record.ts";
import { fileSizeError, uploadCap } from "../media/upload_start.ts";
import type { AppContext } from "./app_types.ts";
import { cappedStream, framedLength } from "./request_body_stream.ts";

/**
 * The bytes a form may hold besides its file: a few small fields
 * (album_id), part headers and boundaries take well under 1 KiB.
 */
export const FORM_OVERHEAD_BYTES = 64 * 1024;

/**
 * Refuses a raw body whose Content-Length is over the file's cap.
 * @throws {AppError} `file_too_large`, `image_too_large`
 */
export function refuseLongFile(
  c: AppContext,
  account: Account,
  albumId: string | undefined,
): void {
  const length = framedLength(c.req);
  if (length === undefined) return;
  const refusal = fileSizeError(account, albumId, length);
  if (refusal) throw refusal;
}

/**
 * The most bytes of a form whose file goes to `albumId` (or is a video),
 * and its refusal. An album_id sent as a field, not in the query, is not
 * known yet: the form is then bounded by the plan's file size, and its
 * image by 20 MB once the field is read (upload_start.ts `uploadCap`).
 */
export function formLimit(
  account: Account,
  albumId: string | undefined,
): { bytes: number; tooLarge: AppError } {
  const cap = uploadCap(account, albumId);
  const bytes = cap.bytes + FORM_OVERHEAD_BYTES;
  return {
    bytes,
    tooLarge: new AppError(
      cap.tooLarge.code,
      `${cap.tooLarge.message} A form may hold the file and ${FORM_OVERHEAD_BYTES} bytes of fields around it: ${bytes} bytes in all.`,
    ),
  };
}

/**
 * A form's body, refused from its Content-Length when over `limit`, else
 * errored with the refusal (and the request's body cancelled) once more
 * than `limit.bytes` have come.
 * @throws {AppError} `limit.tooLarge` for a Content-Length over it
 */
export function boundedForm(
  c: AppContext,
  body: ReadableStream<Uint8Array>,
  limit: { bytes: number; tooLarge: AppError },
): ReadableStream<Uint8Array> {
  const length = framedLength(c.req);
  if (length !== undefined && length > limit.bytes) throw limit.tooLarge;
  return cappedStream(body, limit.bytes, limit.tooLarge, true);
}
