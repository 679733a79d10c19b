import { jsonOk } from "@/lib/http/json_body.ts";
import { checkedQuery } from "@/lib/http/api_query.ts";
import { postsJson } from "@/lib/http/post_json.ts";
import { postPage } from "@/lib/posting/post_list.ts";
import { PostListQuery } from "@/lib/http/api_schemas.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import { PostListResponse } from "@/lib/http/api_responses.ts";
import type { RouteDocs } from "@/lib/http/openapi/route_docs.ts";

/**
 * Beyond the contract (docs/posting.md#creator-info-and-posts): the
 * account's posts with their live state, newest first, paginated.
 */
export const handler: Handlers = {
  async GET(c) {
    const query = checkedQuery(c, PostListQuery);
    const deps = c.get("deps");
    const { openId } = c.get("apiAccount");
    const page = await postPage(deps, openId, query);
    return jsonOk<PostListResponse>(c, {
      posts: await postsJson(deps, openId, page.posts),
      cursor: page.cursor,
    });
  },
};

export const docs: RouteDocs = {
  GET: {
    summary: "The account's posts with their state, newest first, paginated",
    query: PostListQuery,
    response: PostListResponse,
    errors: ["bad_request"],
  },
};
