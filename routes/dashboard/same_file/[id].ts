import { requireSessionAccount } from "@/lib/http/session_auth.ts";
import { jsonOk } from "@/lib/http/json_body.ts";
import { postedFromAnotherUpload } from "@/lib/posting/same_file_upload.ts";
import type { Handlers } from "@/lib/http/app_types.ts";

/**
 * Dashboard-only (session cookie), used by the composer for a video the
 * upload card just uploaded: whether its bytes were posted from another
 * upload (docs/dashboard.md#reused-media). Not part of the API: the
 * upload's JSON stays as documented.
 */
export const handler: Handlers = {
  async GET(c) {
    const account = requireSessionAccount(c);
    const sameFile = await postedFromAnotherUpload(
      c.get("deps"),
      account.openId,
      (c.req.param("id") ?? "").toUpperCase(),
    );
    return jsonOk(c, { same_file: sameFile });
  },
};
