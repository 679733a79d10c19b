import { jsonOk } from "@/lib/http/json_body.ts";
import { creatorInfoJson } from "@/lib/http/creator_info_json.ts";
import { creatorInfoForAccount } from "@/lib/posting/creator_info_lookup.ts";
import { tiktokAppAudited } from "@/lib/posting/app_audit.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import { CreatorInfoResponse } from "@/lib/http/api_responses.ts";
import type { RouteDocs } from "@/lib/http/openapi/route_docs.ts";

/**
 * Beyond the contract (docs/posting.md#creator-info-and-posts): what this
 * TikTok account may post (privacy options, length). The composer's call
 * asks TikTok afresh, as TikTok's guidelines want for a posting screen;
 * API keys get the cached copy.
 */
export const handler: Handlers = {
  async GET(c) {
    const deps = c.get("deps");
    const info = await creatorInfoForAccount(deps, c.get("apiAccount"), {
      fresh: c.get("apiFromDashboard") === true,
    });
    return jsonOk<CreatorInfoResponse>(
      c,
      creatorInfoJson(info, tiktokAppAudited(deps)),
    );
  },
};

export const docs: RouteDocs = {
  GET: {
    summary:
      "What this TikTok account may post (privacy options, longest video) and who it is (nickname, handle, avatar)",
    response: CreatorInfoResponse,
    errors: [
      "tiktok_error",
      "tiktok_rate_limit",
      "tiktok_reauth_required",
      "tiktok_token_busy",
      "tiktok_scope_missing",
      "tiktok_active_user_cap",
    ],
  },
};
