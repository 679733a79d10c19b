/** Test media with a rotation matrix, made from the portrait fixture. */
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
