/**
 * Reads width, height and duration from a WebM (Matroska) header without
 * decoding the video: the EBML header, Segment Info and Tracks come before
 * the first cluster, so the first bytes of the file are enough. Parsing is
 * ts-ebml's (npm); node-ebml does not load in Deno (its bundled stream
 * polyfill assigns `__proto__`). WebM has no rotation matrix: rotation 0.
 * @module
 */
import { Decoder } from "ts-ebml";
import type { RangeReader } from "./mp4_probe.ts";
import type { VideoProbe } from "./media_record.ts";

/** The header, Info and Tracks fit well within this in muxed WebM files. */
const HEAD_BYTES = 256 * 1024;

interface Element {
  name: string;
  value?: unknown;
}

/** The video's size and duration, or null when the header cannot be read. */
export async function probeWebm(
  read: RangeReader,
  size: number,
): Promise<VideoProbe | null> {
  const head = await read(0, Math.min(size, HEAD_BYTES) - 1);
  let elements: Element[];
  try {
    // A copy: the decoder wants an ArrayBuffer of exactly these bytes.
    elements = new Decoder().decode(new Uint8Array(head).buffer) as Element[];
  } catch {
    return null;
  }
  const first = (name: string) => {
    const value = elements.find((e) => e.name === name)?.value;
    return typeof value === "number" && Number.isFinite(value) ? value : null;
  };
  const width = first("PixelWidth");
  const height = first("PixelHeight");
  if (!width || !height) return null;
  // Durations count in units of the timestamp scale (ns; 1 ms by default).
  const scaleNs = first("TimestampScale") ?? first("TimecodeScale") ?? 1e6;
  const duration = first("Duration");
  return {
    width,
    height,
    rotation: 0,
    displayWidth: width,
    displayHeight: height,
    // A live recording (e.g. a browser's MediaRecorder) may carry none.
    durationSec: duration === null
      ? null
      : Math.round(duration * scaleNs / 1e6) / 1000,
  };
}
