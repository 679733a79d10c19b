/**
 * One interface over the media bucket: the S3 adapter (AWS S3, R2, MinIO)
 * and the local-disk adapter of the embedded default implement it.
 * @module
 */
import { plainUrl } from "../net/host_name.ts";

export interface ObjectInfo {
  size: number;
  /** The storage's ETag, quotes included as S3 sends it. */
  etag: string;
  contentType: string;
}

export interface PutOptions {
  contentType: string;
  /**
   * The stream's length, when known: the stream must then hold exactly that
   * many bytes. S3 streams it in one PUT; unknown lengths go up in parts.
   */
  contentLength?: number;
  /** Abort and delete the partial object past this many bytes. */
  maxBytes?: number;
  signal?: AbortSignal;
}

export interface MoveOptions {
  /**
   * The Content-Type the object has under its new key (else it keeps its
   * own): completion names a file for what its bytes are
   * (docs/media.md#uploads).
   */
  contentType?: string;
}

export interface ObjectRange {
  body: ReadableStream<Uint8Array>;
  info: ObjectInfo;
  /** Inclusive byte range served, when a range was asked for. */
  range: { start: number; end: number } | null;
}

export interface PresignedPut {
  url: string;
  method: "PUT";
  /** Headers the client must send as they are (they are signed). */
  headers: Record<string, string>;
  expiresAt: number;
}

export interface PresignOptions {
  contentType: string;
  /** Declared size; the local adapter refuses more, S3 is checked at completion. */
  maxBytes: number;
  expiresInSeconds: number;
  now: number;
}

/** One object of a listing. */
export interface ListedObject {
  key: string;
  size: number;
  /** When it was last written, in ms since the epoch, by the storage's clock. */
  lastModified: number;
}

export interface ListOptions {
  /** Lists only the keys after this one (a cursor kept between runs). */
  startAfter?: string;
  /** Keys asked for per request (S3 answers at most 1000). */
  pageSize?: number;
}

export interface ObjectStorage {
  /** "s3" or "local", for logs and health checks. */
  readonly kind: string;
  put(
    key: string,
    body: ReadableStream<Uint8Array> | Uint8Array,
    options: PutOptions,
  ): Promise<ObjectInfo>;
  head(key: string): Promise<ObjectInfo | null>;
  /** The object's bytes, or the inclusive range `start..end`; null when absent. */
  get(
    key: string,
    range?: { start: number; end?: number },
  ): Promise<ObjectRange | null>;
  delete(key: string): Promise<void>;
  /**
   * Moves an object to another key inside the storage (its bytes never pass
   * through PM3K); `from` is gone afterwards. False when `from` does not
   * exist. The object under `to` is replaced whole or not at all. `to`
   * may be `from` when `options` gives a Content-Type: only that changes.
   */
  move(from: string, to: string, options?: MoveOptions): Promise<boolean>;
  /**
   * The objects whose key starts with `prefix`, in key order (byte order,
   * as S3 lists them), fetched a page at a time as the caller reads on.
   */
  list(prefix: string, options?: ListOptions): AsyncIterable<ListedObject>;
  presignPut(key: string, options: PresignOptions): Promise<PresignedPut>;
  /** The public URL TikTok and users download from. */
  publicUrl(key: string): string;
  /** The key of one of our public URLs, or null when the URL is not ours. */
  keyFromPublicUrl(url: string): string | null;
}

/**
 * The path of `url` under `base`, without query or fragment, or null when
 * `url` is not under it (docs/media.md#uploads). Both are read as URLs
 * first, so another spelling of the same place (`HTTPS://Host:443/files/./a`,
 * `https://host./files/a`: host_name.ts) is still ours: matched as text, one of our own files would be judged as
 * another domain's, and refused as `domain_not_verified`.
 */
