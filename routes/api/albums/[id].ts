import { jsonOk } from "@/lib/http/json_body.ts";
import { albumJson } from "@/lib/http/media_json.ts";
import { getAlbumWithImages } from "@/lib/media/albums.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import { AlbumResponse } from "@/lib/http/api_responses.ts";
import type { RouteDocs } from "@/lib/openapi/route_docs.ts";

export const handler: Handlers = {
  async GET(c) {
    const { album, images } = await getAlbumWithImages(
      c.get("deps"),
      c.get("apiAccount").openId,
      c.req.param("id") ?? "",
    );
    return jsonOk<AlbumResponse>(c, albumJson(album, images));
  },
};

export const docs: RouteDocs = {
  GET: { summary: "One album with its photo_images", response: AlbumResponse },
};
