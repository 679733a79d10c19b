import { jsonOk } from "@/lib/http/json_body.ts";
import { albumJson } from "@/lib/http/media_json.ts";
import { createAlbum } from "@/lib/media/albums.ts";
import type { Handlers } from "@/lib/http/app_types.ts";

export const handler: Handlers = {
  async POST(c) {
    const album = await createAlbum(c.get("deps"), c.get("apiAccount"));
    return jsonOk(c, albumJson(album, []));
  },
};
