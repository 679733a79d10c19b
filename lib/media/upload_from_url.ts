/**
 * Uploads from a URL (docs/media.md#uploads-from-a-url): PM3K fetches a
 * public URL (a direct download, or a Google Drive, Dropbox or
 * OneDrive/SharePoint file share link, fetched in its direct download form:
 * share_links.ts) into a new
 * upload, which counts as one upload of the day like any other. The source
 * is fetched as ingest fetches verified domains (source_fetch.ts: SSRF
 * rules, every redirect re-checked) under the same limits
 * (docs/media.md#ingest-limits: a floor rate, one deadline, a few copies
 * per account at once), and stored and checked as a file uploaded in one
 * request (streamed_upload.ts): its bytes tell its type, whatever the
 * source declares. A web page in place of a file is refused saying so
 * (web_page.ts), before any upload is started. Posting straight from a
 * verified domain spends no upload; this does, and needs no verification.
 *
 * The share link rules follow the hosts' published link forms and were
 * never run against the real Drive, Dropbox or SharePoint (unreachable from
 * where this was written): the tests simulate them.
 * @module
 */
import { plainUrl } from "../net/host_name.ts";
import { AppError, quotedUrl } from "../errors.ts";
import type { ErrorCode } from "../errors.ts";
import { requireAccount } from "../accounts/accounts_store.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { ingestLimitsOf } from "./ingest_limits.ts";
import { ingestSession } from "./ingest_slots.ts";
import { sniffMediaType } from "./media_types.ts";
import { peekBody } from "./peeked_body.ts";
import { directDownloadUrl, shareHostOf } from "./share_links.ts";
import { driveDownloadAnyway } from "./drive_download_form.ts";
import type { DirectLink, ShareHost } from "./share_links.ts";
import { asSourceRefusal, FILE_REFUSAL_CODES } from "./source_refusal.ts";
import { watchSourcePace } from "./source_pace.ts";
import { openSource } from "./source_fetch.ts";
import { sourceAnswered, UPLOAD_INSTEAD } from "./source_status_message.ts";
import { uploadStream } from "./streamed_upload.ts";
import { countedBody } from "./copy_progress.ts";
import type { OnCopyProgress } from "./copy_progress.ts";
import type { StreamedUploadDeps } from "./streamed_upload.ts";
import { requireUploadRoom } from "./upload_start.ts";
import type { CompletedUpload } from "./upload_completion.ts";
import {
  declaredHtml,
  isDriveVirusScanPage,
  looksLikeHtml,
  webPageInPlaceOf,
} from "./web_page.ts";

export type UploadFromUrlDeps =
  & StreamedUploadDeps
  & Pick<AppDeps, "allowLoopback" | "fetchOptions" | "ingestLimits">;

export interface UploadFromUrlInput {
  url: string;
  /** An album to add the image to; without one, the file is a video. */
  albumId?: string;
  /**
   * Told the bytes copied (with the Content-Length the source sent), then
   * that the upload is being checked (docs/mcp.md#long-calls).
   */
  onProgress?: OnCopyProgress;
  /**
   * Aborted once nobody waits for the answer (the client went away): the
   * copy stops then, keeping nothing (docs/media.md#uploads-from-a-url).
   */
  signal?: AbortSignal;
}

/**
 * Redirects followed, each re-checked: share links hop through a couple
 * of hosts before the file (Drive: the download page, then its content
 * host).
 */
const MAX_REDIRECTS = 5;

/**
 * Bytes looked at before anything is stored: enough for the start of a web
 * page after some whitespace (web_page.ts), and for every media type.
 */
const HEAD_BYTES = 512;

/** How much of a web page is read to tell which page it is. */
const PAGE_BYTES = 64 * 1024;

