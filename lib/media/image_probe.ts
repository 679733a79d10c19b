/**
 * Image format and pixel size from the file's first bytes, through the
 * maintained `image-size` package (no decoding).
 * @module
 */
import { imageSize } from "image-size";
import type { ImageProbe } from "./media_record.ts";

/** Bytes to read so even a JPEG with a large EXIF block shows its size. */
export const IMAGE_PROBE_BYTES = 512 * 1024;

/** Probes an image header; null when the size cannot be read. */
export function probeImage(head: Uint8Array): ImageProbe | null {
  try {
    const info = imageSize(head);
    if (!info.width || !info.height) return null;
    const rotated = info.orientation !== undefined && info.orientation >= 5;
    return {
      format: info.type ?? "unknown",
      width: rotated ? info.height : info.width,
      height: rotated ? info.width : info.height,
    };
  } catch {
    return null;
  }
}
