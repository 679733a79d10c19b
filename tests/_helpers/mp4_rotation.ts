/**
 * Test media made from the portrait fixture: with a rotation matrix, or
 * cut short as a transfer stopped early leaves it.
 */
import assert from "node:assert/strict";

/** Rewrites the video track's tkhd matrix to a rotation of `degrees`. */
export function rotate(bytes: Uint8Array, degrees: 90 | 180 | 270): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  const text = new TextDecoder("latin1").decode(out);
  let at = -1;
  // The first tkhd whose width is non-zero belongs to the video track.
  for (let i = text.indexOf("tkhd"); i >= 0; i = text.indexOf("tkhd", i + 4)) {
    const payload = i + 4;
    const matrix = payload + (out[payload] === 1 ? 52 : 40);
    if (view.getUint32(matrix + 36) !== 0) {
      at = matrix;
      break;
    }
  }
  assert.ok(at > 0, "found the video tkhd");
  const one = 0x00010000;
  const [a, b, c, d] = degrees === 90
    ? [0, one, -one, 0]
    : degrees === 180
    ? [-one, 0, 0, -one]
    : [0, -one, one, 0];
  view.setInt32(at, a);
  view.setInt32(at + 4, b);
  view.setInt32(at + 12, c);
  view.setInt32(at + 16, d);
  return out;
}

/** The top-level boxes of an MP4: type, start and size. */
function topBoxes(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxes: { type: string; start: number; size: number }[] = [];
  for (let at = 0; at + 8 <= bytes.length;) {
    const size = view.getUint32(at);
    const type = new TextDecoder("latin1").decode(bytes.slice(at + 4, at + 8));
    assert.ok(size >= 8, `a plain 32-bit box size at ${at}`);
    boxes.push({ type, start: at, size });
    at += size;
  }
  return boxes;
}

/**
 * The video with its media data (`mdat`) cut in half: with moov after it
 * (as the fixture has it) the header is lost with the rest; with moov
 * first (`faststart`) the header still reads whole. Chunk offsets are left as they were: nothing
 * here decodes the frames.
 */
export function cutShort(bytes: Uint8Array, faststart = false): Uint8Array {
  const boxes = topBoxes(bytes);
  const part = (type: string) => {
    const box = boxes.find((b) => b.type === type);
    assert.ok(box, `the fixture has a ${type} box`);
    return bytes.slice(box.start, box.start + box.size);
  };
  const mdat = part("mdat");
  const half = mdat.slice(0, Math.floor(mdat.length / 2));
  // Cut in its media data, a file with moov last has lost it too.
  const order = faststart
    ? [part("ftyp"), part("moov"), half]
    : [part("ftyp"), half];
  const out = new Uint8Array(order.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of order) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