export function pathUnderBase(base: string, url: string): string | null {
  let href: string;
  try {
    const parsed = plainUrl(url);
    parsed.search = "";
    parsed.hash = "";
    href = parsed.href;
  } catch {
    return null;
  }
  const prefix = `${plainUrl(base).href.replace(/\/$/, "")}/`;
  return href.startsWith(prefix) ? href.slice(prefix.length) : null;
}

/**
 * Whether `url` is under `storage`'s public base, naming one of its files
 * or not (`<base>/<key>%20`, `<base>/<key>/..`): a URL there that names no
 * live upload is one of PM3K's own, never another domain's
 * (docs/media.md#uploads).
 */
export function isStorageUrl(
  storage: Pick<ObjectStorage, "publicUrl">,
  url: string,
): boolean {
  return pathUnderBase(storage.publicUrl(""), url) !== null;
}

/** Why a storage operation failed. */
export type StorageFailure = "too_large" | "unavailable" | "not_found";

/**
 * Not an `AppError`: a `too_large` is each caller's own size cap, and the
 * rest are answered by the domain (one 503 for every media call), so the
 * storage layer only says which failure it was
 * (docs/architecture.md#errors-below-the-domain).
 */
export class StorageError extends Error {
  readonly failure: StorageFailure;
  constructor(failure: StorageFailure, message: string, cause?: unknown) {
    super(message, { cause });
    this.name = "StorageError";
    this.failure = failure;
  }
}

/** Reads up to `limit` bytes of a stream into memory (for headers and probes). */
export async function readPrefix(
  stream: ReadableStream<Uint8Array>,
  limit: number,
): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (total < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.length;
    }
  } finally {
    // Only releases the rest of the body: what was read is the answer, and
    // a stream that already failed has nothing left to release.
    await reader.cancel().catch(() => {});
  }
  const out = new Uint8Array(Math.min(total, limit));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, out.length - offset);
    out.set(part, offset);
    offset += part.length;
    if (offset >= out.length) break;
  }
  return out;
}

/**
 * Passes a stream through while counting bytes; errors with `too_large`
 * past `maxBytes` so the writer can abort and clean up, and (with
 * `exactBytes`) when the stream ends short of the announced length.
 */
export function limitBytes(
  stream: ReadableStream<Uint8Array>,
  maxBytes: number | undefined,
  exactBytes?: number,
): { stream: ReadableStream<Uint8Array>; bytes: () => number } {
  let count = 0;
  const counted = stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        count += chunk.length;
        const over = bytesOverLimit(count, maxBytes, exactBytes);
        if (over) {
          controller.error(over);
          return;
        }
        controller.enqueue(chunk);
      },
      flush(controller) {
        // A body shorter than announced would leave the receiver waiting.
        const short = bytesShortOfAnnounced(count, exactBytes);
        if (short) controller.error(short);
      },
    }),
  );
  return { stream: counted, bytes: () => count };
}

/**
 * The refusal of `count` bytes read so far: past `maxBytes` (`too_large`),
 * or past the `exactBytes` the source announced; null while within both.
 * Shared by every copy that counts its bytes (limitBytes, stream_to_file.ts).
 */
export function bytesOverLimit(
  count: number,
  maxBytes: number | undefined,
  exactBytes: number | undefined,
): StorageError | null {
  if (maxBytes !== undefined && count > maxBytes) {
    return new StorageError(
      "too_large",
      `The file is larger than ${maxBytes} bytes`,
    );
  }
  if (exactBytes !== undefined && count > exactBytes) {
    return new StorageError(
      "unavailable",
      `The source sent more than the ${exactBytes} bytes it announced`,
    );
  }
  return null;
}

/** The refusal of a body that ended at `count`, short of `exactBytes`. */
export function bytesShortOfAnnounced(
  count: number,
  exactBytes: number | undefined,
): StorageError | null {
  return exactBytes !== undefined && count !== exactBytes
    ? new StorageError(
      "unavailable",
      `The source ended after ${count} of ${exactBytes} bytes`,
    )
    : null;
}
