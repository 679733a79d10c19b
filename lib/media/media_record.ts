/**
 * What KV keeps about uploaded media.
 * @module
 */

export type MediaKind = "video" | "image";

/** What a video's header says (mp4_probe.ts, webm_probe.ts). */
export interface VideoProbe {
  /** Coded size of the video track. */
  width: number;
  height: number;
  /** Clockwise rotation from the track matrix: 0, 90, 180 or 270. */
  rotation: number;
  /** Size as displayed, after rotation. */
  displayWidth: number;
  displayHeight: number;
  /** Null when the header gives none (a live WebM recording). */
  durationSec: number | null;
}

/** What an image's header says (image_probe.ts). */
export interface ImageProbe {
  format: string;
  width: number;
  height: number;
}

export interface UploadRecord {
  id: string;
  openId: string;
  /** Storage key: `uploads/<open_id>/<date>/<id>.<ext>` or the album folder. */
  key: string;
  /**
   * Where the signed URL writes (`uploads-staging/...`, see media_keys.ts);
   * completion moves it to `key`. Absent on copies PM3K wrote itself, and
   * on uploads started before staging (their URL wrote to `key`).
   */
  stagingKey?: string;
  /** While a completion holds the pending upload (pending_upload_guard.ts). */
  completingUntil?: number;
  filename: string;
  contentType: string;
  kind: MediaKind;
  declaredSize: number;
  albumId: string | null;
  /** Set for temporary copies ingested from a verified domain. */
  sourceUrl: string | null;
  state: "pending" | "complete";
  createdAt: number;
  /** Pending: end of the upload window; complete: end of retention. */
  expiresAt: number;
  url: string;
  size: number | null;
  etag: string | null;
  video: VideoProbe | null;
  image: ImageProbe | null;
  /**
   * The file's SHA-256 (hex), a video's or an album image's: taken as it
   * streamed in, or by one read at completion of a presigned PUT
   * (content_digest.ts), so that a post of the same bytes from another
   * upload is told (docs/media.md#content-digest). Absent on uploads made
   * before it was kept, but for an album image that its album's duplicate
   * check has read since (album_duplicates.ts): a completed object never
   * changes.
   */
  sha256?: string;
}

export interface AlbumRecord {
  id: string;
  openId: string;
  createdAt: number;
  expiresAt: number;
  /** True once "Upload only (get link)" lifted it to the plan's TTL. */
  retained: boolean;
  /** Completed image uploads, in the order they were started. */
  imageIds: string[];
  /** Uploads started but not completed. */
  pendingIds: string[];
  /** Every image started and not discarded, in start order (the 35 cap). */
  order: string[];
}
