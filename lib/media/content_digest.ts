/**
 * The SHA-256 of a file's bytes (docs/media.md#content-digest), taken as
 * they stream in or, for bytes PM3K never saw (a presigned PUT), by one
 * read of the stored object. node:crypto's createHash takes the bytes
 * chunk by chunk; Web Crypto's digest wants the whole file in memory.
 * @module
 */
import { createHash } from "node:crypto";
import type { AppDeps } from "../runtime/app_deps.ts";

/** A stream that passes `body` through, hashing each chunk on its way. */
export interface DigestingStream {
  stream: ReadableStream<Uint8Array>;
  /** The hex digest, once the stream has been read to its end. */
  hex(): string;
}

export function digestingStream(
  body: ReadableStream<Uint8Array>,
): DigestingStream {
  const hash = createHash("sha256");
  let hex: string | null = null;
  const stream = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, out) {
        hash.update(chunk);
        out.enqueue(chunk);
      },
      flush() {
        hex = hash.digest("hex");
      },
    }),
  );
  return {
    stream,
    hex() {
      if (hex === null) throw new Error("The stream was not read to its end.");
      return hex;
    },
  };
}

/** The SHA-256 of a stored object's bytes, hex; null if it is gone. */
export async function objectDigest(
  deps: Pick<AppDeps, "storage">,
  key: string,
): Promise<string | null> {
  const got = await deps.storage.get(key);
  if (!got) return null;
  const hash = createHash("sha256");
  for await (const chunk of got.body) hash.update(chunk);
  return hash.digest("hex");
}
