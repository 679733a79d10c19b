import MediaLibrary from "@/islands/MediaLibrary.tsx";
import type { MediaLibraryProps } from "@/islands/MediaLibrary.tsx";
import { listUploads } from "@/lib/media/upload_list.ts";
import { listAlbums } from "@/lib/media/albums.ts";
import { albumJson, uploadJson } from "@/lib/http/media_json.ts";
import type { Handlers, PageProps } from "@/lib/http/app_types.ts";
import { planPageHandler } from "@/lib/http/dashboard_account.ts";
import { albumStorageKey } from "@/components/album_memory.ts";

/** What the page renders is what the island takes: one shape, not two. */
type MediaData = MediaLibraryProps;

export const handler: Handlers = planPageHandler(
  async (account, deps): Promise<MediaData> => ({
    uploads: (await listUploads(deps, account.openId, 100)).map(uploadJson),
    albums: (await listAlbums(deps, account.openId)).map((
      { album, images },
    ) => albumJson(album, images)),
    albumStorageKey: albumStorageKey(account.openId),
  }),
);

/** The media library (docs/media.md#media-page). */
export default function Media({ data }: PageProps<MediaData>) {
  return (
    <main class="wide">
      <h1>Media</h1>
      <MediaLibrary {...data} />
    </main>
  );
}
