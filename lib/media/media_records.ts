/**
 * What KV keeps about uploaded media.
 * @module
 */
import type { MediaKind } from "./media_types.ts";
import type { VideoProbe } from "./mp4_probe.ts";
import type { ImageProbe } from "./image_probe.ts";

export interface UploadRecord {
  id: string;
  openId: string;
  /** Storage key: `uploads/<open_id>/<date>/<id>.<ext>` or the album folder. */
  key: string;
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
