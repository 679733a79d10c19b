import { jsonOk } from "@/lib/http/json_body.ts";
import { uploadJson } from "@/lib/http/media_json.ts";
import { completeUpload } from "@/lib/media/uploads.ts";
import type { Handlers } from "@/lib/http/app_types.ts";

export const handler: Handlers = {
  async POST(c) {
    const record = await completeUpload(
      c.get("deps"),
      c.get("apiAccount"),
      c.req.param("id") ?? "",
    );
    return jsonOk(c, uploadJson(record));
  },
};
