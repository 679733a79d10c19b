/**
 * What a copy from a URL, and the post or upload around it, tells a caller
 * who asked to follow it (docs/mcp.md#long-calls): bytes copied so far
 * (with the total a source announced in its Content-Length), then each
 * later stage. The domain functions report; what the caller makes of it
 * (MCP's progress notifications, throttled) is the caller's.
 * @module
 */

/** Which of a photo post's images a step is about, when it has several. */
export type ImageOf = { index: number; count: number };

/** One step of a call copying from a URL, as it happens. */
export type CopyProgress =
  | {
    /**
     * Asking the source (`host`, the URL's, without path or query): no
     * answer yet. With the next step, what a slow-starting source's wait
     * is told as (never a notification of its own).
     */
    stage: "connecting";
    host: string;
    image?: ImageOf;
  }
  | {
    /** The source (`host`, after redirects) answered; no byte yet. */
    stage: "answered";
    host: string;
    /**
     * The bytes the source announced (its Content-Length), when it did:
     * known from its answer, so a wait for its first bytes can say it.
     */
    total?: number;
    image?: ImageOf;
  }
  | {
    stage: "copying";
    /** Bytes of the source written to storage so far. */
    copied: number;
    /** The bytes the source announced (its Content-Length), when it did. */
    total?: number;
    /** Which of a photo post's images this is, when it has several. */
    image?: ImageOf;
  }
  | { stage: "checking"; kind: "video" | "image" }
  | { stage: "sending" };

/** Where the steps go; called often (each chunk), so it must be cheap. */
export type OnCopyProgress = (step: CopyProgress) => void;

/**
 * `body`, its bytes counted as they pass into storage, each count reported
 * to `report` (none when there is no `report`: the body as it is).
 */
export function countedBody(
  body: ReadableStream<Uint8Array>,
  report: ((copied: number) => void) | undefined,
): ReadableStream<Uint8Array> {
  if (!report) return body;
  let copied = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, out) {
        out.enqueue(chunk);
        copied += chunk.length;
        report(copied);
      },
    }),
  );
}
