/**
 * Uploads from a URL (docs/media.md#uploads-from-a-url): PM3K fetches a
 * public URL (a direct download from Drive, Dropbox, an S3 presigned
 * link…) into a new upload, which counts as one upload of the day like
 * any other. The source is fetched as ingest fetches verified domains
 * (source_fetch.ts: SSRF rules, every redirect re-checked) under the same
 * limits (docs/media.md#ingest-limits: a floor rate, one deadline, a few
 * copies per account at once), and stored and checked as a file uploaded
 * in one request (streamed_upload.ts): its bytes tell its type, whatever
 * the source declares. Posting straight from a verified domain spends no
 * upload; this does, and needs no verification.
 * @module
 */
import { AppError } from "../errors.ts";
import { requireAccount } from "../accounts/accounts_store.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { ingestLimitsOf } from "./ingest_limits.ts";
import { ingestSession } from "./ingest_slots.ts";
import { watchSourcePace } from "./source_pace.ts";
import { openSource } from "./source_fetch.ts";
import { uploadStream } from "./streamed_upload.ts";
import type { StreamedUploadDeps } from "./streamed_upload.ts";
import { requireUploadRoom } from "./uploads.ts";
import type { UploadRecord } from "./media_record.ts";

export type UploadFromUrlDeps =
  & StreamedUploadDeps
  & Pick<AppDeps, "allowLoopback" | "fetchOptions" | "ingestLimits">;

export interface UploadFromUrlInput {
  url: string;
  /** An album to add the image to; without one, the file is a video. */
  albumId?: string;
}

/**
 * Redirects followed, each re-checked: share links hop through a couple
 * of hosts before the file (Drive: the download page, then its content
 * host).
 */
const MAX_REDIRECTS = 5;

/**
 * Fetches `input.url` into a new upload of the account and completes it.
 * @throws {AppError} `bad_request` (not a URL), `ingest_limit`,
 *   `proxy_error`, `source_too_slow`, and the errors of an upload in one
 *   request (`unsupported_file_type`, `file_too_large`, `upload_limit`…)
 */
export async function uploadFromUrl(
  deps: UploadFromUrlDeps,
  openId: string,
  input: UploadFromUrlInput,
): Promise<UploadRecord> {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw new AppError("bad_request", `"${input.url}" is not a URL.`);
  }
  const account = await requireAccount(deps, openId);
  // Before fetching anything: a full day or album refuses at once.
  await requireUploadRoom(deps, account, input.albumId);
  const session = ingestSession(deps, openId);
  try {
    const pace = watchSourcePace(
      ingestLimitsOf(deps.ingestLimits),
      await session.begin(),
    );
    try {
      const source = await openSource(deps, url, pace, {
        maxRedirects: MAX_REDIRECTS,
      }).catch((error) => {
        throw pace.failure() ?? error;
      });
      const { response } = source;
      const length = response.headers.get("content-length");
      return await uploadStream(deps, account, {
        filename: sourceFilename(response.headers, source.url),
        contentType: response.headers.get("content-type") ?? "",
        albumId: input.albumId,
        body: response.body,
        length: length === null ? undefined : Number(length),
        // Cut for slowness, or broken off: the slowness is what to report.
        bodyFailed: (error) =>
          pace.failure() ??
            new AppError(
              "proxy_error",
              `Copying the source failed: ${
                (error as Error)?.message ?? error
              }.`,
              { cause: error },
            ),
      });
    } finally {
      pace.stop();
    }
  } finally {
    await session.end();
  }
}

/**
 * The file's name: the one Content-Disposition gives (share links name
 * the file there, not in their URL), else the URL's last path segment.
 */
export function sourceFilename(headers: Headers, url: URL): string {
  const disposition = headers.get("content-disposition") ?? "";
  const extended = /filename\*\s*=\s*[\w-]*'[^']*'([^;\s]+)/i.exec(disposition);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]);
    } catch {
      // Not valid percent-encoding: the plain name below, if any.
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(disposition);
  const named = plain?.[1] ?? plain?.[2];
  if (named) return named;
  const last = url.pathname.split("/").pop() ?? "";
  try {
    return decodeURIComponent(last) || "upload";
  } catch {
    return last || "upload";
  }
}
