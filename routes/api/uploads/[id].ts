import { expectNoBody } from "@/lib/http/no_body.ts";
import { jsonOk } from "@/lib/http/json_body.ts";
import { uploadJson } from "@/lib/http/media_json.ts";
import { getShownUpload } from "@/lib/media/upload_lookup.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import {
  UploadDeletedResponse,
  UploadResponse,
} from "@/lib/http/api_responses.ts";
import { deleteUpload } from "@/lib/media/media_deletion.ts";
import type { RouteDocs } from "@/lib/http/openapi/route_docs.ts";

export const handler: Handlers = {
  async GET(c) {
    const entry = await getShownUpload(
      c.get("deps"),
      c.get("apiAccount").openId,
      c.req.param("id") ?? "",
    );
    return jsonOk<UploadResponse>(c, uploadJson(entry.value));
  },
  async DELETE(c) {
    await expectNoBody(c);
    const record = await deleteUpload(
      c.get("deps"),
      c.get("apiAccount").openId,
      c.req.param("id") ?? "",
    );
    return jsonOk<UploadDeletedResponse>(c, {
      deleted: true,
      upload_id: record.id,
    });
  },
};

export const docs: RouteDocs = {
  GET: { summary: "One upload", response: UploadResponse },
  DELETE: {
    summary:
      "Delete an upload now (an album image leaves its album); refused while a scheduled or pending post uses it",
    response: UploadDeletedResponse,
    errors: ["conflict"],
  },
};
