import MediaLibrary from "@/islands/MediaLibrary.tsx";
import type { MediaLibraryProps } from "@/islands/MediaLibrary.tsx";
import { listUploads } from "@/lib/media/upload_list.ts";
import { listAlbumsWithImages } from "@/lib/media/albums.ts";
import { albumJson, uploadJson } from "@/lib/http/media_json.ts";
import type { Handlers, PageProps } from "@/lib/http/app_types.ts";
import { planPageHandler } from "@/lib/http/dashboard_account.ts";
import { albumStorageKey } from "@/components/album_memory.ts";
import { mediaUses } from "@/lib/media/media_uses.ts";
import { namedApart } from "@/lib/http/same_name_uploads.ts";
import { reuseRefusal } from "@/lib/http/compose_video.ts";

/** What the page renders is what the island takes: one shape, not two. */
type MediaData = MediaLibraryProps;

export const handler: Handlers = planPageHandler(
  async (account, deps): Promise<MediaData> => {
    const uploads = await listUploads(deps, account.openId, 100);
    // An album with no image yet is left out; the API lists it
    // (docs/media.md#media-page).
    const albums = await listAlbumsWithImages(deps, account.openId);
    // Said by the server: the browser has neither posts nor jobs here.
    const uses = await mediaUses(deps, account.openId, [
      ...uploads.map((u) => ({
        id: u.id,
        urls: [u.url],
        createdAt: u.createdAt,
      })),
      ...albums.map(({ album, images }) => ({
        id: album.id,
        urls: images.map((i) => i.url),
        createdAt: album.createdAt,
      })),
    ]);
    return {
      // Uploads of one file name named apart (same_name_uploads.ts).
      uploads: namedApart(uploads.map(uploadJson)),
      albums: albums.map(({ album, images }) => albumJson(album, images)),
      albumStorageKey: albumStorageKey(account.openId),
      uses,
      // Use in a post, or why TikTok would refuse it (compose_video.ts);
      // an album's Use in a post is the island's (its album memory).
      reuse: Object.fromEntries([
        ...uploads.map((u) => [
          u.id,
          uses[u.id]
            ? { why: reuseRefusal(uses[u.id][0]) }
            // #compose: the page opens on the composer, not the upload card.
            : { href: `/dashboard?video=${u.id}#compose` },
        ]),
        ...albums.filter(({ album }) => uses[album.id]).map(({ album }) => [
          album.id,
          { why: reuseRefusal(uses[album.id][0], "photos") },
        ]),
      ]),
    };
  },
);

/** The media library (docs/media.md#media-page). */
export default function Media({ data }: PageProps<MediaData>) {
  return (
    // The dashboard's one column, as Compose and Settings: only the
    // calendar needs the width (docs/dashboard.md#layout).
    <main>
      <h1>Media</h1>
      <MediaLibrary {...data} />
    </main>
  );
}
