/**
 * Ingest from a verified domain (docs/media.md#ingest): streams an external
 * URL into our storage as a temporary copy (TikTok only ever downloads from
 * our storage), with the plan's size cap enforced mid-stream (abort, delete
 * the partial object), Content-Length required for images, the type checked
 * by magic bytes, and the duplicate fingerprint
 * `sha256(source_url | size | etag)` (docs/posting.md#duplicates). A source
 * slower than the floor rate, or past its request's deadline, is dropped
 * (docs/media.md#ingest-limits).
 * @module
 */
import { ulid } from "ulid";
import { keys } from "../kv_keys.ts";
import { AppError, quotedUrl } from "../errors.ts";
import { getPlan } from "../plans.ts";
import type { Account } from "../accounts/account_record.ts";
import { sha256Hex } from "../crypto/hashing.ts";
import { StorageError } from "../storage/object_storage.ts";
import { storedRangeReader } from "./stored_range.ts";
import { fileTooLarge, imageTooLarge } from "./size_refusals.ts";
import { verifiedDomainFor } from "../domains/domains.ts";
import { plainHost } from "../net/host_name.ts";
import { mediaTypeFor, sniffMediaType } from "./media_types.ts";
import { answerInPlaceOfFile } from "./text_answer.ts";
import { nameForType } from "./typed_object.ts";
import { IMAGE_PROBE_BYTES, probeImage } from "./image_probe.ts";
import { cutShortError, probeVideo } from "./video_probe.ts";
import { PHOTO_MAX_BYTES, photoSizeError } from "./photo_rules.ts";
import { discardUpload } from "./upload_removal.ts";
import { notJpegOrWebp } from "./upload_inspection.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { logFailure } from "../runtime/logger.ts";
import type { MediaKind, UploadRecord } from "./media_record.ts";
import type { ObjectInfo } from "../storage/object_storage.ts";
import { ingestLimitsOf } from "./ingest_limits.ts";
import { watchSourcePace } from "./source_pace.ts";
import { openSource } from "./source_fetch.ts";
import { asSourceRefusal } from "./source_refusal.ts";
import type { SourcePace } from "./source_pace.ts";
import { countedBody } from "./copy_progress.ts";
import { digestingStream } from "./content_digest.ts";
import type { CopyProgress, OnCopyProgress } from "./copy_progress.ts";

/** How long a temporary copy is kept (long enough for TikTok to pull it). */
export const INGEST_TTL_MS = 24 * 3600_000;

export type IngestDeps = Pick<
  AppDeps,
  | "kv"
  | "clock"
  | "storage"
  | "log"
  | "allowLoopback"
  | "fetchOptions"
  | "ingestLimits"
>;

export interface IngestedMedia {
  record: UploadRecord;
  /** Our storage URL: what TikTok receives. */
  url: string;
  size: number;
  /** The source's ETag (or ours when the source sent none). */
  etag: string;
  fingerprint: string;
}

/** `sha256(source_url | size | etag)`, hex. */
export function mediaFingerprint(
  sourceUrl: string,
  size: number,
  etag: string,
): Promise<string> {
  // A fragment never reaches the server: "a.mp4#x" is the same file.
  const url = new URL(sourceUrl);
  url.hash = "";
  return sha256Hex(`${url.href}|${size}|${etag}`);
}

/** How a copy runs: its deadline, and who follows it. */
export interface IngestOptions {
  /**
   * The deadline of all the request's copies, on the `performance.now()`
   * scale (by default the deadline from now).
   */
  deadlineAt?: number;
  /** Told the bytes copied, then that the copy is being checked. */
  onProgress?: OnCopyProgress;
  /** Which of a photo post's images this is, for `onProgress`. */
  image?: Extract<CopyProgress, { stage: "copying" }>["image"];
}

/**
 * Copies `sourceUrl` into storage.
 * @throws {AppError} `domain_not_verified`, `content_length_required`,
 *   `file_too_large`, `image_too_large`, `image_too_large_px`,
 *   `unsupported_file_type`, `unsupported_image_type`, `proxy_error`,
 *   `source_too_slow`
 */