/**
 * Fetches `input.url` (or the direct download form of a share link) into
 * a new upload of the account and completes it.
 * @throws {AppError} `bad_request` (not a URL, or no bytes), `ingest_limit`,
 *   `proxy_error`, `source_too_slow`, `unsupported_file_type` (or with an
 *   album `unsupported_image_type`) for a web page, and the errors of an
 *   upload in one request (`unsupported_file_type`, `file_too_large`,
 *   `upload_limit`…); once a share link's direct form was fetched, each
 *   carries it as `fetched_url`
 */
export async function uploadFromUrl(
  deps: UploadFromUrlDeps,
  openId: string,
  input: UploadFromUrlInput,
): Promise<CompletedUpload> {
  let asked: URL;
  try {
    // `drive.google.com.` is Drive's share link too (host_name.ts).
    asked = plainUrl(input.url);
  } catch {
    throw new AppError("bad_request", `${quotedUrl(input.url)} is not a URL.`);
  }
  const share = directDownloadUrl(asked);
  const url = share?.url ?? asked;
  const account = await requireAccount(deps, openId);
  // Before fetching anything: a full day or album refuses at once.
  await requireUploadRoom(deps, account, input.albumId);
  const session = ingestSession(deps, openId);
  try {
    const pace = watchSourcePace(
      ingestLimitsOf(deps.ingestLimits),
      await session.begin(),
      input.signal,
    );
    // Cut for slowness, or broken off: the slowness is what to report.
    const bodyFailed = (error: unknown) =>
      pace.failure() ??
        new AppError(
          "proxy_error",
          `Copying the source failed: ${(error as Error)?.message ?? error}.`,
          { cause: error },
        );
    try {
      /**
       * The source at `at`, its first bytes looked at, and the length its
       * Content-Length declares (the progress's total, then the upload's).
       */
      const open = async (at: URL) => {
        // A source slow to answer, or to send its first bytes, is told as
        // such (docs/mcp.md#long-calls), not as a bare "still running".
        input.onProgress?.({ stage: "connecting", host: at.host });
        const source = await openSource(deps, at, pace, {
          maxRedirects: MAX_REDIRECTS,
        }).catch((error) => {
          throw pace.failure() ?? error;
        });
        const contentType = source.response.headers.get("content-type") ?? "";
        const header = source.response.headers.get("content-length");
        const length = header === null ? undefined : Number(header);
        input.onProgress?.({
          stage: "answered",
          host: source.url.host,
          total: length,
        });
        const { onProgress } = input;
        // Counted from the first byte, before the head is looked at: a
        // source trickling its first HEAD_BYTES is told as copying, not
        // as still awaited (docs/mcp.md#long-calls).
        const body = countedBody(
          source.response.body,
          onProgress &&
            ((copied) =>
              onProgress({ stage: "copying", copied, total: length })),
        );
        try {
          const peeked = await peekBody(body, HEAD_BYTES);
          return { source, contentType, peeked, length };
        } catch (error) {
          throw bodyFailed(error);
        }
      };
      let opened = await open(url);
      for (let confirmed = false;; confirmed = true) {
        const { source, contentType, peeked } = opened;
        if (peeked.head.length === 0) {
          // Said here: the upload's own words ask for a request body.
          await peeked.stream.cancel();
          throw new AppError(
            "bad_request",
            "The URL answered an empty file (no bytes): check that the link downloads the file itself.",
          );
        }
        if (
          sniffMediaType(peeked.head) ||
          !(declaredHtml(contentType) || looksLikeHtml(peeked.head))
        ) {
          break;
        }
        const page = await readPage(peeked.stream);
        // Drive's virus scan warning of a large file: its "Download
        // anyway" form sends the file (drive_download_form.ts), once.
        const anyway = !confirmed &&
            isDriveVirusScanPage(source.url, page)
          ? driveDownloadAnyway(page, source.url)
          : null;
        if (!anyway) {
          throw webPageRefusal({
            asked,
            share,
            answeredBy: source.url,
            page,
            album: input.albumId !== undefined,
          });
        }
        opened = await open(anyway);
      }
      const { source, contentType, peeked, length } = opened;
      const { response } = source;
      return await uploadStream(deps, account, {
        filename: sourceFilename(response.headers, source.url),
        contentType,
        albumId: input.albumId,
        // Counted as it was opened, the head included.
        body: peeked.stream,
        length,
        bodyFailed,
        stored: () =>
          input.onProgress?.({
            stage: "checking",
            kind: input.albumId === undefined ? "video" : "image",
          }),
      });
    } catch (error) {
      throw asSourceRefusal(explainShareRefusal(
        share ? withFetchedUrl(error, share) : error,
        share?.host ?? (isPresigned(asked) ? "presigned" : shareHostOf(asked)),
      ));
    } finally {
      pace.stop();
    }
  } finally {
    await session.end();
  }
}

