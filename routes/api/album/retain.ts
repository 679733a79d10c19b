import { jsonOk, readJsonBody } from "@/lib/http/json_body.ts";
import { AlbumRetainBody } from "@/lib/http/api_schemas.ts";
import { albumJson } from "@/lib/http/media_json.ts";
import { retainAlbum } from "@/lib/media/albums.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import { AlbumResponse } from "@/lib/http/api_responses.ts";
import type { RouteDocs } from "@/lib/http/openapi/route_docs.ts";

export const handler: Handlers = {
  async POST(c) {
    const { album_id } = await readJsonBody(c, AlbumRetainBody);
    const { album, images } = await retainAlbum(
      c.get("deps"),
      c.get("apiAccount"),
      album_id,
    );
    return jsonOk<AlbumResponse>(c, albumJson(album, images));
  },
};

export const docs: RouteDocs = {
  POST: {
    summary: "Upload only (get link): keep the album for the plan's TTL",
    body: AlbumRetainBody,
    response: AlbumResponse,
    errors: ["not_found", "conflict"],
  },
};
