/**
 * Opens a source PM3K copies into its storage (docs/media.md#ingest), for
 * ingest from verified domains and for uploads from a URL: the SSRF-safe
 * fetch (lib/net/safe_fetch.ts: https only, no private targets, each
 * redirect re-checked), watched by the copy's pace (source_pace.ts), and
 * an answer that is not a 2xx with a body refused.
 * @module
 */
import { AppError, echoed } from "../errors.ts";
import {
  answerCoding,
  FetchFailedError,
  safeFetch,
  UnsafeUrlError,
} from "../net/safe_fetch.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { SourcePace } from "./source_pace.ts";
import { sourceRefusalMessage } from "./source_status_message.ts";

/** The source's answer (a 2xx with a body) and where it came from. */
export interface OpenedSource {
  response: Response & { body: ReadableStream<Uint8Array> };
  /** The URL that answered, after redirects. */
  url: URL;
}

/**
 * Fetches `url` for a copy watched by `pace`.
 * @param options.maxRedirects redirects followed, each re-checked
 *   (safe_fetch.ts's default otherwise)
 * @throws {AppError} `proxy_error` (refused, unreachable, not a 2xx), or
 *   the pace's `source_too_slow` when the deadline passed before
 */
export async function openSource(
  deps: Pick<AppDeps, "allowLoopback" | "fetchOptions">,
  url: URL,
  pace: SourcePace,
  options: { maxRedirects?: number } = {},
): Promise<OpenedSource> {
  // The request's deadline passed during its earlier copies.
  if (pace.signal.aborted) throw pace.signal.reason;
  let opened;
  try {
    opened = await safeFetch(url, {
      allowLoopback: deps.allowLoopback,
      timeoutMs: 15_000,
      idleTimeoutMs: 30_000,
      // A backstop: the pace watch ends a copy sooner, below the floor
      // rate or at its request's deadline.
      totalTimeoutMs: 30 * 60_000,
      signal: pace.signal,
      onChunk: pace.count,
      ...(options.maxRedirects === undefined
        ? {}
        : { maxRedirects: options.maxRedirects }),
      ...deps.fetchOptions,
    });
  } catch (error) {
    if (error instanceof UnsafeUrlError || error instanceof FetchFailedError) {
      // A file on the caller's own machine or network (a private address,
      // plain http): PM3K cannot reach it, but it can take the file itself.
      const own = error instanceof UnsafeUrlError && error.kind === "target"
        ? " Only public https URLs are fetched: a file on your own machine or network goes to POST /api/uploads instead (the file as the body, or a form; MCP: start_upload)."
        : "";
      throw new AppError(
        "proxy_error",
        `Could not fetch the source: ${error.message}.${own}`,
        { cause: error },
      );
    }
    throw error;
  }
  const { response } = opened;
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new AppError(
      "proxy_error",
      sourceRefusalMessage(response.status),
      {
        extra: { source_status: response.status },
      },
    );
  }
  // Its bytes would be stored and judged compressed ("not an MP4").
  const coding = answerCoding(response.headers);
  if (coding !== null) {
    await response.body.cancel();
    throw new AppError(
      "proxy_error",
      `The source sent the file compressed (Content-Encoding: ${
        echoed(coding)
      }), though PM3K asks for files as they are (Accept-Encoding: identity): serve it without a content coding (on S3 or a CDN, remove the object's Content-Encoding metadata).`,
    );
  }
  return {
    response: response as OpenedSource["response"],
    url: opened.url,
  };
}