/**
 * The start of a web page (at most PAGE_BYTES), read as text; the rest is
 * not fetched. A page that breaks off is judged by what came.
 */
async function readPage(body: ReadableStream<Uint8Array>): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let read = 0;
  try {
    while (read < PAGE_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      read += value.length;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // What came is enough to tell the page.
  } finally {
    // The rest of the page is not wanted; a body that already failed has
    // nothing left to cancel.
    await reader.cancel().catch(() => {});
  }
  return text;
}

/** A personal OneDrive link (short or long form), which has no direct form. */
function isPersonalOneDrive(url: URL): boolean {
  return url.hostname === "1drv.ms" || url.hostname === "onedrive.live.com";
}

/** An S3 (or S3-compatible: R2, MinIO) presigned link, by its query. */
function isPresigned(url: URL): boolean {
  return url.searchParams.has("X-Amz-Signature") ||
    url.searchParams.has("X-Amz-Credential");
}

/**
 * What each kind of link's host means by refusing it, and the statuses
 * that say so: a share link's host refuses a file not shared publicly,
 * deleted, or a link turned off; S3 refuses a presigned link expired or
 * signed for another method (a missing object is 404 whatever the link,
 * so only a refusal of the link itself is explained).
 */
const LINK_REFUSALS: Record<
  ShareHost | "presigned",
  { statuses: number[]; why: string }
> = {
  google_drive: {
    statuses: [401, 403, 404, 410],
    why:
      'Google Drive refuses the file when it is not shared with "Anyone with the link" or was deleted: share it with anyone with the link',
  },
  dropbox: {
    statuses: [401, 403, 404, 410],
    why:
      "Dropbox refuses the file when its link was deleted, turned off or needs a password: paste a share link anyone can open",
  },
  sharepoint: {
    statuses: [401, 403, 404, 410],
    why:
      'OneDrive and SharePoint refuse the file when the link has expired, was removed, or is not one "Anyone with the link" can open: paste such a link',
  },
  presigned: {
    statuses: [401, 403],
    why:
      "An S3 presigned link is refused once it has expired (X-Amz-Expires), or when it was signed for another method than GET: presign a GET that lasts a few minutes more",
  },
};

/**
 * A share link's or presigned link's host refusing it: the `proxy_error`
 * says why, and what to do, besides `source_status` (LINK_REFUSALS).
 */
function explainShareRefusal(
  error: unknown,
  host: ShareHost | "presigned" | null,
): unknown {
  const refusal = host ? LINK_REFUSALS[host] : null;
  if (
    !refusal || !(error instanceof AppError) || error.code !== "proxy_error" ||
    !refusal.statuses.includes(Number(error.extra.source_status))
  ) {
    return error;
  }
  // The host's own reason, in place of the general advice.
  return new AppError(
    "proxy_error",
    `${
      sourceAnswered(Number(error.extra.source_status))
    }. ${refusal.why}, ${UPLOAD_INSTEAD}.`,
    { extra: error.extra, cause: error.cause ?? error },
  );
}

/**
 * The refusal of a web page in place of a file: `unsupported_file_type`
 * (with an album, `unsupported_image_type`, the code an album's non-image
 * has), its message saying what the page is and how to get a link that
 * downloads the file.
 */
