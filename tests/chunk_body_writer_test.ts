/**
 * A chunk's body reaches TikTok byte for byte whichever way storage hands
 * it over: the local adapter's ranged read is a byte stream, read straight
 * into PM3K's two alternating buffers (BYOB); any other stream is gathered
 * into 1 MiB writes. Checked against a real loopback receiver.
 */
import assert from "node:assert/strict";
import http from "node:http";
import {
  chunkReader,
  WRITE_BATCH_BYTES,
  writeChunkBody,
} from "../lib/tiktok/chunk_body_writer.ts";
import type { LocalStorage } from "../lib/storage/local_storage.ts";
import { localStorageIn } from "./_helpers/local_storage_in.ts";

/** 3.5 MiB of varied bytes: several buffers and a partial last one. */
const SIZE = 3 * WRITE_BATCH_BYTES + WRITE_BATCH_BYTES / 2;
const BYTES = Uint8Array.from({ length: SIZE }, (_, i) => (i * 31 + 7) % 251);

async function digest(bytes: Uint8Array): Promise<string> {
  const hash = await crypto.subtle.digest(
    "SHA-256",
    bytes as Uint8Array<ArrayBuffer>,
  );
  return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}

/** Runs `body` with BYTES stored at uploads/a/v.mp4 in a local adapter. */
async function withStoredBytes(
  body: (storage: LocalStorage) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "pm3k-chunk-writer-" });
  try {
    const storage = await localStorageIn(dir);
    await storage.put("uploads/a/v.mp4", BYTES, { contentType: "video/mp4" });
    await body(storage);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** PUTs `body` through writeChunkBody; what the receiver got. */
async function sendThrough(
  body: ReadableStream<Uint8Array>,
  length: number,
): Promise<{ got: Uint8Array; sent: number; byob: boolean }> {
  const parts: Uint8Array[] = [];
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    async (req) => {
      parts.push(new Uint8Array(await req.arrayBuffer()));
      return new Response(null, { status: 201 });
    },
  );
  try {
    const reader = chunkReader(body);
    const req = http.request(`http://127.0.0.1:${server.addr.port}/`, {
      method: "PUT",
      agent: false,
      headers: { "Content-Length": String(length) },
    });
    const answered = new Promise<void>((resolve, reject) => {
      req.on("error", reject);
      req.on("response", (res) => {
        res.resume();
        res.on("end", resolve);
      });
    });
    const sent = await writeChunkBody(reader, { req, stopped: () => false });
    req.end();
    await answered;
    return { got: parts[0], sent, byob: reader.byob !== null };
  } finally {
    await server.shutdown();
  }
}

Deno.test("a ranged read from the local adapter goes out by BYOB, byte for byte", async () => {
  await withStoredBytes(async (storage) => {
    const start = 1000;
    const end = SIZE - 2000;
    const got = await storage.get("uploads/a/v.mp4", { start, end });
    const out = await sendThrough(got!.body, end - start + 1);
    assert.equal(out.byob, true, "the local ranged read is a byte stream");
    assert.equal(out.sent, end - start + 1);
    assert.equal(
      await digest(out.got),
      await digest(BYTES.subarray(start, end + 1)),
    );
  });
});

Deno.test("a stream that is not a byte stream is gathered into writes, byte for byte", async () => {
  let at = 0;
  // Pieces of 10,000 bytes, as a non-byte stream hands them over.
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= SIZE) return controller.close();
      controller.enqueue(BYTES.slice(at, at + 10_000));
      at += 10_000;
    },
  });
  const out = await sendThrough(body, SIZE);
  assert.equal(out.byob, false);
  assert.equal(out.sent, SIZE);
  assert.equal(await digest(out.got), await digest(BYTES));
});

Deno.test("a ranged read cancelled half-way, or read to its end, closes its file", async () => {
  await withStoredBytes(async (storage) => {
    const cut = (await storage.get("uploads/a/v.mp4", { start: 0 }))!;
    const reader = cut.body.getReader({ mode: "byob" });
    const first = await reader.read(new Uint8Array(4096));
    assert.equal(first.value?.byteLength, 4096);
    await reader.cancel();
    // Read whole: the last read ends the stream and closes the file.
    const whole = (await storage.get("uploads/a/v.mp4", { start: 10 }))!;
    const bytes = new Uint8Array(await new Response(whole.body).arrayBuffer());
    assert.equal(bytes.length, SIZE - 10);
    // The sanitizer fails this test if either file stayed open.
  });
});
