/**
 * The API's JSON shapes for uploads and albums (snake_case, ISO times).
 * @module
 */
import type { AlbumRecord, UploadRecord } from "../media/media_record.ts";
import type { StartedUpload } from "../media/upload_start.ts";
import type { CompletedUpload } from "../media/upload_completion.ts";
import type {
  AlbumJson,
  CompletedUploadResponse,
  StartedUploadResponse,
  UploadJson,
} from "./api_responses.ts";

const iso = (t: number) => new Date(t).toISOString();

/** A presigned upload just started: where and how to PUT its bytes. */
export function startedUploadJson(
  s: StartedUpload,
): Omit<StartedUploadResponse, "ok"> {
  return {
    upload_id: s.record.id,
    upload_url: s.uploadUrl,
    method: s.method,
    headers: s.headers,
    expires_at: iso(s.record.expiresAt),
    url: s.record.url,
    album_id: s.record.albumId,
  };
}

export function uploadJson(r: UploadRecord): UploadJson {
  return {
    upload_id: r.id,
    state: r.state,
    url: r.url,
    filename: r.filename,
    content_type: r.contentType,
    kind: r.kind,
    size: r.size,
    etag: r.etag,
    album_id: r.albumId,
    created_at: iso(r.createdAt),
    expires_at: iso(r.expiresAt),
    ...(r.video
      ? {
        width: r.video.displayWidth,
        height: r.video.displayHeight,
        rotation: r.video.rotation,
        duration_sec: r.video.durationSec,
      }
      : {}),
    ...(r.image ? { width: r.image.width, height: r.image.height } : {}),
  };
}

/** An upload just completed: the album's image already there, if it was. */
export function completedUploadJson(
  done: CompletedUpload,
): Omit<CompletedUploadResponse, "ok"> {
  return { ...uploadJson(done.record), already_in_album: done.alreadyInAlbum };
}

export function albumJson(
  album: AlbumRecord,
  images: UploadRecord[],
): AlbumJson {
  return {
    album_id: album.id,
    created_at: iso(album.createdAt),
    expires_at: iso(album.expiresAt),
    retained: album.retained,
    image_count: images.length,
    pending_count: album.pendingIds.length,
    photo_images: images.map((i) => i.url),
    images: images.map(uploadJson),
  };
}
