/**
 * The local disk adapter's copy into a file (lib/storage/stream_to_file.ts):
 * a byte stream is read into the copy's own buffers, so a long copy
 * allocates nothing per read (docs/testing.md#benchmarks), and the size
 * limits hold as they did.
 */
import assert from "node:assert/strict";
import { StorageError } from "../lib/storage/object_storage.ts";
import { localStorageIn } from "./_helpers/local_storage_in.ts";

/** A byte stream of `size` bytes that records the views it is read into. */
function byteSource(size: number, views: number[]) {
  let sent = 0;
  return new ReadableStream({
    type: "bytes",
    // What a reader that brings no buffer gets per read.
    autoAllocateChunkSize: 1024,
    pull(controller) {
      const request = controller.byobRequest!;
      const view = request.view as Uint8Array;
      views.push(view.byteLength);
      if (sent >= size) {
        controller.close();
        request.respond(0);
        return;
      }
      const n = Math.min(view.byteLength, size - sent, 300_000);
      for (let i = 0; i < n; i++) view[i] = (sent + i) % 251;
      sent += n;
      request.respond(n);
    },
  });
}

Deno.test("the local disk adapter reads a byte stream into its own buffers, not a new one per read", async () => {
  const dir = await Deno.makeTempDir({ prefix: "pm3k-copy-" });
  try {
    const storage = await localStorageIn(dir);
    const size = 3 * 1024 * 1024 + 5;
    const views: number[] = [];
    const info = await storage.put("tmp/a/copy.mp4", byteSource(size, views), {
      contentType: "video/mp4",
      contentLength: size,
      maxBytes: size,
    });
    assert.equal(info.size, size);
    const stored = await Deno.readFile(`${dir}/media/tmp/a/copy.mp4`);
    assert.equal(stored.length, size);
    assert.ok(stored.every((b, i) => b === i % 251));
    // Read into the copy's 1 MiB buffers, never the 1 KiB the stream
    // allocates for a reader without one.
    assert.ok(Math.max(...views) >= 1024 * 1024, `views ${views}`);
    assert.ok(!views.includes(1024), `views ${views}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the local disk adapter's copy still refuses a body over its size or unlike its announced length", async () => {
  const dir = await Deno.makeTempDir({ prefix: "pm3k-copy-" });
  try {
    const storage = await localStorageIn(dir);
    const put = (size: number, options: object) =>
      storage.put("tmp/a/limit.mp4", byteSource(size, []), {
        contentType: "video/mp4",
        ...options,
      });
    await assert.rejects(
      put(2_000_000, { maxBytes: 1_500_000 }),
      (e: unknown) => e instanceof StorageError && e.failure === "too_large",
    );
    await assert.rejects(
      put(2_000_000, { contentLength: 1_000_000 }),
      /more than the 1000000 bytes it announced/,
    );
    await assert.rejects(
      put(1_000_000, { contentLength: 2_000_000 }),
      /ended after 1000000 of 2000000 bytes/,
    );
    // Nothing half-written is left where a reader would find it, nor the
    // folder the put made (docs/media.md#local-disk-adapter).
    assert.equal(await storage.head("tmp/a/limit.mp4"), null);
    assert.throws(
      () => Deno.readDirSync(`${dir}/media/tmp/a`),
      Deno.errors.NotFound,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
