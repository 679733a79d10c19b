import { jsonOk } from "@/lib/http/json_body.ts";
import { defaultPrivacyOf } from "@/lib/posting/default_privacy.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import { MeResponse } from "@/lib/http/api_responses.ts";
import type { RouteDocs } from "@/lib/openapi/route_docs.ts";

export const handler: Handlers = {
  GET(c) {
    const account = c.get("apiAccount");
    return jsonOk<MeResponse>(c, {
      open_id: account.openId,
      display_name: account.displayName,
      plan: account.plan,
      key_expires_at: account.apiKeyExpiresAt === null
        ? null
        : new Date(account.apiKeyExpiresAt).toISOString(),
      default_privacy: defaultPrivacyOf(account),
    });
  },
};

export const docs: RouteDocs = {
  GET: {
    summary: "The account of this API key",
    response: MeResponse,
  },
};
