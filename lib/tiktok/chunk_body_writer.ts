/**
 * Writes one chunk's bytes from storage into a node:http request
 * (docs/tiktok.md#file-upload). A byte stream (the local adapter's ranged
 * read, a fetch body from S3) is read straight into two 1 MiB buffers that
 * take turns: one is filled while the other is being written, and a buffer
 * is filled again only once node:http has flushed it. The upload then
 * allocates nothing per read, so its memory stays flat however long the
 * file. Any other stream's pieces are gathered into 1 MiB writes.
 * @module
 */
import type { ClientRequest } from "node:http";

export const WRITE_BATCH_BYTES = 1024 * 1024;

/** What a writer needs to know of the request it feeds. */
export interface ChunkSink {
  req: ClientRequest;
  /** True once the PUT has its answer or failed: stop reading. */
  stopped: () => boolean;
}

/** Writes the stream into `sink.req`; resolves with the bytes sent. */
export function writeChunkBody(
  reader: ChunkReader,
  sink: ChunkSink,
): Promise<number> {
  return reader.byob
    ? writeByob(reader.byob, sink)
    : writeBatched(reader.plain!, sink);
}

/** A stream's reader: BYOB when the stream is a byte stream. */
export interface ChunkReader {
  byob: ReadableStreamBYOBReader | null;
  plain: ReadableStreamDefaultReader<Uint8Array> | null;
  cancel(): Promise<void>;
}

export function chunkReader(body: ReadableStream<Uint8Array>): ChunkReader {
  let byob: ReadableStreamBYOBReader | null = null;
  try {
    byob = body.getReader({ mode: "byob" });
  } catch {
    // Not a byte stream: read its pieces as they come.
  }
  const plain = byob ? null : body.getReader();
  return {
    byob,
    plain,
    cancel: () => (byob ?? plain!).cancel(),
  };
}

/** `chunk` handed to node:http; resolves once flushed or the request ends. */
function written(req: ClientRequest, chunk: Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      req.off("close", done);
      resolve();
    };
    req.once("close", done);
    req.write(chunk, done);
  });
}

async function writeByob(
  reader: ReadableStreamBYOBReader,
  sink: ChunkSink,
): Promise<number> {
  const buffers = [
    new ArrayBuffer(WRITE_BATCH_BYTES),
    new ArrayBuffer(WRITE_BATCH_BYTES),
  ];
  const flushed: Promise<void>[] = [Promise.resolve(), Promise.resolve()];
  let sent = 0;
  for (let turn = 0;; turn ^= 1) {
    // This buffer's last write must be flushed before it is read into.
    await flushed[turn];
    let buffer = buffers[turn];
    let filled = 0;
    let ended = false;
    while (filled < WRITE_BATCH_BYTES && !sink.stopped()) {
      const { done, value } = await reader.read(
        new Uint8Array(buffer, filled, WRITE_BATCH_BYTES - filled),
      );
      // A BYOB read hands the buffer back (the one passed is detached).
      if (value) buffer = value.buffer as ArrayBuffer;
      if (done) {
        ended = true;
        break;
      }
      filled += value.byteLength;
    }
    buffers[turn] = buffer;
    if (sink.stopped()) return sent;
    if (filled > 0) {
      flushed[turn] = written(sink.req, new Uint8Array(buffer, 0, filled));
      sent += filled;
    }
    if (ended) {
      await Promise.all(flushed);
      return sent;
    }
  }
}

async function writeBatched(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  sink: ChunkSink,
): Promise<number> {
  let sent = 0;
  let batch = new Uint8Array(WRITE_BATCH_BYTES);
  let filled = 0;
  const flush = async () => {
    if (filled === 0) return;
    // The batch goes to node:http as is; the next one is a new buffer.
    const out = batch.subarray(0, filled);
    batch = new Uint8Array(WRITE_BATCH_BYTES);
    filled = 0;
    await written(sink.req, out);
  };
  for (;;) {
    const { done, value } = await reader.read();
    if (done || sink.stopped()) break;
    sent += value.length;
    let at = 0;
    while (at < value.length) {
      const n = Math.min(value.length - at, batch.length - filled);
      batch.set(value.subarray(at, at + n), filled);
      filled += n;
      at += n;
      if (filled === batch.length) await flush();
    }
  }
  await flush();
  return sent;
}
