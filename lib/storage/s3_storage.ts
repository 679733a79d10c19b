/**
 * S3-compatible storage (AWS S3, Cloudflare R2, MinIO) through aws4fetch's
 * SigV4 signer: signed fetches for put/head/get/delete, presigned PUT URLs
 * for browsers. Every PUT carries a Content-Length, as AWS S3 requires
 * (Deno's fetch would send a stream chunked, see streamed_put.ts): a stream
 * of known length goes up in one streamed PUT framed by that length, with
 * no buffering; an unknown length goes up in 8 MiB buffered parts — one PUT
 * when it fits in one part, else a multipart upload that reads the next
 * part while the previous one is sent, aborted (nothing left behind) on any
 * failure; an abort that fails too is logged, and the bucket's lifecycle
 * rule removes its parts (docs/media.md#bucket-set-up).
 * @module
 */
import { AwsV4Signer } from "aws4fetch";
import type { LookupFunction } from "node:net";
import { limitBytes, pathUnderBase, StorageError } from "./object_storage.ts";
import { putStreamWithLength } from "./streamed_put.ts";
import { errorFields, jsonLineLogger } from "../runtime/logger.ts";
import type { Logger } from "../runtime/logger.ts";
import type {
  ListedObject,
  ListOptions,
  MoveOptions,
  ObjectInfo,
  ObjectRange,
  ObjectStorage,
  PresignedPut,
  PresignOptions,
  PutOptions,
} from "./object_storage.ts";

/**
 * The bucket and its credentials, as the S3_* variables give them
 * (docs/media.md#s3-adapter): the one shape the configuration
 * (lib/config.ts) and the adapter share.
 */
export interface S3Bucket {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `https://host/bucket/key` (MinIO, s3rver) instead of `https://bucket.host/key`. */
  forcePathStyle: boolean;
}

export interface S3StorageOptions extends S3Bucket {
  /** Public URL prefix of the bucket (FILES_BASE_URL). */
  filesBaseUrl: string;
  /** Every request but streamed PUTs (default: the global fetch). */
  fetch?: typeof fetch;
  /**
   * Name resolution for streamed PUTs, which go through node:http (default:
   * the system's). Tests point virtual-hosted bucket names at loopback.
   */
  lookup?: LookupFunction;
  /**
   * Where a failure the adapter does not propagate is said (a multipart
   * upload it could not abort); default: JSON lines on stdout.
   */
  log?: Logger;
}

/** Largest object sent in one PUT (S3's own limit); larger go in parts. */
export const SINGLE_PUT_MAX = 5 * 1024 * 1024 * 1024;
/** Part size of streamed uploads (S3 allows 5 MiB to 5 GiB per part). */
export const PART_SIZE = 8 * 1024 * 1024;

/** Cuts a stream into PART_SIZE pieces (the last one shorter). */
class PartReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  #rest: Uint8Array | null = null;
  #done = false;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.#reader = stream.getReader();
  }

  /** The next part, or null at the end of the stream. */
  async next(): Promise<Uint8Array<ArrayBuffer> | null> {
    const part = new Uint8Array(PART_SIZE);
    let filled = 0;
    while (filled < PART_SIZE) {
      let chunk = this.#rest;
      this.#rest = null;
      if (!chunk) {
        if (this.#done) break;
        const { done, value } = await this.#reader.read();
        if (done) {
          this.#done = true;
          break;
        }
        chunk = value;
      }
      const n = Math.min(PART_SIZE - filled, chunk.length);
      part.set(n === chunk.length ? chunk : chunk.subarray(0, n), filled);
      filled += n;
      if (n < chunk.length) this.#rest = chunk.subarray(n);
    }
    if (filled === 0) return null;
    return filled === PART_SIZE ? part : part.slice(0, filled);
  }

  cancel(reason?: unknown): Promise<void> {
    // Releases the source after a failed upload: that failure is reported.
    return this.#reader.cancel(reason).catch(() => {});
  }
}

interface SendOptions {
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: BodyInit | null;
  signal?: AbortSignal;
}

