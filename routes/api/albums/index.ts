import { expectNoBody } from "@/lib/http/no_body.ts";
import { jsonOk } from "@/lib/http/json_body.ts";
import { albumJson } from "@/lib/http/media_json.ts";
import { createAlbum, listAlbums } from "@/lib/media/albums.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import { AlbumListResponse, AlbumResponse } from "@/lib/http/api_responses.ts";
import type { RouteDocs } from "@/lib/openapi/route_docs.ts";

export const handler: Handlers = {
  async POST(c) {
    await expectNoBody(c);
    const album = await createAlbum(c.get("deps"), c.get("apiAccount"));
    return jsonOk<AlbumResponse>(c, albumJson(album, []));
  },
  async GET(c) {
    const albums = await listAlbums(c.get("deps"), c.get("apiAccount").openId);
    return jsonOk<AlbumListResponse>(c, {
      albums: albums.map(({ album, images }) => albumJson(album, images)),
    });
  },
};

export const docs: RouteDocs = {
  POST: {
    summary: "Create a Photo Mode album (counts as one upload)",
    response: AlbumResponse,
    errors: ["upload_limit", "conflict"],
  },
  GET: {
    summary: "The account's live albums with images",
    response: AlbumListResponse,
  },
};
