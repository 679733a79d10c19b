import { StatusBody } from "@/lib/http/api_schemas.ts";
import { jsonOk, readJsonBody } from "@/lib/http/json_body.ts";
import { publishStatus } from "@/lib/posting/post_status.ts";
import type { Handlers } from "@/lib/http/app_types.ts";

export const handler: Handlers = {
  async POST(c) {
    const { publish_id } = await readJsonBody(c, StatusBody);
    const answer = await publishStatus(
      c.get("deps"),
      c.get("apiAccount").openId,
      publish_id,
    );
    return jsonOk(c, { ...answer });
  },
};
