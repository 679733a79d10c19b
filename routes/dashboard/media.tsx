import MediaLibrary from "@/islands/MediaLibrary.tsx";
import type { MediaLibraryProps } from "@/islands/MediaLibrary.tsx";
import { uploadPage } from "@/lib/media/upload_list.ts";
import { albumPage } from "@/lib/media/albums.ts";
import { albumJson, uploadJson } from "@/lib/http/media_json.ts";
import type { Handlers, PageProps } from "@/lib/http/app_types.ts";
import { planPageHandler } from "@/lib/http/dashboard_account.ts";
import { albumStorageKey } from "@/components/album_memory.ts";
import { mediaUses } from "@/lib/media/media_uses.ts";
import { namedApart } from "@/lib/http/same_name_uploads.ts";
import { reuseRefusal } from "@/lib/http/compose_video.ts";
import { cursorIn, listPaging } from "@/lib/http/media_page_paging.ts";
import type { ListPaging } from "@/lib/http/media_page_paging.ts";

/** How many videos and albums a page of the media page lists. */
const VIDEOS_SHOWN = 100;
const ALBUMS_SHOWN = 20;

/** What the page renders: the island's props, and how each list pages. */
type MediaData = Omit<MediaLibraryProps, "list"> & {
  paging: { videos: ListPaging; albums: ListPaging };
};

export const handler: Handlers = planPageHandler(
  async (account, deps, c): Promise<MediaData> => {
    const url = new URL(c.req.url);
    const videosAt = cursorIn(url, "videos");
    const albumsAt = cursorIn(url, "albums");
    const videoPage = await uploadPage(deps, account.openId, {
      limit: VIDEOS_SHOWN,
      cursor: videosAt,
    });
    const uploads = videoPage.uploads;
    // An album with no image yet is left out; the API lists it
    // (docs/media.md#media-page).
    const albumsPage = await albumPage(deps, account.openId, {
      limit: ALBUMS_SHOWN,
      cursor: albumsAt,
    }, true);
    const albums = albumsPage.albums;
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
      paging: {
        videos: listPaging(url, "videos", videosAt, videoPage.cursor),
        albums: listPaging(url, "albums", albumsAt, albumsPage.cursor),
      },
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
  const { paging, ...library } = data;
  return (
    // The dashboard's one column, as Compose and Settings: only the
    // calendar needs the width (docs/dashboard.md#layout).
    <main>
      <h1>Media</h1>
      {
        /* One island per list, so each list's paging note, said by the
          server with no island code (docs/dashboard.md#budget), is under
          its own list: the lists are pages, so none is cut short without
          a word (docs/media.md#media-page). */
      }
      <MediaLibrary
        {...library}
        {...of(library, library.uploads.map((u) => u.upload_id))}
        albums={[]}
        list="videos"
      />
      <PagingNote
        what="videos"
        shown={library.uploads.length}
        paging={paging.videos}
      />
      <MediaLibrary
        {...library}
        {...of(library, library.albums.map((a) => a.album_id))}
        uploads={[]}
        list="albums"
      />
      <PagingNote
        what="albums"
        shown={library.albums.length}
        paging={paging.albums}
      />
    </main>
  );
}

/** The uses and Use in a post of the items `ids` only: each list its own. */
function of(
  { uses, reuse }: Pick<MediaLibraryProps, "uses" | "reuse">,
  ids: string[],
): Pick<MediaLibraryProps, "uses" | "reuse"> {
  const pick = <T,>(all: Record<string, T>) =>
    Object.fromEntries(
      ids.filter((id) => id in all).map((id) => [id, all[id]]),
    );
  return { uses: pick(uses), reuse: pick(reuse) };
}

/**
 * "Showing the newest 100 videos. Older videos →" when more follow; on an
 * older page, "Showing older videos. Newest videos", and Older while more
 * follow. Nothing when the list is whole on one page.
 */
function PagingNote(
  { what, shown, paging }: { what: string; shown: number; paging: ListPaging },
) {
  if (!paging.older && !paging.next) return null;
  return (
    <p class="muted" data-testid={`${what}-paging`}>
      {paging.older
        ? `Showing older ${what}. `
        : `Showing the newest ${shown} ${what}. `}
      {paging.older && <a href={paging.newest}>Newest {what}</a>}
      {paging.older && paging.next && " · "}
      {paging.next && (
        <a href={paging.next}>
          Older {what} <span aria-hidden="true">→</span>
        </a>
      )}
    </p>
  );
}
