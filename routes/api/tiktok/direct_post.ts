import {
  directPostSchema,
  PhotoPostBody,
  POST_FIELD_HINTS,
  VideoPostBody,
} from "@/lib/http/api_schemas.ts";
import { readJsonBody } from "@/lib/http/json_body.ts";
import { directPost } from "@/lib/posting/direct_post.ts";
import { directPostInput } from "@/lib/http/direct_post_input.ts";
import type { StoredAnswer } from "@/lib/posting/idempotency.ts";
import {
  answerIdempotently,
  IDEMPOTENCY_ERRORS,
  IDEMPOTENCY_KEY_HEADER,
} from "@/lib/http/idempotent_answer.ts";
import type { AppContext, Handlers } from "@/lib/http/app_types.ts";
import { DirectPostResponse } from "@/lib/http/api_responses.ts";
import type { RouteDocs } from "@/lib/http/openapi/route_docs.ts";
import { POSTING_ERRORS } from "@/lib/http/openapi/posting_errors.ts";

async function post(c: AppContext): Promise<StoredAnswer> {
  const b = await readJsonBody(c, directPostSchema, {
    hints: POST_FIELD_HINTS,
  });
  const input = directPostInput(b);
  const { publishId } = await directPost(
    c.get("deps"),
    c.get("apiAccount"),
    input,
  );
  return { status: 200, body: { ok: true, publish_id: publishId } };
}

export const handler: Handlers = {
  POST: (c) =>
    answerIdempotently(c, "POST /api/tiktok/direct_post", () => post(c)),
};

export const docs: RouteDocs = {
  POST: {
    summary:
      "Post a video or a photo carousel to TikTok (pulled, or a video file-uploaded), or send it as a draft to the creator's TikTok inbox (post_mode MEDIA_UPLOAD)",
    body: [VideoPostBody, PhotoPostBody],
    response: DirectPostResponse,
    headers: [IDEMPOTENCY_KEY_HEADER],
    errors: [...POSTING_ERRORS, ...IDEMPOTENCY_ERRORS],
  },
};
