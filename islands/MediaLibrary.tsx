import { useEffect, useRef, useState } from "preact/hooks";
import {
  callApi,
  ConfirmAction,
  ErrorRegion,
  errorText,
  humanSize,
  LocalTime,
  localTime,
  pageWords,
  recallAlbum,
  rememberAlbum,
  StatusRegion,
  useFocusRescue,
} from "../components/shared_chunk.ts";
import type { RememberedAlbum } from "../components/album_memory.ts";
import type { AlbumJson, UploadJson } from "../lib/http/api_responses.ts";
import type { MediaUse } from "../lib/media/media_uses.ts";
import type { JSX } from "preact";

export interface MediaLibraryProps {
  uploads: UploadJson[];
  albums: AlbumJson[];
  /** The composer's album memory (components/album_memory.ts). */
  albumStorageKey: string;
  /**
   * The posts and scheduled posts that use each video or album, by its id,
   * worded by the server (lib/media/media_uses.ts).
   */
  uses: Record<string, MediaUse[]>;
  /**
   * Each video's Use in a post (a link to the composer with it chosen), or
   * why TikTok would refuse it again, by its id (lib/http/compose_video.ts);
   * for an album, only why (docs/dashboard.md#reused-media).
   */
  reuse: Record<string, { href?: string; why?: string }>;
  /**
   * The list this island shows: the page renders one island per list, so
   * each list's paging note is the server's, under it
   * (docs/media.md#media-page).
   */
  list: "videos" | "albums";
}

function details(u: UploadJson): string {
  return [
    humanSize(u.size),
    u.width && u.height ? `${u.width}×${u.height}` : "",
    typeof u.duration_sec === "number" ? `${u.duration_sec} s` : "",
  ].filter(Boolean).join(" · ");
}

/**
 * The account's videos and photo albums: a thumbnail (a video's first
 * frame), size, dimensions, duration and expiry, and Delete, asked first.
 * Albums come from the server, so they are still here after a reload.
 */
