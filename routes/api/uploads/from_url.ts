import { readJsonBody } from "@/lib/http/json_body.ts";
import {
  answerIdempotently,
  IDEMPOTENCY_ERRORS,
  IDEMPOTENCY_KEY_HEADER,
} from "@/lib/http/idempotent_answer.ts";
import {
  FROM_URL_FIELD_HINTS,
  UploadFromUrlBody,
} from "@/lib/http/api_schemas.ts";
import { completedUploadJson } from "@/lib/http/media_json.ts";
import { uploadFromUrl } from "@/lib/media/upload_from_url.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import { CompletedUploadResponse } from "@/lib/http/api_responses.ts";
import type { RouteDocs } from "@/lib/http/openapi/route_docs.ts";
import { FILE_CHECK_ERRORS } from "@/lib/http/openapi/upload_errors.ts";

export const handler: Handlers = {
  // A copy can take minutes: a client (or a proxy) that gave up on the
  // answer retries with the same key and gets the upload made, rather than
  // a second one counted against the day (docs/api.md#uploads-from-a-url).
  POST: (c) =>
    answerIdempotently(c, "POST /api/uploads/from_url", async (keyed) => {
      const body = await readJsonBody(c, UploadFromUrlBody, {
        hints: FROM_URL_FIELD_HINTS,
      });
      const done = await uploadFromUrl(
        c.get("deps"),
        c.get("apiAccount").openId,
        {
          url: body.url,
          albumId: body.album_id,
          // A client gone stops the copy (the dashboard's Cancel), unless
          // it sent a key to come back for the answer with
          // (docs/media.md#uploads-from-a-url).
          signal: keyed ? undefined : c.req.raw.signal,
        },
      );
      const answer: CompletedUploadResponse = {
        ok: true,
        ...completedUploadJson(done),
      };
      return { status: 200, body: answer };
    }),
};

export const docs: RouteDocs = {
  POST: {
    summary: "Upload a file the server fetches from a public URL",
    description:
      "The server downloads the URL into its storage and answers as `/api/uploads/{id}/complete` does " +
      "(docs/api.md#uploads-from-a-url). The URL must download the file itself (an S3 presigned link, a " +
      "file on a CDN…); a Google Drive, Dropbox or OneDrive/SharePoint file share link is fetched in the direct download form its " +
      "host publishes (`uc?export=download&id=…`, `dl=1`), and a refusal after that names it as `fetched_url` " +
      "(the answer itself is the upload, unchanged). Redirects are followed and each is checked like the URL " +
      "itself. Drive's virus scan warning for a large file is confirmed once (its Download anyway form). " +
      "The bytes tell the type, whatever the source declares; a web page (a share page, a sign-in " +
      "page) is refused as `unsupported_file_type` saying so. " +
      "It counts as one upload of the day; posting straight from a verified domain counts none.",
    body: UploadFromUrlBody,
    response: CompletedUploadResponse,
    headers: [IDEMPOTENCY_KEY_HEADER],
    errors: [
      ...IDEMPOTENCY_ERRORS,
      ...FILE_CHECK_ERRORS,
      "ingest_limit",
      "proxy_error",
      "source_too_slow",
      "storage_unavailable",
      "not_found",
      "conflict",
    ],
  },
};
