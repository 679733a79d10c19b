/**
 * A request body as it streams in: whether a Content-Length frames it,
 * and the body cut off once it passes a size. The route body limit
 * (body_limit.ts) and the one-request uploads (upload_length.ts) both
 * judge a body so (docs/api.md#limits-on-every-request).
 * @module
 */
import { AppError } from "../errors.ts";

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

/**
 * The error a request body that breaks off before its end is read as (the
 * client hung up, or its connection broke): the client's, a 400, not a
 * 500 with a stack in the log (docs/api.md#limits-on-every-request).
 */
export function bodyBrokeOff(cause: unknown): AppError {
  return new AppError(
    "bad_request",
    "The request body broke off before it ended.",
    { cause },
  );
}

/**
 * `source` as it is, but a failure to read it errors the stream with
 * {@link bodyBrokeOff}. Nothing is read before a reader asks (the source
 * is taken at the first read), so a body no handler reads is left as it
 * came, for the server to close.
 */
export function brokenOffAsBadRequest(
  source: ReadableStream<Uint8Array>,
): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      reader ??= source.getReader();
      let read;
      try {
        read = await reader.read();
      } catch (error) {
        return controller.error(bodyBrokeOff(error));
      }
      if (read.done) controller.close();
      else controller.enqueue(read.value);
    },
    cancel(reason) {
      return (reader ?? source).cancel(reason);
    },
  }, { highWaterMark: 0 });
}
