import { STATUS_FIELD_HINTS, StatusBody } from "@/lib/http/api_schemas.ts";
import { jsonOk, readJsonBody } from "@/lib/http/json_body.ts";
import { publishStatus } from "@/lib/posting/post_status.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import { StatusResponse } from "@/lib/http/api_responses.ts";
import type { RouteDocs } from "@/lib/http/openapi/route_docs.ts";

export const handler: Handlers = {
  async POST(c) {
    const credential = c.get("apiCredential");
    const { publish_id } = await readJsonBody(c, StatusBody, {
      hints: STATUS_FIELD_HINTS,
    }).catch(
      async (error) => {
        // A key revoked a moment ago answers 401 before any 400.
        await credential.settle();
        throw error;
      },
    );
    const answer = await publishStatus(c.get("deps"), credential, publish_id);
    return jsonOk<StatusResponse>(c, { ...answer });
  },
};

export const docs: RouteDocs = {
  POST: {
    summary: "The publish state, from the server's own follow-up of TikTok",
    body: StatusBody,
    response: StatusResponse,
    errors: [
      "not_found",
      "rate_limit_status",
      "status_cooldown",
      "hourly_limit_status",
      "conflict",
    ],
  },
};
