import { jsonOk } from "@/lib/http/json_body.ts";
import { postJson } from "@/lib/http/post_json.ts";
import { listPosts } from "@/lib/posting/post_list.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import { PostListResponse } from "@/lib/http/api_responses.ts";
import type { RouteDocs } from "@/lib/openapi/route_docs.ts";

/**
 * Beyond the contract (docs/posting.md#creator-info-and-posts): the
 * account's recent posts with their live state.
 */
export const handler: Handlers = {
  async GET(c) {
    const posts = await listPosts(c.get("deps"), c.get("apiAccount").openId);
    return jsonOk<PostListResponse>(c, { posts: posts.map(postJson) });
  },
};

export const docs: RouteDocs = {
  GET: { summary: "Recent posts with their state", response: PostListResponse },
};