export default function MediaLibrary(props: MediaLibraryProps) {
  const [uploads, setUploads] = useState(props.uploads);
  const [albums, setAlbums] = useState(props.albums);
  const [status, setStatus] = useState("");
  /**
   * Why the last delete was refused, and of which item (an upload's or an
   * album's id): said beside that item's Delete, where focus is, not above
   * the page's lists, out of sight.
   */
  const [refused, setRefused] = useState({ id: "", text: "" });
  /** The album the composer has (this browser's memory), read once hydrated. */
  const [composing, setComposing] = useState<RememberedAlbum | null>(null);
  useEffect(() => setComposing(recallAlbum(props.albumStorageKey)), []);
  // A deleted item takes its Delete button, and focus, with it.
  const statusRef = useRef<HTMLParagraphElement>(null);
  const rescueFocus = useFocusRescue();

  /** Hands the album to the composer, which opens it in Photos. */
  function composeWith(albumId: string) {
    rememberAlbum(props.albumStorageKey, { albumId, cover: 0 });
    location.assign("/dashboard");
  }

  async function remove(
    id: string,
    path: string,
    done: string,
    after: () => void,
  ) {
    setStatus("");
    setRefused({ id: "", text: "" });
    try {
      await callApi("DELETE", path);
      after();
      setStatus(done);
      rescueFocus(() => statusRef.current);
    } catch (e) {
      setRefused({ id, text: errorText(e) });
    }
  }
  /** "Posted …", "Scheduled for …": each linked to its post or job. */
  const usesOf = (id: string) =>
    props.uses[id]?.map((m) => (
      <p class="muted" key={m.href} data-testid="media-use">
        <a href={m.href}>
          {m.text} <LocalTime at={m.at} zone />
        </a>
      </p>
    ));
  /**
   * `del`, the item's Delete; while a scheduled post uses the item, Delete
   * disabled, with why: the server refuses it then
   * (lib/media/media_deletion.ts), so it is said before asking.
   */
  const deleteOr = (
    id: string,
    label: string,
    what: string,
    del: JSX.Element,
  ) =>
    props.uses[id]?.some((m) => m.by === "job")
      ? (
        <p class="muted" data-testid="delete-blocked">
          {/* Named for its item, as ConfirmAction's Delete is. */}
          <button type="button" class="secondary" disabled>
            {label}
            <span class="visually-hidden">{` ${what}`}</span>
          </button>{" "}
          A scheduled post uses it: cancel that post first.
        </p>
      )
      : del;
  /** The item's refusal region, on the page from the start. */
  const refusal = (id: string) => (
    <ErrorRegion
      message={refused.id === id ? refused.text : ""}
      testId="media-refused"
    />
  );

  return (
    <>
      <StatusRegion testId="media-status" regionRef={statusRef}>
        {status}
      </StatusRegion>
      {props.list == "videos"
        ? (
          <section class="card" data-testid="media-videos">
            <h2>Videos</h2>
            {uploads.length === 0
              ? (
                <p class="muted">
                  {pageWords().cards.noVideos}
                  <a href="/dashboard">Compose</a> page.
                </p>
              )
              : (
                <ul class="media-grid videos">
                  {uploads.map((u) => (
                    <li key={u.upload_id} data-upload-id={u.upload_id}>
                      {
                        /* "#t=0.1": browsers that load metadata only (Safari)
                      then still seek to, and paint, the first frame. */
                      }
                      <video
                        class="thumb"
                        src={`${u.url}#t=0.1`}
                        preload="metadata"
                        muted
                        aria-hidden
                      />
                      <p class="caption">{u.filename}</p>
                      {usesOf(u.upload_id)}
                      <p class="muted">{details(u)}</p>
                      <p class="muted">
                        Kept until <LocalTime at={u.expires_at} zone />
                      </p>
                      {props.reuse[u.upload_id].href
                        ? (
                          <p>
                            <a
                              class="button"
                              href={props.reuse[u.upload_id].href}
                              data-testid="video-use"
                            >
                              Use in a post
                              <span class="visually-hidden">
                                {` (${u.filename})`}
                              </span>
                            </a>
                          </p>
                        )
                        : (
                          <p class="muted" data-testid="video-reuse-refused">
                            {props.reuse[u.upload_id].why}
                          </p>
                        )}
                      {deleteOr(
                        u.upload_id,
                        "Delete",
                        u.filename,
                        <ConfirmAction
                          label="Delete"
                          what={u.filename}
                          question={`Delete ${u.filename}?`}
                          confirmLabel="Yes, delete it"
                          testId="media-delete"
                          onConfirm={() =>
                            remove(
                              u.upload_id,
                              `/api/uploads/${u.upload_id}`,
                              `Deleted ${u.filename}.`,
                              () =>
                                setUploads((all) =>
                                  all.filter((x) =>
                                    x.upload_id !== u.upload_id
                                  )
                                ),
                            )}
                        />,
                      )}
                      {refusal(u.upload_id)}
                    </li>
                  ))}
                </ul>
              )}
          </section>
        )
        : (
          <section class="card" data-testid="media-albums">
            <h2>Photo albums</h2>
            {albums.length === 0
              ? (
                <p class="muted" data-testid="no-albums">
                  No albums yet. In the <a href="/dashboard">composer</a>
                  {pageWords().cards.noAlbums}
                </p>
              )
              : (
                <ul class="album-list">
                  {albums.map((a) => {
                    // Albums have no name: their size and expiry tell them apart.
                    // "1 photo", never "1 photos": an album may hold one.
                    const photos = `${a.image_count} photo${
                      a.image_count === 1 ? "" : "s"
                    }`;
                    const album = `of ${photos}, kept until ${
                      localTime(a.expires_at, true)
                    }`;
                    const refused = props.reuse[a.album_id]?.why;
                    return (
                      <li key={a.album_id} data-album-id={a.album_id}>
                        <ul class="media-grid photos">
                          {a.images.map((img, i) => {
                            const cover = composing?.albumId === a.album_id &&
                              composing.cover === i;
                            return (
                              <li
                                key={img.upload_id}
                                class={cover ? "cover" : ""}
                                data-cover={cover ? "true" : "false"}
                              >
                                <img
                                  class="thumb"
                                  src={img.url}
                                  alt={`Photo ${i + 1} of ${a.images.length}${
                                    cover ? ", the cover" : ""
                                  }`}
                                  loading="lazy"
                                />
                                <p class="muted">
                                  {cover && <strong>Cover ·</strong>}
                                  {details(img)}
                                </p>
                              </li>
                            );
                          })}
                        </ul>
                        <p class="muted">
                          {photos} · Kept until{" "}
                          <LocalTime at={a.expires_at} zone />
                        </p>
                        {usesOf(a.album_id)}
                        {refused
                          ? (
                            <p class="muted" data-testid="album-reuse-refused">
                              {refused}
                            </p>
                          )
                          : composing?.albumId === a.album_id
                          ? (
                            <p class="muted" data-testid="album-in-composer">
                              In the <a href="/dashboard">composer</a> now.
                            </p>
                          )
                          : (
                            <button
                              type="button"
                              class="secondary"
                              data-testid="album-use"
                              onClick={() => composeWith(a.album_id)}
                            >
                              Use in a post
                              <span class="visually-hidden">
                                {` (the album ${album})`}
                              </span>
                            </button>
                          )} {deleteOr(
                            a.album_id,
                            "Delete album",
                            album,
                            <ConfirmAction
                              label="Delete album"
                              what={album}
                              question={`Delete this album of ${photos}?`}
                              confirmLabel="Yes, delete it"
                              testId="album-delete"
                              onConfirm={() =>
                                remove(
                                  a.album_id,
                                  `/api/albums/${a.album_id}`,
                                  "Deleted the album.",
                                  () =>
                                    setAlbums((all) =>
                                      all.filter((x) =>
                                        x.album_id !== a.album_id
                                      )
                                    ),
                                )}
                            />,
                          )}
                        {refusal(a.album_id)}
                      </li>
                    );
                  })}
                </ul>
              )}
          </section>
        )}
    </>
  );
}
