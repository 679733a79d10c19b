import { expectNoBody } from "@/lib/http/no_body.ts";
import {
  answerIdempotently,
  IDEMPOTENCY_ERRORS,
  IDEMPOTENCY_KEY_HEADER,
} from "@/lib/http/idempotent_answer.ts";
import { jsonOk } from "@/lib/http/json_body.ts";
import { albumJson } from "@/lib/http/media_json.ts";
import { albumPage, createAlbum } from "@/lib/media/albums.ts";
import { AlbumListQuery } from "@/lib/http/api_schemas.ts";
import { checkedQuery } from "@/lib/http/api_query.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import { AlbumListResponse, AlbumResponse } from "@/lib/http/api_responses.ts";
import type { RouteDocs } from "@/lib/http/openapi/route_docs.ts";

export const handler: Handlers = {
  // An n8n retry with its Idempotency-Key answers the album made, rather
  // than a second, empty one counted against the day
  // (docs/posting.md#idempotency). A body with fields is refused before
  // the key is claimed.
  async POST(c) {
    await expectNoBody(c);
    return await answerIdempotently(c, "POST /api/albums", async () => {
      const album = await createAlbum(c.get("deps"), c.get("apiAccount"));
      const body: AlbumResponse = { ok: true, ...albumJson(album, []) };
      return { status: 200, body };
    }, { noBody: true });
  },
  async GET(c) {
    const query = checkedQuery(c, AlbumListQuery);
    const page = await albumPage(
      c.get("deps"),
      c.get("apiAccount").openId,
      query,
    );
    return jsonOk<AlbumListResponse>(c, {
      albums: page.albums.map(({ album, images }) => albumJson(album, images)),
      cursor: page.cursor,
    });
  },
};

export const docs: RouteDocs = {
  POST: {
    summary: "Create a Photo Mode album (counts as one upload)",
    response: AlbumResponse,
    headers: [IDEMPOTENCY_KEY_HEADER],
    errors: [...IDEMPOTENCY_ERRORS, "upload_limit", "conflict"],
  },
  GET: {
    summary: "The account's live albums, newest first, paginated",
    description:
      "Every unexpired album, one with no image yet too (`images: []`, `image_count` 0): it counted as an upload of its day. " +
      "Pages as GET /api/jobs does (docs/api.md#list-cursors): `limit` 1 to 100 (20 when left out), " +
      "and the answer's `cursor` as `?cursor=` for the next page, null at the end.",
    query: AlbumListQuery,
    response: AlbumListResponse,
    errors: ["bad_request"],
  },
};
