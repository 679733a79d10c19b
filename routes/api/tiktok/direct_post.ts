import {
  directPostSchema,
  PhotoPostBody,
  POST_FIELD_HINTS,
  VideoPostBody,
} from "@/lib/http/api_schemas.ts";
import { readJsonBody, requestText, sendJson } from "@/lib/http/json_body.ts";
import { AppError } from "@/lib/errors.ts";
import { directPost } from "@/lib/posting/direct_post.ts";
import { directPostInput } from "@/lib/http/direct_post_input.ts";
import { withIdempotency } from "@/lib/posting/idempotency.ts";
import type { StoredAnswer } from "@/lib/posting/idempotency.ts";
import { postMaxDurationMs } from "@/lib/posting/post_duration.ts";
import type { AppContext, Handlers } from "@/lib/http/app_types.ts";
import { DirectPostResponse } from "@/lib/http/api_responses.ts";
import type { RouteDocs } from "@/lib/openapi/route_docs.ts";
import { POSTING_ERRORS } from "@/lib/openapi/posting_errors.ts";

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
  async POST(c) {
    const key = c.req.header("idempotency-key");
    if (key === undefined) {
      const answer = await post(c);
      return sendJson(c, answer.body, 200);
    }
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw new AppError(
        "bad_request",
        "Idempotency-Key must be 1 to 255 visible ASCII characters.",
      );
    }
    const deps = c.get("deps");
    const answer = await withIdempotency(deps, {
      openId: c.get("apiAccount").openId,
      key,
      body: await requestText(c),
      maxRunMs: postMaxDurationMs(deps),
    }, () => post(c));
    return sendJson(
      c,
      answer.body,
      answer.status as 200,
      answer.replayed ? { "Idempotent-Replayed": "true" } : {},
    );
  },
};

export const docs: RouteDocs = {
  POST: {
    summary:
      "Post a video or a photo carousel to TikTok (pulled, or a video file-uploaded), or send it as a draft to the creator's TikTok inbox (post_mode MEDIA_UPLOAD)",
    body: [VideoPostBody, PhotoPostBody],
    response: DirectPostResponse,
    headers: [{
      name: "Idempotency-Key",
      description:
        "Same key and body within 24 h: the first answer again, no second post; while the first is still running, 409 idempotency_in_progress with Retry-After",
    }],
    errors: [
      ...POSTING_ERRORS,
      "idempotency_conflict",
      "idempotency_in_progress",
    ],
  },
};
