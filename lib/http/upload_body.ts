/**
 * How `POST /api/uploads` carries its file (docs/api.md#uploads-in-one-request):
 * a JSON body starts a presigned upload as before; a media body (`video/*`,
 * `image/*`, `application/octet-stream`) is the file itself, named by the
 * query; a `multipart/form-data` body holds it as its `file` part. The last
 * two stream: the API's 64 KiB body limit does not apply to them (the
 * plan's file size does, while they stream), and this module turns them
 * into the file streamed_upload.ts stores.
 * @module
 */
import type { z } from "zod";
import { checkedQuery } from "./api_query.ts";
import { AppError } from "../errors.ts";
import {
  FormFilename,
  RawUploadQuery,
  UploadFormFields,
} from "./api_schemas.ts";
import { FILE_FIELD, readMultipartUpload } from "./multipart_upload.ts";
import { validateBody } from "./json_body.ts";
import type { AppContext } from "./app_types.ts";
import type { StreamedFile } from "../media/streamed_upload.ts";
import { boundedForm, formLimit, refuseLongFile } from "./upload_length.ts";
import { framedLength } from "./request_body_stream.ts";
import { requireIdentity } from "./body_encoding.ts";
import { CURL_FORM_TYPE, declaredAs } from "./declared_body_type.ts";
import { baseType } from "../media/media_types.ts";

export type UploadBodyKind = "json" | "raw" | "multipart";

/** The route that takes files in one request (under api_app.ts's prefix). */
export const UPLOADS_PATH = "/api/uploads";

/** Declared types that say nothing of the file: its bytes tell. */
const UNTYPED = new Set(["application/octet-stream", "binary/octet-stream"]);

/** What a Content-Type makes of an upload request; null: none of them. */
export function uploadBodyKind(
  contentType: string | undefined,
): UploadBodyKind | null {
  const base = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (/^application\/([\w.+-]+\+)?json$/.test(base)) return "json";
  if (base === "multipart/form-data") return "multipart";
  if (/^(video|image)\/[\w.+-]+$/.test(base) || UNTYPED.has(base)) return "raw";
  return null;
}

/** True for a request streaming a file to {@link UPLOADS_PATH}. */
export function isStreamedUpload(c: AppContext): boolean {
  if (c.req.method !== "POST") return false;
  if (c.req.path.replace(/\/+$/, "") !== UPLOADS_PATH) return false;
  const kind = uploadBodyKind(c.req.header("content-type"));
  return kind === "raw" || kind === "multipart";
}

/**
 * The refusal of a body that is none of the three, naming what it was
 * declared as (curl's `-d` declares a form, `application/x-www-form-urlencoded`).
 */
export function unsupportedUploadBody(contentType?: string): AppError {
  const declared = ` ${declaredAs("This body", contentType)}${
    baseType(contentType) === CURL_FORM_TYPE
      ? ': use --data-binary @file with -H "Content-Type: video/mp4", or -F "file=@file"'
      : ""
  }.`;
  return new AppError(
    "unsupported_media_type",
    "Send the upload as JSON (Content-Type: application/json) to get an upload URL, or the file itself: as the body with its media type (video/mp4, image/jpeg…, or application/octet-stream to let the bytes tell), or as the file part of multipart/form-data." +
      declared,
  );
}

/**
 * The query of the request; only a raw body takes one.
 * @throws {AppError} `bad_request` naming what is wrong or unknown;
 *   `unsupported_media_type` for a body of none of the three ways
 */
export function uploadQuery(
  c: AppContext,
  kind: UploadBodyKind | null,
): z.infer<typeof RawUploadQuery> {
  const query = checkedQuery(c, RawUploadQuery);
  // A body of none of the three ways: its type is what is wrong, whatever
  // the query holds.
  if (kind === null) throw unsupportedUploadBody(c.req.header("content-type"));
  // A compressed file would be judged by its compressed bytes ("not an
  // MP4") or kept so: refused as a compressed JSON body is.
  if (kind !== "json") {
    requireIdentity(c.req.header("content-encoding"), "file");
  }
  // A form names its file itself; album_id may come in the query for
  // clients that cannot put a field before the file.
  const allowed = kind === "raw"
    ? ["filename", "album_id"]
    : kind === "multipart"
    ? ["album_id"]
    : [];
  const misplaced = Object.keys(query).filter((k) => !allowed.includes(k));
  if (misplaced.length > 0) {
    throw new AppError(
      "bad_request",
      `${
        misplaced.join(" and ")
      } cannot go in the query with this body: a JSON body carries its fields inside, a multipart form names its file in its file part (album_id may go in the query or as a field before the file).`,
    );
  }
  return query;
}

/** What a failing request body is answered with: the client went away. */
function requestBodyFailed(error: unknown): AppError {
  return new AppError(
    "bad_request",
    `The request body broke off before the file ended (${
      (error as Error)?.message ?? error
    }).`,
    { cause: error },
  );
}

/** The file of a raw body: the body itself, named by the query. */
export function rawUploadFile(
  c: AppContext,
  query: z.infer<typeof RawUploadQuery>,
): StreamedFile {
  // Before the first byte is read: the file is not waited for to refuse it.
  refuseLongFile(c, c.get("apiAccount"), query.album_id);
  return {
    filename: query.filename ?? "upload",
    contentType: c.req.header("content-type") ?? "",
    albumId: query.album_id,
    body: c.req.raw.body ?? new ReadableStream({ start: (s) => s.close() }),
    length: framedLength(c.req),
    bodyFailed: requestBodyFailed,
  };
}

/**
 * The file of a multipart form: its `file` part, with the fields before it
 * (album_id, or in the query). Stops reading the request when the fields
 * are refused.
 * @throws {AppError} `bad_request` for a form without a file part, broken,
 *   with an unknown field, or a file name over 255 UTF-16 units
 */
export async function multipartUploadFile(
  c: AppContext,
  query: z.infer<typeof RawUploadQuery>,
): Promise<StreamedFile> {
  const body = c.req.raw.body;
  if (!body) {
    throw new AppError("bad_request", `The form has no "${FILE_FIELD}" part.`);
  }
  // Refused from its Content-Length before a byte is read, else cut.
  const form = await readMultipartUpload(
    boundedForm(c, body, formLimit(c.get("apiAccount"), query.album_id)),
    c.req.header("content-type") ?? "",
  );
  let albumId;
  try {
    const fields = validateBody(form.fields, UploadFormFields);
    if (
      fields.album_id && query.album_id && fields.album_id !== query.album_id
    ) {
      throw new AppError(
        "bad_request",
        "The form's album_id and the query's differ: send one.",
      );
    }
    albumId = fields.album_id ?? query.album_id;
    // Bounded as ?filename= and a started upload's are, before a byte of
    // the file is stored (docs/media.md#uploads).
    validateBody({ filename: form.file.filename }, FormFilename);
  } catch (error) {
    form.cancel(error);
    throw error;
  }
  return {
    filename: form.file.filename || "upload",
    contentType: form.file.contentType,
    albumId,
    body: form.file.stream,
    rest: form.rest,
    bodyFailed: (error) =>
      error instanceof AppError ? error : requestBodyFailed(error),
  };
}
