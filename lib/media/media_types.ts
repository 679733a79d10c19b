/**
 * Which files PM3K accepts, and what a file really is, judged by its first
 * bytes (magic numbers), never by its name or declared type.
 * @module
 */

import type { MediaKind } from "./media_record.ts";

export interface MediaType {
  contentType: string;
  ext: string;
  kind: MediaKind;
}

export const VIDEO_TYPES: readonly MediaType[] = [
  { contentType: "video/mp4", ext: "mp4", kind: "video" },
  { contentType: "video/quicktime", ext: "mov", kind: "video" },
  { contentType: "video/webm", ext: "webm", kind: "video" },
];

/** TikTok photo posts take JPEG and WebP only. */
export const IMAGE_TYPES: readonly MediaType[] = [
  { contentType: "image/jpeg", ext: "jpg", kind: "image" },
  { contentType: "image/webp", ext: "webp", kind: "image" },
];

/**
 * The media type of a Content-Type, lower case, without parameters
 * (`; charset=`), "" for none: what two types are compared by.
 */
export function baseType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0].trim().toLowerCase();
}

/** The accepted type for a declared Content-Type, or undefined. */
export function mediaTypeFor(contentType: string): MediaType | undefined {
  const base = baseType(contentType);
  return [...VIDEO_TYPES, ...IMAGE_TYPES].find((t) => t.contentType === base);
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

/** The type the bytes show, or null for anything we do not accept. */
export function sniffMediaType(head: Uint8Array): MediaType | null {
  if (
    head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff
  ) {
    return IMAGE_TYPES[0];
  }
  if (
    head.length >= 12 && ascii(head, 0, 4) === "RIFF" &&
    ascii(head, 8, 4) === "WEBP"
  ) {
    return IMAGE_TYPES[1];
  }
  if (
    head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 &&
    head[2] === 0xdf &&
    head[3] === 0xa3
  ) {
    return VIDEO_TYPES[2];
  }
  if (head.length >= 12) {
    const box = ascii(head, 4, 4);
    if (box === "ftyp") {
      return ascii(head, 8, 4) === "qt  " ? VIDEO_TYPES[1] : VIDEO_TYPES[0];
    }
    // Old QuickTime files may start with moov, mdat, wide, free or skip.
    if (["moov", "mdat", "wide", "free", "skip"].includes(box)) {
      return VIDEO_TYPES[1];
    }
  }
  return null;
}

/**
 * An image type PM3K does not take whose bytes it still tells, PNG or GIF
 * (a screenshot, an animation), or null: named in a refusal's
 * `detected_type` so that the caller learns it sent an image, and one to
 * convert to JPEG first (docs/media.md#uploads).
 */
export function sniffImageNotTaken(head: Uint8Array): string | null {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (head.length >= 8 && png.every((b, k) => head[k] === b)) {
    return "image/png";
  }
  if (head.length >= 6 && /^GIF8[79]a$/.test(ascii(head, 0, 6))) {
    return "image/gif";
  }
  return null;
}

/**
 * What an album's refusal of another image type tells the caller to do:
 * TikTok's photo posts take JPEG and WebP only, and the API never converts
 * (docs/media.md#photo-mode).
 */
export const CONVERT_TO_JPEG = "convert the image to JPEG first";

/**
 * A refusal's words for an image not taken whose bytes `sniffImageNotTaken`
 * told: "a PNG image (image/png)".
 */
export function imageNotTakenNamed(type: string): string {
  return `${type === "image/png" ? "a PNG" : "a GIF"} image (${type})`;
}
