import {
  CAPTION_FIELD_HINTS,
  CaptionCheckBody,
} from "@/lib/http/api_schemas.ts";
import { jsonOk, readJsonBody } from "@/lib/http/json_body.ts";
import { captionProblem } from "@/lib/posting/caption_rules.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import { CaptionCheckResponse } from "@/lib/http/api_responses.ts";
import type { RouteDocs } from "@/lib/http/openapi/route_docs.ts";

/**
 * The caption rules alone, as posting applies them, with the server's full
 * look-alike table (docs/posting.md#checking-a-caption). Nothing is
 * reserved or recorded: no posting limit is counted.
 */
export const handler: Handlers = {
  async POST(c) {
    const b = await readJsonBody(c, CaptionCheckBody, {
      hints: CAPTION_FIELD_HINTS,
    });
    const problem = captionProblem(b.title, c.get("deps").stopWords);
    return jsonOk<CaptionCheckResponse>(c, { problem });
  },
};

export const docs: RouteDocs = {
  POST: {
    summary:
      "Check a caption against the caption rules posting applies (links, stop words and their look-alikes), without posting",
    body: CaptionCheckBody,
    response: CaptionCheckResponse,
  },
};
