import { jsonOk, readJsonBody } from "@/lib/http/json_body.ts";
import { CreateUploadBody } from "@/lib/http/api_schemas.ts";
import { uploadJson } from "@/lib/http/media_json.ts";
import { createUpload, listUploads } from "@/lib/media/uploads.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import {
  StartedUploadResponse,
  UploadListResponse,
} from "@/lib/http/api_responses.ts";
import type { RouteDocs } from "@/lib/openapi/route_docs.ts";

export const handler: Handlers = {
  async POST(c) {
    const body = await readJsonBody(c, CreateUploadBody);
    const started = await createUpload(c.get("deps"), c.get("apiAccount"), {
      filename: body.filename,
      contentType: body.content_type,
      size: body.size,
      albumId: body.album_id,
    });
    return jsonOk<StartedUploadResponse>(c, {
      upload_id: started.record.id,
      upload_url: started.uploadUrl,
      method: started.method,
      headers: started.headers,
      expires_at: new Date(started.record.expiresAt).toISOString(),
      url: started.record.url,
      album_id: started.record.albumId,
    });
  },
  async GET(c) {
    const uploads = await listUploads(
      c.get("deps"),
      c.get("apiAccount").openId,
    );
    return jsonOk<UploadListResponse>(c, { uploads: uploads.map(uploadJson) });
  },
};

export const docs: RouteDocs = {
  POST: {
    summary: "Start an upload: PUT the bytes to upload_url, then complete it",
    body: CreateUploadBody,
    response: StartedUploadResponse,
    errors: [
      "unsupported_file_type",
      "unsupported_image_type",
      "file_too_large",
      "image_too_large",
      "too_many_images",
      "upload_limit",
      "not_found",
      "conflict",
    ],
  },
  GET: {
    summary: "The account's live uploads, newest first",
    response: UploadListResponse,
  },
};
