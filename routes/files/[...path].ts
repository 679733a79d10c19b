import { requireIdentity } from "@/lib/http/body_encoding.ts";
import { AppError } from "@/lib/errors.ts";
import { parseByteRange } from "@/lib/http/byte_range.ts";
import { requestedFileKey } from "@/lib/http/file_request_key.ts";
import { brokenOffAsBadRequest } from "@/lib/http/request_body_stream.ts";
import { matchesIfNoneMatch } from "@/lib/http/if_none_match.ts";
import { ifRangeMatches } from "@/lib/http/if_range.ts";
import { sendJson } from "@/lib/http/json_body.ts";
import { liveUploadByKey } from "@/lib/media/live_uploads.ts";
import {
  heldByCompletion,
  requireOpenUpload,
} from "@/lib/media/pending_upload_guard.ts";
import { logFailure } from "@/lib/runtime/logger.ts";
import { verifyUpload } from "@/lib/storage/local_upload_signature.ts";
import { StorageError } from "@/lib/storage/object_storage.ts";
import type { AppContext, Handlers } from "@/lib/http/app_types.ts";
import type { LocalStorage } from "@/lib/storage/local_storage.ts";

/** Local-disk media: served here in the embedded default (S3 serves its own). */
function localOnly(c: AppContext): LocalStorage {
  const { storage } = c.get("deps");
  if (storage.kind !== "local") {
    throw new AppError("not_found", "Files are served by the bucket.");
  }
  return storage as LocalStorage;
}

/**
 * A disk that fails (full, read-only, no permission) as 503
 * `storage_unavailable`, not 500 (docs/media.md#local-disk-adapter).
 */
function diskUnavailable(error: unknown): unknown {
  return error instanceof StorageError && error.failure === "unavailable"
    ? new AppError(
      "storage_unavailable",
      "Storage is not answering; try again in a moment.",
      { cause: error },
    )
    : error;
}

function rethrowDiskUnavailable(error: unknown): never {
  throw diskUnavailable(error);
}

/** The answer for a URL that names no live file, whatever its spelling. */
function noFile(): AppError {
  return new AppError("not_found", "This file does not exist or has expired.");
}

async function serve(c: AppContext): Promise<Response> {
  // Hono answers HEAD with the GET handler: open no file for it.
  const withBody = c.req.method !== "HEAD";
  const storage = localOnly(c);
  const deps = c.get("deps");
  // Another spelling of a file's URL names no file (file_request_key.ts).
  const key = requestedFileKey(c);
  if (key === null) throw noFile();
  const live = await liveUploadByKey(deps, key);
  const info = live
    ? await storage.head(key).catch(rethrowDiskUnavailable)
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
  if (matchesIfNoneMatch(c.req.header("if-none-match"), info.etag)) {
    return c.body(null, 304, headers);
  }
  // A Range of a copy that changed since is ignored: the whole file, 200.
  const range = ifRangeMatches(c.req.header("if-range"), { etag: info.etag })
    ? parseByteRange(c.req.header("range"), info.size)
    : null;
  if (range === "invalid") {
    return c.body(null, 416, {
      ...headers,
      "Content-Range": `bytes */${info.size}`,
    });
  }
  const got = await storage.get(key, range ?? undefined).catch(
    rethrowDiskUnavailable,
  );
  if (!got) throw noFile();
  const length = range ? range.end - range.start + 1 : info.size;
  headers["Content-Length"] = String(length);
  if (range) {
    headers["Content-Range"] = `bytes ${range.start}-${range.end}/${info.size}`;
  }
  if (!withBody) {
    await got.body.cancel();
    return c.body(null, range ? 206 : 200, headers);
  }
  return c.body(got.body, range ? 206 : 200, headers);
}

/** The parameters an upload URL is signed with (local_upload_signature.ts). */
const SIGNED_PARAMS = ["expires", "max", "signature"];

/**
 * The signed URL's parameters, or null when its query holds any other or
 * one twice: a URL changed so is not the one signed (as a presigned S3
 * URL with a parameter added fails its signature), and with two `max`
 * which one was meant would be a guess (docs/media.md#local-disk-adapter).
 */
function signedQuery(
  c: AppContext,
): { max: string; expires: string; signature: string } | null {
  const params = [...new URL(c.req.url).searchParams];
  const names = params.map(([name]) => name).sort();
  if (names.join("&") !== SIGNED_PARAMS.join("&")) return null;
  const q = Object.fromEntries(params);
  return { max: q.max, expires: q.expires, signature: q.signature };
}

export const handler: Handlers = {
  GET: serve,
  async PUT(c) {
    const storage = localOnly(c);
    const deps = c.get("deps");
    const key = requestedFileKey(c);
    if (key === null) {
      throw new AppError(
        "not_found",
        "No upload at this address: PUT to the upload_url exactly as given.",
      );
    }
    const q = signedQuery(c);
    const grant = {
      key,
      contentType: c.req.header("content-type") ?? "",
      maxBytes: Number(q?.max),
      expiresAt: Number(q?.expires),
    };
    if (
      !q || !(await verifyUpload(
        deps.uploadKey,
        grant,
        q.signature,
        deps.clock.now(),
      ))
    ) {
      throw new AppError(
        "forbidden",
        "This upload URL is invalid or expired (or the Content-Type differs from the one declared).",
      );
    }
    // A partial PUT (RFC 9110 §14.5) would replace the whole object with
    // its part: refused before anything is written.
    if (c.req.header("content-range") !== undefined) {
      throw new AppError(
        "bad_request",
        "Content-Range is not accepted: PUT the whole file in one request, without Content-Range.",
      );
    }
    // Compressed bytes would be stored as the file, never decoded.
    requireIdentity(c.req.header("content-encoding"), "file");
    const length = Number(c.req.header("content-length") ?? NaN);
    if (length > grant.maxBytes) {
      throw new AppError(
        "file_too_large",
        `Send at most the ${grant.maxBytes} bytes declared.`,
      );
    }
    // Signed, but only while its upload is pending (docs/media.md#uploads).
    await requireOpenUpload(deps, key);
    if (!c.req.raw.body) {
      throw new AppError("bad_request", "The upload has no body.");
    }
    // A client hanging up mid-file fails the write with bodyBrokeOff (a
    // 400), told apart below from a disk that fails (503).
    const body = brokenOffAsBadRequest(c.req.raw.body);
    try {
      const info = await storage.put(key, body, {
        contentType: grant.contentType,
        maxBytes: grant.maxBytes,
      });
      // Completed or refused while the bytes were arriving: nothing reads
      // what was just written any more (the staging key; for an upload
      // started before staging, the public key, whose checked bytes it
      // replaced), so it goes. Not while a completion holds the upload:
      // it reads the staging key next, and deleting it would lose the
      // bytes that arrived before (docs/media.md#uploads).
      await requireOpenUpload(deps, key).catch(async (error) => {
        if (await heldByCompletion(deps, key)) throw error;
        await storage.delete(key).catch(
          logFailure(deps.log, "deleting bytes PUT to a closed upload", {
            key,
          }),
        );
        throw error;
      });
      return sendJson(c, { ok: true, size: info.size, etag: info.etag }, 200, {
        ETag: info.etag,
      });
    } catch (error) {
      if (error instanceof StorageError && error.cause instanceof AppError) {
        throw error.cause;
      }
      if (error instanceof StorageError && error.failure === "too_large") {
        throw new AppError(
          "file_too_large",
          `Send at most the ${grant.maxBytes} bytes declared.`,
        );
      }
      throw diskUnavailable(error);
    }
  },
};
