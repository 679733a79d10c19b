/**
 * Big test videos without big fixtures: the portrait fixture followed by a
 * top-level `free` box of padding, which MP4 readers (our probe, TikTok's
 * simulator) skip. Made at test or bench time, never committed.
 */
import { fixture } from "./api_client.ts";

/** The free box's header for `padding` bytes of zeros after it. */
function freeBoxHeader(padding: number): Uint8Array {
  const header = new Uint8Array(8);
  new DataView(header.buffer).setUint32(0, padding + 8);
  header.set(new TextEncoder().encode("free"), 4);
  return header;
}

/** A valid MP4 of exactly `totalBytes` (at least the fixture plus 8). */
export async function paddedMp4(totalBytes: number): Promise<Uint8Array> {
  const video = await fixture("portrait.mp4");
  const padding = totalBytes - video.length - 8;
  if (padding < 0) throw new Error(`${totalBytes} bytes is too small`);
  const out = new Uint8Array(totalBytes);
  out.set(video);
  out.set(freeBoxHeader(padding), video.length);
  // Not all zeros: a chunk written at the wrong offset changes the hash.
  for (let i = video.length + 8; i < totalBytes; i += 4096) out[i] = i % 251;
  return out;
}

/** The same file as a stream of 1 MiB pieces, never whole in memory. */
export async function paddedMp4Stream(
  totalBytes: number,
): Promise<ReadableStream<Uint8Array>> {
  const video = await fixture("portrait.mp4");
  const padding = totalBytes - video.length - 8;
  if (padding < 0) throw new Error(`${totalBytes} bytes is too small`);
  const piece = new Uint8Array(1024 * 1024);
  for (let i = 0; i < piece.length; i += 4096) piece[i] = i % 251;
  let left = padding;
  let started = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(video);
        controller.enqueue(freeBoxHeader(padding));
        return;
      }
      if (left === 0) return controller.close();
      const n = Math.min(left, piece.length);
      controller.enqueue(piece.slice(0, n));
      left -= n;
    },
  });
}

/** Hex SHA-256, for comparing what TikTok's simulator assembled. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    bytes as Uint8Array<ArrayBuffer>,
  );
  return Array.from(
    new Uint8Array(digest),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
}