/** The text of an XML element's content (S3 escapes keys in listings). */
function xmlText(escaped: string): string {
  return escaped.replace(
    /&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g,
    (_, name: string, dec: string, hex: string) =>
      name
        ? { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[name]!
        : String.fromCodePoint(dec ? Number(dec) : parseInt(hex, 16)),
  );
}

function encodeKey(key: string): string {
  return key.split("/").map(encodeURIComponent).join("/");
}

export class S3Storage implements ObjectStorage {
  readonly kind = "s3";
  readonly #o: S3StorageOptions;
  readonly #fetch: typeof fetch;

  constructor(options: S3StorageOptions) {
    this.#o = { ...options, endpoint: options.endpoint.replace(/\/+$/, "") };
    this.#fetch = options.fetch ?? fetch;
  }

  /**
   * The bucket URL of an object (path-style or virtual-hosted). A path on the
   * endpoint is kept in front of the bucket (S3 APIs served under a prefix,
   * such as Supabase's `/storage/v1/s3` or Cloudflare's local R2 emulator).
   */
  objectUrl(key: string): URL {
    const endpoint = new URL(this.#o.endpoint);
    const prefix = endpoint.pathname.replace(/\/+$/, "");
    if (this.#o.forcePathStyle) {
      return new URL(
        `${endpoint.origin}${prefix}/${this.#o.bucket}/${encodeKey(key)}`,
      );
    }
    return new URL(
      `${endpoint.protocol}//${this.#o.bucket}.${endpoint.host}${prefix}/${
        encodeKey(key)
      }`,
    );
  }

  /** The bucket's own URL (listings), in the endpoint's style. */
  bucketUrl(): URL {
    const endpoint = new URL(this.#o.endpoint);
    const prefix = endpoint.pathname.replace(/\/+$/, "");
    if (this.#o.forcePathStyle) {
      return new URL(`${endpoint.origin}${prefix}/${this.#o.bucket}`);
    }
    return new URL(
      `${endpoint.protocol}//${this.#o.bucket}.${endpoint.host}${prefix}/`,
    );
  }

  /** Signs a request with SigV4 (header auth, or query auth for presigning). */
  async sign(
    url: URL,
    init: {
      method: string;
      headers?: Record<string, string>;
      signQuery?: boolean;
      /** Sign every header given (presigned PUTs bind the Content-Type). */
      allHeaders?: boolean;
      datetime?: string;
    },
  ): Promise<{ url: URL; headers: Headers }> {
    const signer = new AwsV4Signer({
      url: url.href,
      method: init.method,
      headers: init.headers,
      accessKeyId: this.#o.accessKeyId,
      secretAccessKey: this.#o.secretAccessKey,
      service: "s3",
      region: this.#o.region,
      signQuery: init.signQuery,
      allHeaders: init.allHeaders,
      datetime: init.datetime,
    });
    const signed = await signer.sign();
    return { url: signed.url, headers: signed.headers };
  }

  #send(
    key: string,
    method: string,
    options: SendOptions = {},
  ): Promise<Response> {
    return this.#sendTo(this.objectUrl(key), key, method, options);
  }

  /** A signed request to `url`; `what` names it in errors. */
  async #sendTo(
    url: URL,
    what: string,
    method: string,
    options: SendOptions = {},
  ): Promise<Response> {
    for (const [k, v] of Object.entries(options.query ?? {})) {
      url.searchParams.set(k, v);
    }
    const signed = await this.sign(url, { method, headers: options.headers });
    try {
      return await this.#fetch(signed.url, {
        method,
        headers: signed.headers,
        body: options.body ?? null,
        signal: options.signal ?? AbortSignal.timeout(60_000),
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new StorageError(
        "unavailable",
        `Storage is not answering (${method} ${what}): ${
          (error as Error).message
        }`,
        error,
      );
    }
  }

  async #expectOk(res: Response, what: string): Promise<Response> {
    if (res.ok) return res;
    const text = await res.text().catch(() => "");
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ??
      `HTTP ${res.status}`;
    throw new StorageError("unavailable", `Storage refused ${what}: ${code}`);
  }

  async put(
    key: string,
    body: ReadableStream<Uint8Array> | Uint8Array,
    options: PutOptions,
  ): Promise<ObjectInfo> {
    if (body instanceof Uint8Array) {
      if (options.maxBytes !== undefined && body.length > options.maxBytes) {
        throw new StorageError(
          "too_large",
          `The file is larger than ${options.maxBytes} bytes`,
        );
      }
      return this.#putOnce(
        key,
        body as Uint8Array<ArrayBuffer>,
        body.length,
        options,
      );
    }
    const known = options.contentLength;
    if (
      known !== undefined && options.maxBytes !== undefined &&
      known > options.maxBytes
    ) {
      await body.cancel();
      throw new StorageError(
        "too_large",
        `The file is larger than ${options.maxBytes} bytes`,
      );
    }
    // The exact count ends a source that sends less (or more) than it said.
    const counted = limitBytes(body, options.maxBytes, known).stream;
    if (known !== undefined && known <= SINGLE_PUT_MAX) {
      try {
        return await this.#putStreamed(key, counted, known, options);
      } catch (error) {
        // A failed single PUT stores nothing on S3: this only guards
        // against a store that keeps part; the PUT's error is the answer.
        await this.delete(key).catch(() => {});
        throw error;
      }
    }
    const parts = new PartReader(counted);
    try {
      return await this.#putParts(key, parts, options);
    } catch (error) {
      await parts.cancel(error);
      throw error;
    }
  }

  /** One PUT when the stream fits in one part, else a multipart upload. */
  async #putParts(
    key: string,
    parts: PartReader,
    options: PutOptions,
  ): Promise<ObjectInfo> {
    const queued: Uint8Array<ArrayBuffer>[] = [];
    while (queued.length < 2) {
      const part = await parts.next();
      if (!part) break;
      queued.push(part);
      if (part.length < PART_SIZE) break;
    }
    if (queued.length < 2) {
      const bytes = queued.pop() ?? new Uint8Array(0);
      return await this.#putOnce(key, bytes, bytes.length, options);
    }
    // The queue is handed over, not copied: each part is released once sent.
    return await this.#putMultipart(key, queued, parts, options);
  }

  async #putStreamed(
    key: string,
    body: ReadableStream<Uint8Array>,
    length: number,
    options: PutOptions,
  ): Promise<ObjectInfo> {
    const signed = await this.sign(this.objectUrl(key), {
      method: "PUT",
      headers: { "Content-Type": options.contentType },
    });
    let answer;
    try {
      answer = await putStreamWithLength(
        signed.url,
        signed.headers,
        body,
        length,
        options.signal,
        this.#o.lookup,
      );
    } catch (error) {
      if (error instanceof StorageError || options.signal?.aborted) throw error;
      throw new StorageError(
        "unavailable",
        `Storage is not answering (PUT ${key}): ${(error as Error).message}`,
        error,
      );
    }
    await this.#expectOk(
      new Response(answer.text, { status: answer.status }),
      `PUT ${key}`,
    );
    return {
      size: length,
      etag: answer.headers.get("etag") ?? "",
      contentType: options.contentType,
    };
  }

  async #putOnce(
    key: string,
    body: BodyInit,
    length: number,
    options: PutOptions,
  ): Promise<ObjectInfo> {
    const res = await this.#send(key, "PUT", {
      headers: {
        "Content-Type": options.contentType,
        "Content-Length": String(length),
      },
      body,
      signal: options.signal,
    });
    await this.#expectOk(res, `PUT ${key}`);
    await res.body?.cancel();
    return {
      size: length,
      etag: res.headers.get("etag") ?? "",
      contentType: options.contentType,
    };
  }

  async #putMultipart(
    key: string,
    queued: Uint8Array<ArrayBuffer>[],
    rest: PartReader,
    options: PutOptions,
  ): Promise<ObjectInfo> {
    const created = await this.#expectOk(
      await this.#send(key, "POST", {
        query: { uploads: "" },
        headers: { "Content-Type": options.contentType },
      }),
      `multipart start for ${key}`,
    );
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(await created.text())
      ?.[1];
    if (!uploadId) {
      throw new StorageError("unavailable", "Storage sent no UploadId");
    }
    const etags: string[] = [];
    let size = 0;
    const upload = async (number: number, bytes: Uint8Array<ArrayBuffer>) => {
      const res = await this.#send(key, "PUT", {
        query: { partNumber: String(number), uploadId },
        headers: { "Content-Length": String(bytes.length) },
        body: bytes,
        signal: options.signal,
      });
      await this.#expectOk(res, `part ${number} of ${key}`);
      await res.body?.cancel();
      etags[number - 1] = res.headers.get("etag") ?? "";
      size += bytes.length;
    };
    // One part in flight while the next is read: the source and the
    // storage both keep moving, with at most three parts in memory.
    let inFlight: Promise<void> = Promise.resolve();
    try {
      let number = 0;
      let part = queued.shift() ?? null;
      while (part) {
        await inFlight;
        inFlight = upload(++number, part);
        // Awaited below; a rejection must not go unhandled meanwhile.
        inFlight.catch(() => {});
        part = queued.shift() ?? await rest.next();
      }
      await inFlight;
      const xml = `<CompleteMultipartUpload>${
        etags.map((etag, i) =>
          `<Part><PartNumber>${i + 1}</PartNumber><ETag>${etag}</ETag></Part>`
        ).join("")
      }</CompleteMultipartUpload>`;
      const done = await this.#expectOk(
        await this.#send(key, "POST", {
          query: { uploadId },
          headers: { "Content-Type": "application/xml" },
          body: xml,
        }),
        `multipart completion of ${key}`,
      );
      const text = await done.text();
      if (text.includes("<Error>")) {
        throw new StorageError(
          "unavailable",
          `Storage refused multipart completion of ${key}`,
        );
      }
      const etag =
        /<ETag>([^<]+)<\/ETag>/.exec(text)?.[1]?.replaceAll("&quot;", '"') ??
          "";
      return { size, etag, contentType: options.contentType };
    } catch (error) {
      // Lets the part in flight settle before the abort; the error being
      // handled is the one reported.
      await inFlight.catch(() => {});
      await this.#abortMultipart(key, uploadId);
      throw error;
    }
  }

  /**
   * Aborts a multipart upload; a failed abort is logged, not thrown (the
   * upload's own failure is the one reported). Its parts then stay in the
   * bucket, billed and in no listing, where the orphan sweep cannot see
   * them: the bucket's AbortIncompleteMultipartUpload lifecycle rule
   * removes them (docs/media.md#s3-adapter).
   */
  async #abortMultipart(key: string, uploadId: string): Promise<void> {
    try {
      const res = await this.#send(key, "DELETE", { query: { uploadId } });
      await res.body?.cancel();
      // 204 aborted; 404 NoSuchUpload: nothing left to abort.
      if (!res.ok && res.status !== 404) {
        throw new StorageError(
          "unavailable",
          `Storage refused the abort of ${key}: HTTP ${res.status}`,
        );
      }
    } catch (error) {
      (this.#o.log ?? jsonLineLogger)({
        level: "warn",
        message: "aborting a multipart upload failed",
        key,
        upload_id: uploadId,
        ...errorFields(error),
      });
    }
  }

  async head(key: string): Promise<ObjectInfo | null> {
    const res = await this.#send(key, "HEAD");
    await res.body?.cancel();
    if (res.status === 404) return null;
    await this.#expectOk(res, `HEAD ${key}`);
    return {
      size: Number(res.headers.get("content-length") ?? 0),
      etag: res.headers.get("etag") ?? "",
      contentType: res.headers.get("content-type") ??
        "application/octet-stream",
    };
  }

  async get(
    key: string,
    range?: { start: number; end?: number },
  ): Promise<ObjectRange | null> {
    const headers: Record<string, string> = {};
    if (range) headers["Range"] = `bytes=${range.start}-${range.end ?? ""}`;
    const res = await this.#send(key, "GET", { headers });
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    await this.#expectOk(res, `GET ${key}`);
    const contentRange = /bytes (\d+)-(\d+)\/(\d+)/.exec(
      res.headers.get("content-range") ?? "",
    );
    const size = contentRange
      ? Number(contentRange[3])
      : Number(res.headers.get("content-length") ?? 0);
    return {
      body: res.body ?? new Blob([]).stream(),
      info: {
        size,
        etag: res.headers.get("etag") ?? "",
        contentType: res.headers.get("content-type") ??
          "application/octet-stream",
      },
      range: contentRange
        ? { start: Number(contentRange[1]), end: Number(contentRange[2]) }
        : null,
    };
  }

  async delete(key: string): Promise<void> {
    const res = await this.#send(key, "DELETE");
    await res.body?.cancel();
    if (res.status !== 404) await this.#expectOk(res, `DELETE ${key}`);
  }

  /**
   * CopyObject then DELETE: the copy happens inside the bucket. S3 copies
   * at most 5 GB in one CopyObject (SINGLE_PUT_MAX; beyond, UploadPartCopy
   * would be needed): PM3K moves only uploads whose size it has already
   * checked against the plan's file size (200 MB at most), and a presigned
   * PUT cannot store more than 5 GB in the first place.
   */
  async move(
    from: string,
    to: string,
    options: MoveOptions = {},
  ): Promise<boolean> {
    // REPLACE sets the copy's Content-Type; PM3K stores no other metadata.
    const retyped: Record<string, string> = options.contentType
      ? {
        "x-amz-metadata-directive": "REPLACE",
        "Content-Type": options.contentType,
      }
      : {};
    const res = await this.#send(to, "PUT", {
      headers: {
        "x-amz-copy-source": `${this.#o.bucket}/${encodeKey(from)}`,
        "Content-Length": "0",
        ...retyped,
      },
      body: new Uint8Array(0),
    });
    const text = await res.text();
    if (res.status === 404 && /NoSuchKey/.test(text)) return false;
    // S3 may also answer 200 and report a failed copy in the body.
    if (!res.ok || text.includes("<Error>")) {
      // A source moved away meanwhile (a concurrent move of the same
      // object) leaves nothing to move: not this move's failure.
      if (await this.head(from) === null) return false;
      const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ??
        `HTTP ${res.status}`;
      throw new StorageError(
        "unavailable",
        `Storage refused the copy of ${from} to ${to}: ${code}`,
      );
    }
    // Copied onto itself (a new Content-Type only): nothing to delete.
    if (from === to) return true;
    await this.delete(from).catch(async (error) => {
      // Deleted meanwhile by a concurrent move (some stores answer 500 to
      // two DELETEs at once): the move is done all the same.
      if (await this.head(from) !== null) throw error;
    });
    return true;
  }

  /** ListObjectsV2, following its continuation tokens page by page. */
  async *list(
    prefix: string,
    options: ListOptions = {},
  ): AsyncIterable<ListedObject> {
    let token: string | null = null;
    do {
      const query: Record<string, string> = {
        "list-type": "2",
        prefix,
        "max-keys": String(options.pageSize ?? 1000),
      };
      if (token) query["continuation-token"] = token;
      else if (options.startAfter) query["start-after"] = options.startAfter;
      const res = await this.#sendTo(
        this.bucketUrl(),
        `list of ${prefix}`,
        "GET",
        { query },
      );
      await this.#expectOk(res, `the listing of ${prefix}`);
      const xml = await res.text();
      for (const [, item] of xml.matchAll(/<Contents>([^]*?)<\/Contents>/g)) {
        const field = (name: string) =>
          new RegExp(`<${name}>([^<]*)</${name}>`).exec(item)?.[1] ?? "";
        yield {
          key: xmlText(field("Key")),
          size: Number(field("Size")),
          lastModified: Date.parse(field("LastModified")),
        };
      }
      token = /<IsTruncated>true<\/IsTruncated>/.test(xml)
        ? xmlText(
          /<NextContinuationToken>([^<]+)<\/NextContinuationToken>/.exec(xml)
            ?.[1] ?? "",
        ) || null
        : null;
    } while (token);
  }

  async presignPut(
    key: string,
    options: PresignOptions,
  ): Promise<PresignedPut> {
    const url = this.objectUrl(key);
    url.searchParams.set("X-Amz-Expires", String(options.expiresInSeconds));
    const signed = await this.sign(url, {
      method: "PUT",
      headers: { "Content-Type": options.contentType },
      signQuery: true,
      allHeaders: true,
      datetime: new Date(options.now).toISOString().replace(
        /[:-]|\.\d{3}/g,
        "",
      ),
    });
    return {
      url: signed.url.href,
      method: "PUT",
      headers: { "Content-Type": options.contentType },
      expiresAt: options.now + options.expiresInSeconds * 1000,
    };
  }

  publicUrl(key: string): string {
    return `${this.#o.filesBaseUrl}/${encodeKey(key)}`;
  }

  keyFromPublicUrl(url: string): string | null {
    const path = pathUnderBase(this.#o.filesBaseUrl, url);
    if (path === null) return null;
    try {
      return path.split("/").map(decodeURIComponent).join("/");
    } catch {
      return null;
    }
  }
}
