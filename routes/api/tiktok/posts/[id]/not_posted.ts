import { expectNoBody } from "@/lib/http/no_body.ts";
import { jsonOk } from "@/lib/http/json_body.ts";
import { postJson } from "@/lib/http/post_json.ts";
import { markNotPosted } from "@/lib/posting/not_posted.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import { PostResponse } from "@/lib/http/api_responses.ts";
import type { RouteDocs } from "@/lib/http/openapi/route_docs.ts";

/**
 * Beyond the contract (docs/posting.md#outcome-unknown): the creator found
 * a post whose outcome is unknown missing from the TikTok profile.
 */
export const handler: Handlers = {
  async POST(c) {
    await expectNoBody(c);
    const post = await markNotPosted(
      c.get("deps"),
      c.get("apiAccount").openId,
      c.req.param("id") ?? "",
    );
    return jsonOk<PostResponse>(c, { post: postJson(post) });
  },
};

export const docs: RouteDocs = {
  POST: {
    summary:
      "Mark a post whose outcome is unknown as not posted: its video, caption and slot are given back",
    response: PostResponse,
    errors: ["bad_request", "not_found", "conflict"],
  },
};
