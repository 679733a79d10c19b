import { jsonOk } from "@/lib/http/json_body.ts";
import { limitsJson } from "@/lib/http/limits_json.ts";
import { accountLimits } from "@/lib/posting/account_limits.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import { LimitsResponse } from "@/lib/http/api_responses.ts";
import type { RouteDocs } from "@/lib/http/openapi/route_docs.ts";

/** What the account may still do (docs/posting.md#limits-left). */
export const handler: Handlers = {
  async GET(c) {
    const limits = await accountLimits(c.get("deps"), c.get("apiAccount"));
    return jsonOk<LimitsResponse>(c, limitsJson(limits));
  },
};

export const docs: RouteDocs = {
  GET: {
    summary:
      "Posts and uploads left today, when a post is next accepted, status calls left",
    response: LimitsResponse,
  },
};
