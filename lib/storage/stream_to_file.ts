/**
 * Copies a stream into an open file for the local disk adapter
 * (local_storage.ts), counting its bytes as limitBytes does
 * (object_storage.ts). A byte stream (a source read by pinned_request.ts, a
 * ranged read of storage) is read straight into two 1 MiB buffers that take
 * turns: one is filled while the other is written. The copy then allocates
 * nothing per read, so the memory of a 200 MB ingest stays flat
 * (docs/testing.md#benchmarks). Any other stream's pieces are written as
 * they come.
 * @module
 */
import { bytesOverLimit, bytesShortOfAnnounced } from "./object_storage.ts";

export const FILE_BATCH_BYTES = 1024 * 1024;

export interface CopyLimits {
  /** More than this many bytes: `too_large`. */
  maxBytes?: number;
  /** The length the source announced: more or fewer bytes are refused. */
  exactBytes?: number;
  /** Stops the copy; it then throws the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Writes `body` into `file` (which the caller closes); resolves with the
 * bytes written. On any failure the body is cancelled.
 * @throws {StorageError} `too_large` past `maxBytes`, `unavailable` for a
 *   body longer or shorter than `exactBytes`; else what reading or
 *   writing threw, or the signal's reason
 */
export async function copyToFile(
  body: ReadableStream<Uint8Array>,
  file: Deno.FsFile,
  limits: CopyLimits,
): Promise<number> {
  const { signal } = limits;
  let byob: ReadableStreamBYOBReader | null = null;
  try {
    byob = body.getReader({ mode: "byob" });
  } catch {
    // Not a byte stream: its pieces are written as they come.
  }
  const reader = byob ?? body.getReader();
  let count = 0;
  const counted = (n: number) => {
    count += n;
    const over = bytesOverLimit(count, limits.maxBytes, limits.exactBytes);
    if (over) throw over;
  };
  // An abort ends a read waiting on the source.
  const onAbort = () => reader.cancel(signal!.reason).catch(() => {});
  signal?.addEventListener("abort", onAbort, { once: true });
  let writing: Promise<void> = Promise.resolve();
  try {
    signal?.throwIfAborted();
    if (byob) {
      const buffers = [
        new ArrayBuffer(FILE_BATCH_BYTES),
        new ArrayBuffer(FILE_BATCH_BYTES),
      ];
      for (let turn = 0, over = false; !over; turn ^= 1) {
        let buffer = buffers[turn];
        let filled = 0;
        while (filled < FILE_BATCH_BYTES) {
          const { done, value } = await byob.read(
            new Uint8Array(buffer, filled),
          );
          signal?.throwIfAborted();
          // The read hands the buffer back (moved): keep the new handle.
          if (value) buffer = value.buffer as ArrayBuffer;
          if (done) {
            over = true;
            break;
          }
          counted(value.byteLength);
          filled += value.byteLength;
        }
        buffers[turn] = buffer;
        // The other buffer's write ends before this one's starts; this
        // buffer is filled again only after the next turn's wait.
        await writing;
        if (filled > 0) {
          writing = writeAll(file, new Uint8Array(buffer, 0, filled));
          // Awaited at the next turn; a failure must not go unhandled.
          writing.catch(() => {});
        }
      }
    } else {
      const plain = reader as ReadableStreamDefaultReader<Uint8Array>;
      for (;;) {
        const { done, value } = await plain.read();
        signal?.throwIfAborted();
        if (done) break;
        counted(value.byteLength);
        await writeAll(file, value);
      }
    }
    await writing;
    // A body shorter than announced is a copy cut short.
    const short = bytesShortOfAnnounced(count, limits.exactBytes);
    if (short) throw short;
    return count;
  } catch (error) {
    // The write under way is let finish before the file is given up; a
    // failure of it is this same copy's, already being reported.
    await writing.catch(() => {});
    // Releases the source; the copy's own failure is the one reported.
    await reader.cancel(error).catch(() => {});
    throw signal?.aborted ? signal.reason : error;
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}

async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  for (let written = 0; written < bytes.length;) {
    written += await file.write(bytes.subarray(written));
  }
}
