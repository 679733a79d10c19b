import { z } from "zod";
import { jsonOk, readJsonBody } from "@/lib/http/json_body.ts";
import {
  CreateUploadBody,
  RawUploadQuery,
  UploadFormFields,
  UploadListQuery,
} from "@/lib/http/api_schemas.ts";
import { checkedQuery } from "@/lib/http/api_query.ts";
import {
  completedUploadJson,
  startedUploadJson,
  uploadJson,
} from "@/lib/http/media_json.ts";
import { newUploadInput } from "@/lib/http/upload_input.ts";
import {
  answerIdempotently,
  IDEMPOTENCY_ERRORS,
  IDEMPOTENCY_KEY_HEADER,
  refuseKeyOnStreamedFile,
} from "@/lib/http/idempotent_answer.ts";
import { createUpload } from "@/lib/media/upload_start.ts";
import { uploadPage } from "@/lib/media/upload_list.ts";
import { uploadStream } from "@/lib/media/streamed_upload.ts";
import {
  multipartUploadFile,
  rawUploadFile,
  unsupportedUploadBody,
  uploadBodyKind,
  uploadQuery,
} from "@/lib/http/upload_body.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import {
  CompletedUploadResponse,
  StartedUploadResponse,
  UploadListResponse,
} from "@/lib/http/api_responses.ts";
import type { RouteDocs } from "@/lib/http/openapi/route_docs.ts";
import { FILE_CHECK_ERRORS } from "@/lib/http/openapi/upload_errors.ts";

export const handler: Handlers = {
  async POST(c) {
    const kind = uploadBodyKind(c.req.header("content-type"));
    const query = uploadQuery(c, kind);
    if (kind === "raw" || kind === "multipart") {
      refuseKeyOnStreamedFile(c);
      const file = kind === "raw"
        ? rawUploadFile(c, query)
        : await multipartUploadFile(c, query);
      const done = await uploadStream(
        c.get("deps"),
        c.get("apiAccount"),
        file,
      );
      return jsonOk<CompletedUploadResponse>(c, completedUploadJson(done));
    }
    if (kind === null) {
      throw unsupportedUploadBody(c.req.header("content-type"));
    }
    // A retried start answers the upload started, not a second one
    // counted against the day (docs/posting.md#idempotency).
    return await answerIdempotently(c, "POST /api/uploads", async () => {
      const body = await readJsonBody(c, CreateUploadBody);
      const started = await createUpload(
        c.get("deps"),
        c.get("apiAccount"),
        newUploadInput(body),
      );
      const answer: StartedUploadResponse = {
        ok: true,
        ...startedUploadJson(started),
      };
      return { status: 200, body: answer };
    });
  },
  async GET(c) {
    const query = checkedQuery(c, UploadListQuery);
    const page = await uploadPage(
      c.get("deps"),
      c.get("apiAccount").openId,
      query,
    );
    return jsonOk<UploadListResponse>(c, {
      uploads: page.uploads.map(uploadJson),
      cursor: page.cursor,
    });
  },
};

export const docs: RouteDocs = {
  POST: {
    summary:
      "Upload a file in one request, or start a presigned upload (PUT the bytes to upload_url, then complete it)",
    description:
      "The request's Content-Type picks the way (docs/api.md#uploads-in-one-request). " +
      "`application/json`: starts a presigned upload and answers its `upload_url`. " +
      "A media type (`video/*`, `image/*`, or `application/octet-stream` to let the bytes tell): the body is the file, " +
      "named by `?filename=` (and put into `?album_id=`); the server streams it to storage, checks it and answers as " +
      "`/api/uploads/{id}/complete` does. `multipart/form-data`: the same, with the file as the `file` part and " +
      "`album_id` (if any) as a field before it, or in the query. Chunked bodies (no Content-Length) are fine; a file past the plan's " +
      "size is cut off there and refused, leaving nothing behind. An `Idempotency-Key` is taken by the JSON start only; " +
      "with a file in the body it is refused (400 `bad_request`): a streamed file is not kept to compare a retry with.",
    body: CreateUploadBody,
    fileBody: { formFields: UploadFormFields },
    query: RawUploadQuery,
    response: z.union([StartedUploadResponse, CompletedUploadResponse]),
    headers: [IDEMPOTENCY_KEY_HEADER],
    errors: [
      ...IDEMPOTENCY_ERRORS,
      ...FILE_CHECK_ERRORS,
      "storage_unavailable",
      "not_found",
      "conflict",
    ],
  },
  GET: {
    summary: "The account's live uploads, newest first, paginated",
    description:
      "Completed, unexpired uploads that are not album images (those are listed with their album). " +
      "Pages as GET /api/jobs does (docs/api.md#list-cursors): `limit` 1 to 100 (50 when left out), " +
      "and the answer's `cursor` as `?cursor=` for the next page, null at the end.",
    query: UploadListQuery,
    response: UploadListResponse,
    errors: ["bad_request"],
  },
};
