/**
 * The answer to a GET or HEAD of a stored file on the local disk
 * (docs/media.md#local-disk-adapter): only a live upload's file, with its
 * ETag, a conditional 304 and byte ranges (206/416). The route sends what
 * this decides.
 * @module
 */
import { AppError } from "../errors.ts";
import { parseByteRange } from "./byte_range.ts";
import { matchesIfNoneMatch } from "./if_none_match.ts";
import { ifRangeMatches } from "./if_range.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { liveUploadByKey } from "../media/live_uploads.ts";
import { localOnly } from "../media/local_file_storage.ts";
import { rethrowStorageUnavailable } from "../media/storage_unavailable.ts";

/** What a file request asks: its key and the headers that shape the answer. */
export interface FileRequest {
  /** The key the URL names, or null for another spelling of one. */
  key: string | null;
  /** False for HEAD: headers only. */
  withBody: boolean;
  ifNoneMatch: string | undefined;
  ifRange: string | undefined;
  range: string | undefined;
}

/** The response to send: status, headers and (for a GET of bytes) a body. */
export type FileAnswer =
  | {
    status: 200 | 206;
    headers: Record<string, string>;
    body: ReadableStream<Uint8Array>;
  }
  | {
    status: 200 | 206 | 304 | 416;
    headers: Record<string, string>;
    body: null;
  };

/** The answer for a URL that names no live file, whatever its spelling. */
function noFile(): AppError {
  return new AppError("not_found", "This file does not exist or has expired.");
}

/**
 * The answer to `request`.
 * @throws {AppError} `not_found` with S3 storage or for no live file,
 *   `storage_unavailable` when the disk fails
 */
export async function fileAnswer(
  deps: Pick<AppDeps, "kv" | "clock" | "storage">,
  request: FileRequest,
): Promise<FileAnswer> {
  const storage = localOnly(deps.storage);
  const { key } = request;
  if (key === null) throw noFile();
  const live = await liveUploadByKey(deps, key);
  const info = live
    ? await storage.head(key).catch(rethrowStorageUnavailable)
    : null;
  if (!live || !info) throw noFile();
  const headers: Record<string, string> = {
    "Content-Type": info.contentType,
    "ETag": info.etag,
    "Accept-Ranges": "bytes",
    "Cache-Control": "public, max-age=300",
    "Cross-Origin-Resource-Policy": "cross-origin",
  };
  // Before Range: a current copy needs no part of the file (RFC 9110 §13.2.2).
  if (matchesIfNoneMatch(request.ifNoneMatch, info.etag)) {
    return { status: 304, headers, body: null };
  }
  // A Range of a copy that changed since is ignored: the whole file, 200.
  const range = ifRangeMatches(request.ifRange, { etag: info.etag })
    ? parseByteRange(request.range, info.size)
    : null;
  if (range === "invalid") {
    return {
      status: 416,
      headers: { ...headers, "Content-Range": `bytes */${info.size}` },
      body: null,
    };
  }
  const got = await storage.get(key, range ?? undefined).catch(
    rethrowStorageUnavailable,
  );
  if (!got) throw noFile();
  const length = range ? range.end - range.start + 1 : info.size;
  headers["Content-Length"] = String(length);
  if (range) {
    headers["Content-Range"] = `bytes ${range.start}-${range.end}/${info.size}`;
  }
  const status = range ? 206 : 200;
  if (!request.withBody) {
    await got.body.cancel();
    return { status, headers, body: null };
  }
  return { status, headers, body: got.body };
}
