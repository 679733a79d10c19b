import MediaLibrary from "@/islands/MediaLibrary.tsx";
import { listUploads } from "@/lib/media/uploads.ts";
import { listAlbums } from "@/lib/media/albums.ts";
import { albumJson, uploadJson } from "@/lib/http/media_json.ts";
import type { AlbumJson, UploadJson } from "@/lib/http/api_responses.ts";
import type { Handlers, PageProps } from "@/lib/http/app_types.ts";

interface MediaData {
  uploads: UploadJson[];
  albums: AlbumJson[];
}

export const handler: Handlers = {
  async GET(c) {
    const account = c.get("sessionAccount");
    if (!account) return c.redirect("/", 303);
    // The plan is chosen on /dashboard first (docs/dashboard.md#pages).
    if (!account.plan) return c.redirect("/dashboard", 303);
    const deps = c.get("deps");
    const data: MediaData = {
      uploads: (await listUploads(deps, account.openId, 100)).map(uploadJson),
      albums: (await listAlbums(deps, account.openId)).map((
        { album, images },
      ) => albumJson(album, images)),
    };
    return c.get("render")(data);
  },
};

/** The media library (docs/media.md#media-page). */
export default function Media({ data }: PageProps<MediaData>) {
  return (
    <main class="wide">
      <h1>Media</h1>
      <MediaLibrary uploads={data.uploads} albums={data.albums} />
    </main>
  );
}
