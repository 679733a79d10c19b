import { jsonOk } from "@/lib/http/json_body.ts";
import { meJson } from "@/lib/http/me_json.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import { MeResponse } from "@/lib/http/api_responses.ts";
import type { RouteDocs } from "@/lib/http/openapi/route_docs.ts";

export const handler: Handlers = {
  GET(c) {
    return jsonOk<MeResponse>(c, meJson(c.get("apiAccount")));
  },
};

export const docs: RouteDocs = {
  GET: {
    summary: "The account of this API key",
    response: MeResponse,
  },
};
