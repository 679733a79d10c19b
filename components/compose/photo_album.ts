/**
 * The album a photo post is composed in (docs/dashboard.md#compose):
 * photos uploaded into it one slot each, its cover, kept for automations
 * on request, and remembered in this browser across reloads
 * (album_memory.ts).
 * @module
 */
import { useRef, useState } from "preact/hooks";
import {
  ApiCallError,
  callApi,
  sendAndComplete,
  startUpload,
} from "../api_client.ts";
import { forgetAlbum, recallAlbum, rememberAlbum } from "../album_memory.ts";
import { errorText } from "../local_times.ts";
import { NAMED } from "../compose_rules.ts";
import { fitPhoto } from "./photo_fit.ts";
import { reportFailure } from "../report_failure.ts";
// Types only: the schemas (and zod) stay on the server.
import type { AlbumResponse } from "../../lib/http/api_responses.ts";
import type { ComposePrefill } from "../../lib/posting/post_again.ts";

/** A photo picked for the album, as its upload goes. */
export interface PhotoSlot {
  /** Which slot it is, for its whole life: slots before it may be removed. */
  key: number;
  name: string;
  progress: number;
  state: "uploading" | "done" | "error";
  url?: string;
  /** The upload it is in the album, to remove it; none for a post's photos. */
  uploadId?: string;
  error?: string;
  /** Its size as picked, when the browser scaled it down (photo_fit.ts). */
  scaledFrom?: string;
  /** The browser converted it to a JPEG (photo_fit.ts). */
  converted?: boolean;
}

export interface PhotoAlbum {
  albumId: string | null;
  slots: PhotoSlot[];
  /** The uploaded photos' URLs, in the album's order. */
  images: string[];
  /** A photo picked is still uploading. */
  uploading: boolean;
  /** The cover, among the photos uploaded. */
  coverIndex: number;
  /** Until when the album is kept for automations, once asked. */
  retainedUntil: string | null;
  /** Why the last album call failed, or "". */
  message: string;
  /** Brings back the album remembered, if any is still stored. */
  restore(): Promise<void>;
  /** Uploads the files picked in `input` into the album. */
  addPhotos(input: HTMLInputElement): Promise<void>;
  chooseCover(index: number): void;
  /**
   * Takes the photo of slot `key` out of the album; answers whether it
   * went (a refusal is the album's message).
   */
  remove(key: number): Promise<boolean>;
  startNew(): void;
  /** Keeps the album for automations ("Upload only (get link)"). */
  retain(): Promise<void>;
  /** Remembers the album again, once a post made again was sent. */
  resume(): void;
}

/**
 * The album being composed. While a post is made again (`again`), the album
 * this browser remembers is left as it is (not replaced, not forgotten);
 * it comes back once that is sent ({@link PhotoAlbum.resume}).
 */