export async function ingestExternalUrl(
  deps: IngestDeps,
  account: Account,
  sourceUrl: string,
  kind: MediaKind,
  options: IngestOptions = {},
): Promise<IngestedMedia> {
  let parsed: URL;
  try {
    parsed = new URL(sourceUrl);
  } catch {
    throw new AppError("bad_request", `${quotedUrl(sourceUrl)} is not a URL.`);
  }
  if (!(await verifiedDomainFor(deps, account.openId, parsed))) {
    throw new AppError(
      "domain_not_verified",
      `External domain not verified: ${
        plainHost(parsed)
      } is not a domain this account verified. ` +
        "Upload the file first from its URL (POST /api/uploads/from_url, MCP upload_media_from_url: " +
        "any public download link, Google Drive, Dropbox and OneDrive/SharePoint share links too) and post the upload's url, " +
        "or, for a domain you own, add and verify it (dashboard settings, or POST /api/domains).",
      { extra: { domain: plainHost(parsed) } },
    );
  }
  try {
    return await copyAndCheck(deps, account, sourceUrl, parsed, kind, options);
  } catch (error) {
    // A refusal of what the source answered is the source's state, not
    // the post's: an Idempotency-Key does not keep it
    // (docs/posting.md#idempotency).
    throw asSourceRefusal(error);
  }
}

/** The copy of a verified domain's `sourceUrl` (`parsed`), and its checks. */
async function copyAndCheck(
  deps: IngestDeps,
  account: Account,
  sourceUrl: string,
  parsed: URL,
  kind: MediaKind,
  options: IngestOptions,
): Promise<IngestedMedia> {
  const plan = getPlan(account.plan ?? "free");
  const cap = kind === "image"
    ? Math.min(PHOTO_MAX_BYTES, plan.maxFileBytes)
    : plan.maxFileBytes;
  const tooLarge = () =>
    kind === "image" ? imageTooLarge() : fileTooLarge(plan);

  const limits = ingestLimitsOf(deps.ingestLimits);
  const pace = watchSourcePace(
    limits,
    options.deadlineAt ?? performance.now() + limits.deadlineMs,
  );
  let copy: SourceCopy;
  try {
    copy = await copySource(
      deps,
      account,
      parsed,
      kind,
      { cap, tooLarge },
      pace,
      options,
    );
  } catch (error) {
    // Cut for slowness, the fetch or the storage fails in its own way:
    // the slowness is what the caller must hear of.
    throw pace.failure() ?? error;
  } finally {
    pace.stop();
  }
  const { id, key, now, info, declaredType, validator, sha256 } = copy;
  options.onProgress?.({ stage: "checking", kind });
  const record: UploadRecord = {
    id,
    openId: account.openId,
    key,
    filename: parsed.pathname.split("/").pop() || "source",
    contentType: declaredType?.contentType ?? "application/octet-stream",
    kind,
    declaredSize: info.size,
    albumId: null,
    sourceUrl,
    state: "complete",
    createdAt: now,
    expiresAt: now + INGEST_TTL_MS,
    url: deps.storage.publicUrl(key),
    size: info.size,
    etag: info.etag,
    video: null,
    image: null,
    sha256,
  };
  // Any failure from here on, a refusal or storage failing while the copy
  // is read back, discards the copy: nothing waits for the orphan sweep.
  try {
    const head = await storedRangeReader(deps.storage, key)(
      0,
      Math.min(info.size, IMAGE_PROBE_BYTES) - 1,
    );
    const sniffed = sniffMediaType(head);
    if (!sniffed || sniffed.kind !== kind) {
      // A web page or an error answer in the file's place, said so.
      const answer = answerInPlaceOfFile(head, kind, "source");
      if (answer) throw answer;
      throw kind === "image"
        ? notJpegOrWebp("the source", sniffed ? null : head)
        : new AppError(
          "unsupported_file_type",
          "The source is not an MP4, MOV or WebM video.",
        );
    }
    record.contentType = sniffed.contentType;
    // Named and served for its bytes, as TikTok pulls it: a source's declared
    // type (or none) may not be what it is.
    const named = await nameForType(deps, { key, info }, sniffed);
    if (!named) {
      throw new AppError("proxy_error", "The copy of the source went missing.");
    }
    Object.assign(record, {
      key: named.key,
      url: deps.storage.publicUrl(named.key),
      etag: named.info.etag,
    });
    const read = storedRangeReader(deps.storage, named.key);
    if (kind === "image") {
      const probe = probeImage(head);
      if (!probe) {
        throw new AppError(
          "unsupported_image_type",
          "The image header cannot be read.",
        );
      }
      const tooLarge = photoSizeError(probe.width, probe.height);
      if (tooLarge) throw tooLarge;
      record.image = probe;
    } else {
      const cut = await cutShortError(sniffed.ext, read, info.size);
      if (cut) throw cut;
      record.video = await probeVideo(sniffed.ext, read, info.size);
    }
    await deps.kv.atomic()
      .set(keys.upload(id), record)
      .set(keys.uploadByAccount(account.openId, id), id)
      .set(keys.uploadByStorageKey(named.key), id)
      .set(keys.mediaExpiry(record.expiresAt, "upload", id), true)
      .commit();
  } catch (error) {
    await discardUpload(deps, record);
    throw error;
  }
  const etag = validator ?? `"sha256:${sha256}"`;
  return {
    record,
    url: record.url,
    size: info.size,
    etag,
    fingerprint: await mediaFingerprint(sourceUrl, info.size, etag),
  };
}

