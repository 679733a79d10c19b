/**
 * TikTok's FILE_UPLOAD transfer (docs/tiktok.md#file-upload): the chunk
 * plan sent with the init (`video_size`, `chunk_size`, `total_chunk_count`)
 * and the chunk PUTs to the `upload_url` TikTok answers. Each chunk is
 * streamed from a ranged read of storage, never held whole in memory, and
 * sent with its `Content-Length` — which fetch drops for a streamed body,
 * so the PUT goes through node:http(s). 429, 5xx and network errors retry
 * the same chunk a bounded number of times; 416 resumes where TikTok says
 * it is; any other refusal ends the upload.
 * @module
 */
import http from "node:http";
import https from "node:https";
import { assertSafeUrl, UnsafeUrlError } from "../net/safe_fetch.ts";
import { pinnedLookup } from "../net/pinned_request.ts";
import { chunkReader, writeChunkBody } from "./chunk_body_writer.ts";

/** TikTok's chunk rules: 5 to 64 MB a chunk, the last up to 128 MB, 1000 at most. */
export const MIN_CHUNK_BYTES = 5 * 1024 * 1024;
export const MAX_CHUNK_BYTES = 64 * 1024 * 1024;
export const MAX_LAST_CHUNK_BYTES = 128 * 1024 * 1024;
export const MAX_CHUNKS = 1000;
/** What PM3K sends per chunk unless told otherwise: fewer PUTs, cheap retries. */
export const DEFAULT_CHUNK_BYTES = 16 * 1024 * 1024;

/** The three numbers of a FILE_UPLOAD init. */
export interface ChunkPlan {
  videoSize: number;
  chunkSize: number;
  totalChunkCount: number;
}

/**
 * The plan for a file of `videoSize` bytes: whole under 5 MB or when it
 * fits one preferred chunk; otherwise `floor(size / chunk)` chunks, the
 * last taking the trailing bytes (less than two chunks, so ≤ 128 MB).
 */
export function chunkPlan(
  videoSize: number,
  preferredChunk = DEFAULT_CHUNK_BYTES,
): ChunkPlan {
  if (!Number.isSafeInteger(videoSize) || videoSize <= 0) {
    throw new RangeError(`Cannot plan chunks for ${videoSize} bytes`);
  }
  let chunk = Math.min(
    MAX_CHUNK_BYTES,
    Math.max(MIN_CHUNK_BYTES, Math.floor(preferredChunk)),
  );
  if (videoSize <= chunk) {
    return { videoSize, chunkSize: videoSize, totalChunkCount: 1 };
  }
  // Past 1000 chunks the chunk grows (a 4 GB file needs ~4.3 MB; never over 64 MB).
  chunk = Math.max(chunk, Math.ceil(videoSize / MAX_CHUNKS));
  return {
    videoSize,
    chunkSize: chunk,
    totalChunkCount: Math.floor(videoSize / chunk),
  };
}

/** The inclusive byte range of chunk `index` (the last takes the rest). */
export function chunkRange(
  plan: ChunkPlan,
  index: number,
): { start: number; end: number } {
  const start = index * plan.chunkSize;
  const end = index === plan.totalChunkCount - 1
    ? plan.videoSize - 1
    : start + plan.chunkSize - 1;
  return { start, end };
}

/**
 * Why an upload stopped: TikTok's answer or the last network error. Not an
 * `AppError`: no request waits for it; lib/posting/video_source.ts records
 * its reason on the post (docs/architecture.md#errors-below-the-domain).
 */
export class FileUploadError extends Error {
  /**
   * `chunk_refused` (a 4xx), `retries_exhausted`, `out_of_step`,
   * `deadline`, `unsafe_upload_url`.
   */
  readonly reason: string;
  readonly chunkIndex: number;
  readonly httpStatus: number;
  constructor(
    reason: string,
    message: string,
    detail: { chunkIndex: number; httpStatus: number; cause?: unknown },
  ) {
    super(message, { cause: detail.cause });
    this.name = "FileUploadError";
    this.reason = reason;
    this.chunkIndex = detail.chunkIndex;
    this.httpStatus = detail.httpStatus;
  }
}

