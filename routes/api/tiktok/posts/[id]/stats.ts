import { jsonOk } from "@/lib/http/json_body.ts";
import { postStats } from "@/lib/posting/post_stats.ts";
import { postStatsJson } from "@/lib/http/post_stats_json.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import { PostStatsResponse } from "@/lib/http/api_responses.ts";
import type { RouteDocs } from "@/lib/http/openapi/route_docs.ts";

/**
 * Beyond the contract (docs/posting.md#post-stats): a published public
 * post's views, likes, comments and shares on TikTok.
 */
export const handler: Handlers = {
  async GET(c) {
    const answer = await postStats(
      c.get("deps"),
      c.get("apiAccount"),
      c.req.param("id") ?? "",
    );
    return jsonOk<PostStatsResponse>(c, postStatsJson(answer));
  },
};

export const docs: RouteDocs = {
  GET: {
    summary:
      "A post's views, likes, comments and shares on TikTok (public posts only; kept 10 minutes)",
    response: PostStatsResponse,
    errors: [
      "not_found",
      "tiktok_error",
      "tiktok_rate_limit",
      "tiktok_reauth_required",
      "tiktok_token_busy",
      "tiktok_scope_missing",
    ],
  },
};