export function usePhotoAlbum(options: {
  /** Where the album being composed is remembered across reloads. */
  storageKey: string;
  /** The post made again, whose photos and cover the album starts from. */
  again: Pick<ComposePrefill, "photos" | "coverIndex"> | null;
  /** The album restored has photos: the composer shows them. */
  onRestoredPhotos: () => void;
}): PhotoAlbum {
  const { storageKey, again } = options;
  const remembersAlbum = useRef(again === null);
  const [albumId, setAlbumId] = useState<string | null>(null);
  // Refs, not state: two quick picks must share one album and distinct slots.
  const albumRef = useRef<Promise<string> | null>(null);
  const nextSlot = useRef(0);
  const [slots, setSlots] = useState<PhotoSlot[]>(() =>
    (again?.photos ?? []).map((p) => ({
      key: nextSlot.current++,
      name: p.filename,
      progress: 1,
      state: "done" as const,
      url: p.url,
    }))
  );
  // The slots as last rendered, for a removal that waited on the server.
  const latest = useRef(slots);
  latest.current = slots;
  const [cover, setCover] = useState(again?.coverIndex ?? 0);
  const [retainedUntil, setRetainedUntil] = useState<string | null>(null);
  const [message, setMessage] = useState("");

  /** The album being composed, remembered in this browser across reloads. */
  async function restore() {
    const remembered = recallAlbum(storageKey);
    if (!remembered) return;
    try {
      const album = await callApi<AlbumResponse>(
        "GET",
        `/api/albums/${remembered.albumId}`,
      );
      albumRef.current = Promise.resolve(album.album_id);
      setAlbumId(album.album_id);
      setSlots(album.photo_images.map((url, i) => ({
        key: nextSlot.current++,
        name: album.images[i]?.filename ?? `image ${i + 1}`,
        progress: 1,
        state: "done" as const,
        url,
        uploadId: album.images[i]?.upload_id,
      })));
      setCover(remembered.cover);
      if (album.retained) setRetainedUntil(album.expires_at);
      if (album.photo_images.length > 0) options.onRestoredPhotos();
    } catch (error) {
      // An expired or deleted album: start a new one next time.
      if (error instanceof ApiCallError && error.code === "not_found") {
        forgetAlbum(storageKey);
        return;
      }
      throw error;
    }
  }

  function updateSlot(key: number, change: Partial<PhotoSlot>) {
    setSlots((list) =>
      list.map((s) => (s.key === key ? { ...s, ...change } : s))
    );
  }

  async function addPhotos(input: HTMLInputElement) {
    const picked = [...(input.files ?? [])];
    input.value = ""; // so picking the same file again works
    if (picked.length === 0) return;
    setMessage("");
    albumRef.current ??= callApi<AlbumResponse>("POST", "/api/albums")
      .then((a) => {
        setAlbumId(a.album_id);
        if (remembersAlbum.current) {
          rememberAlbum(storageKey, {
            albumId: a.album_id,
            cover: 0,
          });
        }
        return a.album_id;
      });
    let id: string;
    try {
      id = await albumRef.current;
    } catch (error) {
      albumRef.current = null;
      setMessage(errorText(error, { zone: NAMED }));
      return;
    }
    const start = nextSlot.current;
    nextSlot.current += picked.length;
    setSlots((list) => [
      ...list,
      ...picked.map((f, i) => ({
        key: start + i,
        name: f.name,
        progress: 0,
        state: "uploading" as const,
      })),
    ]);
    // Start the uploads one by one (the album keeps that order), then send
    // the bytes of all of them at once.
    const sends: Promise<void>[] = [];
    for (const [i, file] of picked.entries()) {
      const fail = (error: unknown) =>
        updateSlot(start + i, {
          state: "error",
          error: errorText(error, { zone: NAMED }),
        });
      try {
        // Scaled down or converted to a JPEG: its line says so.
        const { file: fitted, ...fit } = await fitPhoto(file);
        updateSlot(start + i, fit);
        const started = await startUpload(fitted, id);
        sends.push(
          sendAndComplete(
            started,
            fitted,
            (p) => updateSlot(start + i, { progress: p }),
          ).then(
            (done) =>
              updateSlot(
                start + i,
                // Its bytes were in the album already (a photo picked
                // twice): the album keeps it once (docs/media.md).
                done.already_in_album
                  ? { state: "error", error: "already in this album" }
                  : {
                    state: "done",
                    url: done.url,
                    uploadId: done.upload_id,
                    progress: 1,
                  },
              ),
            fail,
          ),
        );
      } catch (error) {
        fail(error);
      }
    }
    await Promise.all(sends);
  }

  /** Picks the cover; the album remembered keeps it across reloads. */
  function chooseCover(index: number) {
    setCover(index);
    if (remembersAlbum.current && albumId) {
      rememberAlbum(storageKey, { albumId, cover: index });
    }
  }

  // The slots whose removal is on its way: a second Remove pressed
  // meanwhile is ignored, or its DELETE, answered not_found, would move
  // the cover a second time.
  const removing = useRef(new Set<number>()).current;

  async function remove(key: number) {
    const slot = slots.find((s) => s.key === key);
    if (!slot || removing.has(key)) return false;
    removing.add(key);
    setMessage("");
    // Uploaded into the album: it leaves the album on the server, so a
    // reload brings the album back without it (docs/media.md#deleting-media).
    // A refused photo, or a post's made again, is only taken off the list.
    if (slot.uploadId) {
      try {
        await callApi("DELETE", `/api/uploads/${slot.uploadId}`);
      } catch (error) {
        // Gone already (deleted on the media page, expired): gone all the same.
        if (!(error instanceof ApiCallError && error.code === "not_found")) {
          removing.delete(key);
          setMessage(errorText(error, { zone: NAMED }));
          return false;
        }
      }
    }
    // Its place among the photos uploaded as they are now: one before it
    // may have finished meanwhile.
    const place = latest.current.filter((s) => s.state === "done")
      .findIndex((s) => s.key === key);
    setSlots((list) => list.filter((s) => s.key !== key));
    // The cover stays on its photo; the cover removed, the first photo is.
    if (place >= 0) {
      setCover((c) => {
        const next = place < c ? c - 1 : place === c ? 0 : c;
        if (remembersAlbum.current && albumId) {
          rememberAlbum(storageKey, { albumId, cover: next });
        }
        return next;
      });
    }
    return true;
  }

  function startNew() {
    if (remembersAlbum.current) forgetAlbum(storageKey);
    albumRef.current = null;
    setAlbumId(null);
    setSlots([]);
    setCover(0);
    setRetainedUntil(null);
  }

  async function retain() {
    if (!albumId) return;
    try {
      const res = await callApi<AlbumResponse>("POST", "/api/album/retain", {
        album_id: albumId,
      });
      setRetainedUntil(res.expires_at);
    } catch (error) {
      setMessage(errorText(error, { zone: NAMED }));
    }
  }

  function resume() {
    remembersAlbum.current = true;
    restore().catch(reportFailure("loading your album"));
  }

  const images = slots.filter((s) => s.state === "done").map((s) => s.url!);
  return {
    albumId,
    slots,
    images,
    // A photo picked is still on its way: a post now would leave it out.
    uploading: slots.some((s) => s.state === "uploading"),
    coverIndex: Math.min(cover, Math.max(images.length - 1, 0)),
    retainedUntil,
    message,
    restore,
    addPhotos,
    chooseCover,
    remove,
    startNew,
    retain,
    resume,
  };
}
