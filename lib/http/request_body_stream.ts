/**
 * A request body as it streams in: whether a Content-Length frames it,
 * and the body cut off once it passes a size. The route body limit
 * (body_limit.ts) and the one-request uploads (upload_length.ts) both
 * judge a body so (docs/api.md#limits-on-every-request).
 * @module
 */

/** The Content-Length that frames the body, if one does (not chunked). */
export function framedLength(
  req: { header(name: string): string | undefined },
): number | undefined {
  const length = req.header("content-length");
  if (length === undefined || req.header("transfer-encoding") !== undefined) {
    return undefined;
  }
  return Number(length);
}

/**
 * `source` as it is, its reader cancelled with `reason` once more than
 * `maxBytes` were read (the server's request body is not left open). The
 * chunk past the size then goes on when `errorPast` is false (a reader
 * downstream counts and refuses it), else the stream errors with `reason`.
 */
export function cappedStream(
  source: ReadableStream<Uint8Array>,
  maxBytes: number,
  reason: unknown,
  errorPast: boolean,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let seen = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) return controller.close();
      seen += value.byteLength;
      if (seen > maxBytes) {
        await reader.cancel(reason);
        if (errorPast) return controller.error(reason);
      }
      controller.enqueue(value);
    },
    cancel(cancelReason) {
      return reader.cancel(cancelReason);
    },
  });
}
