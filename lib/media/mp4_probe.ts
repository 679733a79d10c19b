/**
 * Reads width, height, rotation and duration from an MP4/MOV header without
 * decoding or changing the file: a small ISO-BMFF box reader over ranged
 * reads, so a 200 MB file costs a few small reads, not a download. (npm's
 * mp4box wants the bytes pushed into it in order, which for a file whose
 * moov sits at the end means reading the whole mdat first.)
 * @module
 */

import type { VideoProbe } from "./media_record.ts";

/** Reads bytes `start..end` (inclusive) of the file. */
export type RangeReader = (start: number, end: number) => Promise<Uint8Array>;

const MAX_MOOV_BYTES = 32 * 1024 * 1024;

interface Box {
  type: string;
  start: number;
  headerSize: number;
  size: number;
}

function readBoxHeader(
  view: DataView,
  offset: number,
  limit: number,
): Box | null {
  if (offset + 8 > limit) return null;
  let size = view.getUint32(offset);
  const type = String.fromCharCode(
    view.getUint8(offset + 4),
    view.getUint8(offset + 5),
    view.getUint8(offset + 6),
    view.getUint8(offset + 7),
  );
  let headerSize = 8;
  if (size === 1) {
    if (offset + 16 > limit) return null;
    size = Number(view.getBigUint64(offset + 8));
    headerSize = 16;
  } else if (size === 0) {
    size = limit - offset;
  }
  if (size < headerSize) return null;
  return { type, start: offset, headerSize, size };
}

/**
 * The most boxes read inside one box: a moov holds a handful (mvhd, a trak
 * per track, udta…), and so do those inside it. A 32 MB moov of 8-byte
 * boxes was 4 million of them, read in one go: the server answered no one
 * for 3 s (docs/media.md#video-probes).
 */
const MAX_CHILD_BOXES = 256;

function children(view: DataView, box: Box): Box[] {
  const out: Box[] = [];
  const end = Math.min(box.start + box.size, view.byteLength);
  let offset = box.start + box.headerSize;
  while (offset < end && out.length < MAX_CHILD_BOXES) {
    const child = readBoxHeader(view, offset, end);
    if (!child) break;
    out.push(child);
    offset += child.size;
  }
  return out;
}

function find(view: DataView, box: Box, type: string): Box | undefined {
  return children(view, box).find((b) => b.type === type);
}

function fixed16(view: DataView, offset: number): number {
  return view.getInt32(offset) / 65536;
}

/**
 * Finds the top-level moov box by walking box headers with ranged reads,
 * {@link MAX_TOP_LEVEL_BOXES} at most: a file of 8-byte boxes made the walk
 * one read per 8 bytes, 70 s for 2 MB while its upload held a slot
 * (docs/media.md#video-probes).
 */
async function readMoov(
  read: RangeReader,
  fileSize: number,
): Promise<DataView | null> {
  let offset = 0;
  for (let n = 0; n < MAX_TOP_LEVEL_BOXES && offset + 8 <= fileSize; n++) {
    const head = await read(offset, Math.min(offset + 15, fileSize - 1));
    const box = readBoxHeader(
      new DataView(head.buffer, head.byteOffset, head.byteLength),
      0,
      fileSize - offset,
    );
    if (!box) return null;
    if (box.type === "moov") {
      if (box.size > MAX_MOOV_BYTES) return null;
      const bytes = await read(offset, offset + box.size - 1);
      return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    offset += box.size;
  }
  return null;
}

/**
 * The most top-level boxes walked looking for the moov or one cut short: a
 * plain MP4 has three or four, a fragmented one its moov second and two
 * boxes per fragment after; past this many the file is left to TikTok
 * (each header is one small ranged read).
 */
const MAX_TOP_LEVEL_BOXES = 64;

/**
 * The top-level box that says it runs past the file's end, as a transfer
 * stopped early leaves the media data (`mdat`) of an MP4: its type, the
 * byte it starts at and the byte its size says it ends at; null for a
 * file whose boxes all fit.
 * TikTok would take such a file and fail to process it minutes later.
 */
export async function boxPastEnd(
  read: RangeReader,
  fileSize: number,
): Promise<{ type: string; at: number; end: number } | null> {
  let offset = 0;
  for (let n = 0; n < MAX_TOP_LEVEL_BOXES && offset + 8 <= fileSize; n++) {
    const head = await read(offset, Math.min(offset + 15, fileSize - 1));
    const box = readBoxHeader(
      new DataView(head.buffer, head.byteOffset, head.byteLength),
      0,
      fileSize - offset,
    );
    if (!box) return null;
    const end = offset + box.size;
    if (end > fileSize) return { type: box.type, at: offset, end };
    offset = end;
  }
  return null;
}

/** Probes the file; null when it has no readable moov or no video track. */
export async function probeMp4(
  read: RangeReader,
  fileSize: number,
): Promise<VideoProbe | null> {
  const view = await readMoov(read, fileSize);
  if (!view) return null;
  const moov = readBoxHeader(view, 0, view.byteLength)!;
  let durationSec = 0;
  const mvhd = find(view, moov, "mvhd");
  if (mvhd) {
    const p = mvhd.start + mvhd.headerSize;
    const version = view.getUint8(p);
    const timescale = view.getUint32(p + (version === 1 ? 20 : 12));
    const duration = version === 1
      ? Number(view.getBigUint64(p + 24))
      : view.getUint32(p + 16);
    if (timescale > 0) durationSec = duration / timescale;
  }
  for (const trak of children(view, moov).filter((b) => b.type === "trak")) {
    const mdia = find(view, trak, "mdia");
    const hdlr = mdia && find(view, mdia, "hdlr");
    if (!hdlr) continue;
    const handler = String.fromCharCode(
      ...new Uint8Array(
        view.buffer,
        view.byteOffset + hdlr.start + hdlr.headerSize + 8,
        4,
      ),
    );
    if (handler !== "vide") continue;
    const tkhd = find(view, trak, "tkhd");
    if (!tkhd) continue;
    const p = tkhd.start + tkhd.headerSize;
    const version = view.getUint8(p);
    const matrixAt = p + (version === 1 ? 52 : 40);
    const a = fixed16(view, matrixAt);
    const b = fixed16(view, matrixAt + 4);
    const width = Math.round(fixed16(view, matrixAt + 36));
    const height = Math.round(fixed16(view, matrixAt + 40));
    const rotation =
      ((Math.round(Math.atan2(b, a) * 180 / Math.PI / 90) * 90) % 360 + 360) %
      360;
    const swap = rotation === 90 || rotation === 270;
    return {
      width,
      height,
      rotation,
      displayWidth: swap ? height : width,
      displayHeight: swap ? width : height,
      durationSec: Math.round(durationSec * 1000) / 1000,
    };
  }
  return null;
}