/** What copySource made: the stored object and what the source said. */
interface SourceCopy {
  id: string;
  key: string;
  now: number;
  info: ObjectInfo;
  declaredType: ReturnType<typeof mediaTypeFor>;
  validator: string | null;
  /** The content's SHA-256, hex, taken as it streamed in. */
  sha256: string;
}

/** Streams the source into a new temporary object, watched by `pace`. */
async function copySource(
  deps: IngestDeps,
  account: Account,
  parsed: URL,
  kind: MediaKind,
  size: { cap: number; tooLarge: () => AppError },
  pace: SourcePace,
  { onProgress, image }: IngestOptions,
): Promise<SourceCopy> {
  const { cap, tooLarge } = size;
  // Told, so that a source slow to start is waited for by name
  // (docs/mcp.md#long-calls).
  onProgress?.({ stage: "connecting", host: parsed.host, image });
  const { response, url } = await openSource(deps, parsed, pace);
  const lengthHeader = response.headers.get("content-length");
  const declared = lengthHeader === null ? undefined : Number(lengthHeader);
  onProgress?.({ stage: "answered", host: url.host, total: declared, image });
  if (kind === "image" && declared === undefined) {
    await response.body.cancel();
    throw new AppError(
      "content_length_required",
      "Missing Content-Length for external URLs: the image host must send it.",
    );
  }
  if (declared !== undefined && declared > cap) {
    await response.body.cancel();
    throw tooLarge();
  }
  const declaredType = mediaTypeFor(response.headers.get("content-type") ?? "");
  const now = deps.clock.now();
  const id = ulid(now);
  const ext = declaredType?.ext ?? (kind === "image" ? "jpg" : "mp4");
  const key = `tmp/${account.openId}/${id}.${ext}`;
  // The fingerprint needs a validator that names this version of the file.
  // Without ETag or Last-Modified, the content's own SHA-256 stands in (our
  // copy's ETag would differ at every copy on some storages). It is taken
  // always, as the bytes pass: the record keeps it
  // (docs/media.md#content-digest).
  const validator = response.headers.get("etag") ??
    lastModifiedValidator(response.headers.get("last-modified"));
  const digesting = digestingStream(countedBody(
    response.body,
    onProgress &&
      ((copied) =>
        onProgress({ stage: "copying", copied, total: declared, image })),
  ));
  let info;
  try {
    info = await deps.storage.put(key, digesting.stream, {
      contentType: declaredType?.contentType ?? "application/octet-stream",
      contentLength: declared,
      maxBytes: cap,
    });
  } catch (error) {
    // The copy's failure is what the caller hears of; a partial object
    // left behind is only logged.
    await deps.storage.delete(key).catch(
      logFailure(deps.log, "deleting a failed copy", {
        open_id: account.openId,
        key,
      }),
    );
    if (error instanceof StorageError && error.failure === "too_large") {
      throw tooLarge();
    }
    throw new AppError(
      "proxy_error",
      `Copying the source failed: ${(error as Error).message}.`,
      { cause: error },
    );
  }
  return {
    id,
    key,
    now,
    info,
    declaredType,
    validator,
    sha256: digesting.hex(),
  };
}

/** `Last-Modified` as a validator, when it is a real date. */
function lastModifiedValidator(header: string | null): string | null {
  if (header === null || Number.isNaN(Date.parse(header))) return null;
  return `last-modified:${new Date(header).toISOString()}`;
}
