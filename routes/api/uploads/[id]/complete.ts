import { expectNoBody } from "@/lib/http/no_body.ts";
import { jsonOk } from "@/lib/http/json_body.ts";
import { completedUploadJson } from "@/lib/http/media_json.ts";
import { completeUpload } from "@/lib/media/upload_completion.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import { CompletedUploadResponse } from "@/lib/http/api_responses.ts";
import type { RouteDocs } from "@/lib/http/openapi/route_docs.ts";

export const handler: Handlers = {
  async POST(c) {
    await expectNoBody(c);
    const done = await completeUpload(
      c.get("deps"),
      c.get("apiAccount"),
      c.req.param("id") ?? "",
    );
    return jsonOk<CompletedUploadResponse>(c, completedUploadJson(done));
  },
};

export const docs: RouteDocs = {
  POST: {
    summary: "Check what arrived and record it with its public URL",
    response: CompletedUploadResponse,
    errors: [
      // A video TikTok would refuse (docs/media.md#videos-tiktok-refuses).
      "bad_request",
      "upload_not_received",
      "size_mismatch",
      "upload_expired",
      "file_too_large",
      "unsupported_file_type",
      "unsupported_image_type",
      "image_too_large",
      "image_too_large_px",
      "upload_limit",
      "storage_unavailable",
      "conflict",
    ],
  },
};
