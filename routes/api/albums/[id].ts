import { expectNoBody } from "@/lib/http/no_body.ts";
import { jsonOk } from "@/lib/http/json_body.ts";
import { albumJson } from "@/lib/http/media_json.ts";
import { getAlbumWithImages } from "@/lib/media/albums.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import {
  AlbumDeletedResponse,
  AlbumResponse,
} from "@/lib/http/api_responses.ts";
import { deleteAlbum } from "@/lib/media/media_deletion.ts";
import type { RouteDocs } from "@/lib/http/openapi/route_docs.ts";

export const handler: Handlers = {
  async GET(c) {
    const { album, images } = await getAlbumWithImages(
      c.get("deps"),
      c.get("apiAccount").openId,
      c.req.param("id") ?? "",
    );
    return jsonOk<AlbumResponse>(c, albumJson(album, images));
  },
  async DELETE(c) {
    await expectNoBody(c);
    const id = c.req.param("id") ?? "";
    await deleteAlbum(c.get("deps"), c.get("apiAccount").openId, id);
    return jsonOk<AlbumDeletedResponse>(c, { deleted: true, album_id: id });
  },
};

export const docs: RouteDocs = {
  GET: { summary: "One album with its photo_images", response: AlbumResponse },
  DELETE: {
    summary:
      "Delete an album and its images now; refused while a scheduled or pending post uses them",
    response: AlbumDeletedResponse,
    errors: ["conflict"],
  },
};