export interface UploadOptions {
  uploadUrl: string;
  /**
   * Sandbox and tests: an upload_url on a loopback address is used. Else
   * it must be https on a public address, as every outbound request
   * (docs/media.md#server-side-fetches).
   */
  allowLoopback: boolean;
  plan: ChunkPlan;
  contentType: string;
  /** A fresh stream of bytes `start..end` (inclusive), e.g. a ranged storage read. */
  read: (start: number, end: number) => Promise<ReadableStream<Uint8Array>>;
  /** Attempts per chunk (the first included). */
  attempts?: number;
  /** First wait between attempts, doubling; Retry-After wins when longer. */
  retryBaseMs?: number;
  /** Longest wait for one chunk's PUT and answer. */
  chunkTimeoutMs?: number;
  /** Epoch ms after which no chunk is sent (the upload_url's end). */
  deadline?: number;
  now?: () => number;
  /** Called after each chunk TikTok took, with the bytes it holds. */
  onProgress?: (uploadedBytes: number) => void;
  /** Stops the upload (a shutdown): the PUT in flight is cut, no retry. */
  signal?: AbortSignal;
}

/**
 * Sends every chunk in order; resolves once TikTok holds the whole file.
 * @throws {FileUploadError} when a chunk cannot be sent
 */
export async function uploadChunks(options: UploadOptions): Promise<void> {
  const { plan } = options;
  const attempts = options.attempts ?? 5;
  const retryBaseMs = options.retryBaseMs ?? 1_000;
  const now = options.now ?? Date.now;
  const addresses = await checkedUploadAddresses(options);
  let index = 0;
  let failures = 0;
  while (index < plan.totalChunkCount) {
    options.signal?.throwIfAborted();
    if (options.deadline !== undefined && now() >= options.deadline) {
      throw new FileUploadError(
        "deadline",
        "The upload_url expired before every chunk was sent",
        { chunkIndex: index, httpStatus: 0 },
      );
    }
    const { start, end } = chunkRange(plan, index);
    let answer: ChunkAnswer;
    try {
      answer = await putChunk(options, addresses, start, end);
    } catch (cause) {
      answer = { status: 0, range: null, retryAfter: null, cause };
    }
    if (answer.status === 201 || answer.status === 206) {
      options.onProgress?.(end + 1);
      if (answer.status === 201) return;
      index++;
      failures = 0;
      continue;
    }
    if (answer.status === 416) {
      // Out of step (an answer lost after TikTok took a chunk): go on from
      // what TikTok holds, when that is a chunk boundary.
      const held = answer.range === null ? 0 : answer.range + 1;
      if (held === plan.videoSize) return;
      if (held % plan.chunkSize === 0 && held / plan.chunkSize !== index) {
        index = held / plan.chunkSize;
        continue;
      }
      throw new FileUploadError(
        "out_of_step",
        `TikTok holds ${held} bytes, not a chunk boundary to resume from`,
        { chunkIndex: index, httpStatus: 416 },
      );
    }
    const retryable = answer.status === 0 || answer.status === 429 ||
      answer.status >= 500;
    if (!retryable) {
      throw new FileUploadError(
        "chunk_refused",
        `TikTok refused chunk ${
          index + 1
        }/${plan.totalChunkCount} with HTTP ${answer.status}`,
        { chunkIndex: index, httpStatus: answer.status },
      );
    }
    failures++;
    if (failures >= attempts) {
      throw new FileUploadError(
        "retries_exhausted",
        `Chunk ${
          index + 1
        }/${plan.totalChunkCount} failed ${failures} times (last: ${
          answer.status !== 0
            ? `HTTP ${answer.status}`
            : answer.cause instanceof Error
            ? answer.cause.message
            : "no answer"
        })`,
        { chunkIndex: index, httpStatus: answer.status, cause: answer.cause },
      );
    }
    const backoff = retryBaseMs * 2 ** (failures - 1);
    await sleep(
      Math.min(60_000, Math.max(backoff, answer.retryAfter ?? 0)),
      options.signal,
    );
  }
}