function webPageRefusal(
  opts: {
    /** The URL given. */
    asked: URL;
    share: DirectLink | null;
    /** The URL that answered the page, after redirects. */
    answeredBy: URL;
    page: string;
    album: boolean;
  },
): AppError {
  const { asked, share, answeredBy, page, album } = opts;
  const upload = UPLOAD_INSTEAD;
  const host = share?.host ?? shareHostOf(asked);
  const evenDirect = share
    ? `, even in its direct download form (${share.url.href}, fetched in its place)`
    : "";
  let message: string;
  if (isDriveVirusScanPage(answeredBy, page)) {
    message = "Google Drive answered its virus scan warning page, not the " +
      "file: the file is too large for Drive's direct download link (Drive " +
      'does not scan large files), and the page\'s "Download anyway" ' +
      "did not give the file either. Put the file on another host that " +
      "gives a direct download link (a Dropbox share link, an S3 presigned " +
      `link…), ${upload}.`;
  } else if (host === "google_drive") {
    message = "The Google Drive link answered a web page (HTML), not the " +
      `file${evenDirect}: the file is probably not shared with "Anyone ` +
      'with the link", or the link is not to one file (a folder, a ' +
      "document). Share the file with anyone with the link and paste its " +
      `share link (https://drive.google.com/file/d/FILE_ID/view), ${upload}.`;
  } else if (host === "dropbox") {
    message = "The Dropbox link answered a web page (HTML), not the file" +
      `${evenDirect}: the link may be to a folder, have expired, been ` +
      "turned off, or need a password. Paste a share link to the file " +
      `itself, ${upload}.`;
  } else if (host === "sharepoint") {
    message = "The OneDrive or SharePoint link answered a web page (HTML), " +
      `not the file${evenDirect}: the link is probably for people in your ` +
      "organization only (those need a sign-in), or to a folder or an " +
      'Office document. Share the file with "Anyone with the link" and ' +
      `paste that link, ${upload}.`;
  } else if (isPersonalOneDrive(asked) || isPersonalOneDrive(answeredBy)) {
    message = "The personal OneDrive link answered a web page (HTML), not " +
      "the file, and no download form of personal OneDrive links is known: " +
      "download it in the workflow (n8n's Microsoft OneDrive node, " +
      "Make's OneDrive › Download a file) and upload it as binary (POST " +
      "/api/uploads), or put it on OneDrive for work or school, Google " +
      "Drive or Dropbox and paste that share link.";
  } else {
    message = "The URL answered a web page (HTML), not a file: give " +
      "a link that downloads the file itself. Google Drive: share the file " +
      'with "Anyone with the link" and paste its share link ' +
      "(https://drive.google.com/file/d/FILE_ID/view) or " +
      "https://drive.google.com/uc?export=download&id=FILE_ID. Dropbox: " +
      "paste the file's share link (its dl=1 form is fetched). OneDrive " +
      'for work or school, SharePoint: paste an "Anyone with the link" ' +
      "link (its download=1 form is fetched). Other " +
      "hosts: use their direct download link (an S3 presigned link…), " +
      `${upload}.`;
  }
  return webPageInPlaceOf(album, message);
}

/**
 * The refusals about what a fetched URL answered, which carry the URL
 * fetched in a share link's place (`fetched_url`; the OpenAPI document
 * lists it on these, lib/http/openapi/error_fields.ts). Refusals about the
 * account (a full day or album, a busy store) are not about the URL.
 */
export const FETCHED_URL_CODES = [
  "proxy_error",
  "source_too_slow",
  ...FILE_REFUSAL_CODES,
] as const satisfies readonly ErrorCode[];

/** `error`, carrying the direct form of the share link that was fetched. */
function withFetchedUrl(error: unknown, share: DirectLink): unknown {
  if (
    !(error instanceof AppError) ||
    !(FETCHED_URL_CODES as readonly string[]).includes(error.code) ||
    "fetched_url" in error.extra
  ) {
    return error;
  }
  return new AppError(error.code, error.message, {
    extra: { ...error.extra, fetched_url: share.url.href },
    cause: error.cause ?? error,
  });
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
