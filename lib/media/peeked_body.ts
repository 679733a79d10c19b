/**
 * A body read once, whose first bytes are looked at before the whole of it
 * is passed on: what a file is shows in its first bytes (media_types.ts),
 * and decides where it is written before a byte is written. It also tells
 * whether the body itself failed, as against the writer it was piped into
 * (a client that went away, a source that broke off).
 * @module
 */

export interface PeekedBody {
  /** The first bytes: as many as asked for, fewer only in a shorter body. */
  head: Uint8Array;
  /** The whole body, its first bytes included. */
  stream: ReadableStream<Uint8Array>;
  /** The body's own failure, once reading it failed; else null. */
  failure(): { error: unknown } | null;
}

/**
 * Reads the first `bytes` of `body`.
 * @throws what reading the body throws (then `failure()` of nothing: the
 *   body is the only thing read so far)
 */
export async function peekBody(
  body: ReadableStream<Uint8Array>,
  bytes: number,
): Promise<PeekedBody> {
  const reader = body.getReader();
  let failure: { error: unknown } | null = null;
  const read = async () => {
    try {
      return await reader.read();
    } catch (error) {
      failure = { error };
      throw error;
    }
  };
  const replay: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  while (total < bytes) {
    const { done, value } = await read();
    if (done) {
      ended = true;
      break;
    }
    replay.push(value);
    total += value.length;
  }
  const head = new Uint8Array(Math.min(total, bytes));
  let offset = 0;
  for (const chunk of replay) {
    if (offset >= head.length) break;
    const part = chunk.subarray(0, head.length - offset);
    head.set(part, offset);
    offset += part.length;
  }
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = replay.shift();
      if (next) return controller.enqueue(next);
      if (ended) return controller.close();
      const { done, value } = await read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  }, { highWaterMark: 0 });
  return { head, stream, failure: () => failure };
}