interface ChunkAnswer {
  status: number;
  /** The last byte TikTok holds, from the answer's Content-Range. */
  range: number | null;
  /** Retry-After in ms, when sent. */
  retryAfter: number | null;
  cause?: unknown;
}

/**
 * The addresses the chunks may go to: TikTok's upload_url passes the same
 * address rules as every outbound request, and each PUT connects to the
 * addresses checked here (no second DNS answer).
 */
async function checkedUploadAddresses(
  options: UploadOptions,
): Promise<string[]> {
  try {
    return await assertSafeUrl(new URL(options.uploadUrl), {
      allowLoopback: options.allowLoopback,
    });
  } catch (error) {
    if (!(error instanceof UnsafeUrlError || error instanceof TypeError)) {
      throw error;
    }
    throw new FileUploadError(
      "unsafe_upload_url",
      `TikTok's upload_url was not used: ${error.message}`,
      { chunkIndex: 0, httpStatus: 0, cause: error },
    );
  }
}

/** One PUT of bytes `start..end`, streamed from a fresh read. */
async function putChunk(
  options: UploadOptions,
  addresses: readonly string[],
  start: number,
  end: number,
): Promise<ChunkAnswer> {
  const body = await options.read(start, end);
  const url = new URL(options.uploadUrl);
  const client = url.protocol === "https:" ? https : http;
  const timeoutMs = options.chunkTimeoutMs ?? 5 * 60_000;
  return await new Promise<ChunkAnswer>((resolve, reject) => {
    let settled = false;
    const reader = chunkReader(body);
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // The rest of the range is not needed once TikTok has answered or
      // the PUT failed; a stream already done has nothing to release.
      reader.cancel().catch(() => {});
      fn();
    };
    const req = client.request(url, {
      method: "PUT",
      // One connection per chunk: no pooled socket outlives the upload.
      agent: false,
      lookup: pinnedLookup(addresses),
      headers: {
        "Content-Type": options.contentType,
        "Content-Length": String(end - start + 1),
        "Content-Range": `bytes ${start}-${end}/${options.plan.videoSize}`,
      },
    });
    const timer = setTimeout(() => {
      req.destroy(new Error(`No answer to the chunk PUT in ${timeoutMs} ms`));
    }, timeoutMs);
    const abort = () => req.destroy(options.signal?.reason);
    options.signal?.addEventListener("abort", abort, { once: true });
    req.on("close", () => options.signal?.removeEventListener("abort", abort));
    req.on("error", (error) => finish(() => reject(error)));
    req.on("response", (res) => {
      // The answer's body is not used: read and dropped so the socket ends.
      res.resume();
      res.on("error", (error) => finish(() => reject(error)));
      res.on("end", () =>
        finish(() =>
          resolve({
            status: res.statusCode ?? 0,
            range: lastHeldByte(res.headers["content-range"]),
            retryAfter: retryAfterMs(res.headers["retry-after"]),
          })
        ));
    });
    (async () => {
      const sent = await writeChunkBody(reader, {
        req,
        stopped: () => settled,
      });
      if (sent !== end - start + 1 && !settled) {
        throw new Error(
          `Storage sent ${sent} bytes for a ${end - start + 1}-byte chunk`,
        );
      }
      req.end();
    })().catch((error) => {
      req.destroy(error);
      finish(() => reject(error));
    });
  });
}

/** `bytes 0-{last}/{total}` → last; null when absent or unreadable. */
function lastHeldByte(header: string | string[] | undefined): number | null {
  const m = /^bytes (\d+)-(\d+)\/\d+$/.exec(String(header ?? ""));
  return m ? Number(m[2]) : null;
}

function retryAfterMs(header: string | string[] | undefined): number | null {
  const seconds = Number(header);
  return header !== undefined && Number.isFinite(seconds)
    ? seconds * 1000
    : null;
}

/** Waits `ms`; rejects at once when `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
