/**
 * A PUT to a signed upload URL on the local disk
 * (docs/media.md#local-disk-adapter): checked against its signature, its
 * declared size and its pending upload (docs/media.md#uploads), then
 * written. The route sends what this returns.
 * @module
 */
import { AppError } from "../errors.ts";
import { requireIdentity } from "./body_encoding.ts";
import { brokenOffAsBadRequest } from "./request_body_stream.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { logFailure } from "../runtime/logger.ts";
import { verifyUpload } from "../storage/local_upload_signature.ts";
import type { UploadGrant } from "../storage/local_upload_signature.ts";
import { declaredAs } from "./declared_body_type.ts";
import { StorageError } from "../storage/object_storage.ts";
import {
  heldByCompletion,
  pendingUploadAt,
  requireOpenUpload,
} from "../media/pending_upload_guard.ts";
import { localOnly } from "../media/local_file_storage.ts";
import { storageUnavailable } from "../media/storage_unavailable.ts";
import { UPLOAD_WINDOW_MS } from "../media/upload_start.ts";
import { spokenDuration } from "../site/spoken_duration.ts";

/** What a signed PUT sends: its key, query, headers and body. */
export interface SignedPutRequest {
  /** The key the URL names, or null for another spelling of one. */
  key: string | null;
  query: URLSearchParams;
  contentType: string | undefined;
  contentRange: string | undefined;
  contentEncoding: string | undefined;
  contentLength: string | undefined;
  body: ReadableStream<Uint8Array> | null;
}

/** The file written: its size and ETag. */
export interface SignedPutResult {
  size: number;
  etag: string;
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
  query: URLSearchParams,
): { max: string; expires: string; signature: string } | null {
  const params = [...query];
  const names = params.map(([name]) => name).sort();
  if (names.join("&") !== SIGNED_PARAMS.join("&")) return null;
  const q = Object.fromEntries(params);
  return { max: q.max, expires: q.expires, signature: q.signature };
}

/**
 * The refusal of a PUT whose URL is signed and unexpired but for another
 * Content-Type than the one sent: the one declared when the upload
 * started (its pending record's) verifies the signature. It names both
 * types and how to send the right one, as curl's default form type is
 * the usual cause (docs/media.md#local-disk-adapter); null when the
 * signature fails for another reason too.
 */
async function typeMismatch(
  deps: Pick<AppDeps, "kv" | "clock" | "uploadKey">,
  grant: UploadGrant,
  signature: string,
): Promise<AppError | null> {
  const record = await pendingUploadAt(deps, grant.key);
  if (
    !record || record.contentType === grant.contentType ||
    !(await verifyUpload(
      deps.uploadKey,
      { ...grant, contentType: record.contentType },
      signature,
      deps.clock.now(),
    ))
  ) {
    return null;
  }
  const declared = record.contentType;
  return new AppError(
    "forbidden",
    `This upload URL takes the Content-Type declared when the upload started, ${declared}, and only it: ${
      declaredAs("this PUT", grant.contentType)
    }. Send it with -H "Content-Type: ${declared}" (curl: --data-binary @file -H "Content-Type: ${declared}").`,
  );
}

/**
 * Writes the body of a signed PUT to its key.
 * @throws {AppError} `not_found` with S3 storage or for another spelling
 *   of the URL, `forbidden` for a bad or expired signature, `bad_request`,
 *   `file_too_large`, `upload_closed`, `storage_unavailable`
 */
export async function signedPut(
  deps: Pick<AppDeps, "kv" | "clock" | "storage" | "uploadKey" | "log">,
  request: SignedPutRequest,
): Promise<SignedPutResult> {
  const storage = localOnly(deps.storage);
  const { key } = request;
  if (key === null) {
    throw new AppError(
      "not_found",
      "No upload at this address: PUT to the upload_url exactly as given.",
    );
  }
  const q = signedQuery(request.query);
  const grant = {
    key,
    contentType: request.contentType ?? "",
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
    throw (q && await typeMismatch(deps, grant, q.signature)) ??
      new AppError(
        "forbidden",
        `This upload URL is invalid or expired (or the Content-Type differs from the one declared). An upload URL works for ${
          spokenDuration(UPLOAD_WINDOW_MS)
        } after its start: start a new upload (POST /api/uploads; MCP: start_upload) for a fresh one.`,
      );
  }
  // A partial PUT (RFC 9110 §14.5) would replace the whole object with
  // its part: refused before anything is written.
  if (request.contentRange !== undefined) {
    throw new AppError(
      "bad_request",
      "Content-Range is not accepted: PUT the whole file in one request, without Content-Range.",
    );
  }
  // Compressed bytes would be stored as the file, never decoded.
  requireIdentity(request.contentEncoding, "file");
  const length = Number(request.contentLength ?? NaN);
  if (length > grant.maxBytes) {
    throw new AppError(
      "file_too_large",
      `Send at most the ${grant.maxBytes} bytes declared.`,
    );
  }
  // Signed, but only while its upload is pending (docs/media.md#uploads).
  await requireOpenUpload(deps, key);
  if (!request.body) {
    throw new AppError("bad_request", "The upload has no body.");
  }
  // A client hanging up mid-file fails the write with bodyBrokeOff (a
  // 400), told apart below from a disk that fails (503).
  const body = brokenOffAsBadRequest(request.body);
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
    return { size: info.size, etag: info.etag };
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
    throw storageUnavailable(error);
  }
}
