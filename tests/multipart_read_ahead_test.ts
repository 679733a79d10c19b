/**
 * A multipart form's file part is read as its reader asks, never far ahead
 * of it: PM3K streams the file to storage (docs/media.md#uploads-in-one-request)
 * and, while storage is behind, holds the request back, so memory stays flat
 * as for a raw body. The bench measures the same on a 190 MB upload, through
 * the garbage collector's noise (docs/testing.md#benchmarks); this proves
 * the bound itself.
 */
import assert from "node:assert/strict";
import { readMultipartUpload } from "../lib/http/multipart_upload.ts";

const CHUNK = 32 * 1024;
/** A form far larger than anything buffered on its way. */
const FILE_BYTES = 64 * 1024 * 1024;
/** What the parser and its streams may hold between source and reader. */
const MOST_AHEAD = 1024 * 1024;

/** A form whose file part is FILE_BYTES long, counting the bytes pulled. */
function countedForm(boundary: string) {
  const encoder = new TextEncoder();
  const parts = [
    encoder.encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.mp4"\r\n\r\n`,
    ),
  ];
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
  let fileSent = 0;
  let tailSent = false;
  const counted = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      let next = parts.shift();
      if (!next && fileSent < FILE_BYTES) {
        next = new Uint8Array(Math.min(CHUNK, FILE_BYTES - fileSent));
        fileSent += next.length;
      } else if (!next && !tailSent) {
        next = tail;
        tailSent = true;
      }
      if (!next) return c.close();
      counted.pulled += next.length;
      c.enqueue(next);
    },
  });
  return { body, counted };
}

/** Waits until `read()` stays the same over a few timer turns. */
async function settled(read: () => number): Promise<number> {
  let last = -1;
  for (let same = 0; same < 5;) {
    await new Promise((r) => setTimeout(r, 20));
    const now = read();
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
}

Deno.test("a multipart file part is read no further ahead than its reader, then whole", async () => {
  const { body, counted } = countedForm("ahead");
  const form = await readMultipartUpload(
    body,
    "multipart/form-data; boundary=ahead",
  );
  const reader = form.file.stream.getReader();
  let read = 0;
  const first = await reader.read();
  read += first.value?.length ?? 0;
  assert.ok(read > 0, "the file's first bytes are read");

  // The reader waits (storage behind): the form is not read on meanwhile.
  const pulled = await settled(() => counted.pulled);
  assert.ok(
    pulled - read <= MOST_AHEAD,
    `${pulled - read} bytes were pulled ahead of the reader`,
  );

  // Read on, pausing now and then: the lead stays bounded throughout.
  for (let n = 1;; n++) {
    const { done, value } = await reader.read();
    if (done) break;
    read += value.length;
    if (n % 256 === 0) {
      const ahead = await settled(() => counted.pulled) - read;
      assert.ok(ahead <= MOST_AHEAD, `${ahead} bytes pulled ahead at ${read}`);
    }
  }
  assert.equal(read, FILE_BYTES);
  await form.rest;
});
