/**
 * Browser-side helpers shared by the dashboard islands: JSON calls to the
 * API with the session cookie, and PUTs with upload progress (fetch cannot
 * report upload progress; XMLHttpRequest can).
 * @module
 */
// Types only: the schemas (and zod) stay on the server.
import type {
  CompletedUploadResponse,
  StartedUploadResponse,
} from "../lib/http/api_responses.ts";
import {
  PAGE_ACCOUNT_HEADER,
  PAGE_ACCOUNT_META,
} from "../lib/http/page_account_names.ts";
import { fillWords, pageWords } from "./page_words.ts";

/** Error carrying the API's error code and message, shown as it is. */
export class ApiCallError extends Error {
  readonly code: string;
  /** The error's extra fields (`retry_after`, …). */
  readonly extra: Record<string, unknown>;
  constructor(
    code: string,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.code = code;
    this.extra = extra;
  }
}

/**
 * The account this page shows (its `<meta>`), sent with every call so a
 * page left open after the browser switched accounts acts for no other
 * account (lib/http/page_account.ts).
 */
function pageAccountHeader(): Record<string, string> {
  const meta = typeof document === "undefined"
    ? null
    : document.querySelector(`meta[name="${PAGE_ACCOUNT_META}"]`);
  const openId = meta?.getAttribute("content");
  return openId ? { [PAGE_ACCOUNT_HEADER]: openId } : {};
}

/**
 * The words for an error answer that is not the API's JSON (a proxy's or
 * the host's 429, 502, 503…), never its HTTP status: a 429 or 503 is
 * "busy", with when to try again from its Retry-After (seconds or a date),
 * as a UTC time the islands write in local time (`errorText`), rounded up
 * to the minute so the time said is never before the time asked.
 */
function notTheApisWords(status: number, retryAfter: string | null): string {
  if (status !== 429 && status !== 503) {
    return pageWords().notAsExpected;
  }
  const at = !retryAfter
    ? NaN
    : /^\d+$/.test(retryAfter)
    ? Date.now() + 1000 * +retryAfter
    : Date.parse(retryAfter);
  return fillWords(pageWords().serverBusy, {
    when: at > 0
      ? `at ${new Date(Math.ceil(at / 60_000) * 60_000).toISOString()}`
      : "in a moment",
  });
}

/** Calls the JSON API as the signed-in dashboard user of this page. */
export async function callApi<T = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
  /** The upload card's copy from a link, stopped by {@link cancelUpload}. */
  cancellable?: boolean,
): Promise<T> {
  let res: Response;
  const call = new AbortController();
  if (cancellable) sending = call;
  try {
    res = await fetch(path, {
      method,
      signal: call.signal,
      credentials: "same-origin",
      headers: {
        Accept: "application/json",
        ...pageAccountHeader(),
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // Answered: the copy is over on the server, Cancel no longer cuts its
    // answer to `{}` (docs/dashboard.md#compose).
    if (sending === call) sending = undefined;
  } catch {
    // The browser's own words ("Failed to fetch") tell a person nothing.
    // The words name no service (docs/configuration.md#the-service-name).
    // Cancelled, the server stops copying (docs/media.md#uploads-from-a-url).
    throw call.signal.aborted
      ? Error(pageWords().copyCancelled)
      : new ApiCallError("network_error", pageWords().networkError);
  }
  const json = await res.json().catch(() => ({}));
  if (!res.ok || json.ok === false) {
    throw new ApiCallError(
      String(json.error ?? `http_${res.status}`),
      // PM3K's own busy answer speaks of its database: said as a proxy's.
      String(
        json.message === undefined || json.error === "database_busy"
          ? notTheApisWords(res.status, res.headers.get("Retry-After"))
          : json.message,
      ),
      json,
    );
  }
  return json as T;
}

/**
 * The upload card's PUT or copy from a link, latest first, for its Cancel;
 * kept here rather than an `AbortSignal` passed down three calls, for the
 * islands' budget (docs/dashboard.md#budget). A composer photo's is never
 * kept.
 */
let sending: { abort(): void } | undefined;

/**
 * The upload card's Cancel: the bytes being sent stop, and the upload
 * fails as cancelled (docs/dashboard.md#compose); once they are all sent,
 * nothing. A copy from a link is given up, which stops it on the server.
 */
export const cancelUpload = () => sending?.abort();

/**
 * PUTs a file to a (signed) URL, reporting progress from 0 to 1; the
 * upload card's (`cancellable`) can be stopped by {@link cancelUpload}.
 */
export function putWithProgress(
  url: string,
  headers: Record<string, string>,
  file: Blob,
  onProgress: (fraction: number) => void,
  cancellable?: boolean,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    if (cancellable) sending = xhr;
    xhr.onabort = () => reject(new Error(pageWords().uploadCancelled));
    xhr.open("PUT", url);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else {
        let message = notTheApisWords(
          xhr.status,
          xhr.getResponseHeader("Retry-After"),
        );
        try {
          message = JSON.parse(xhr.responseText).message ?? message;
        } catch {
          // Not JSON (S3 answers XML): keep the words for its status.
        }
        reject(new Error(message));
      }
    };
    xhr.onerror = () => {
      // The browser hides why; a bucket on another origin most often lacks
      // a CORS rule for this site, so say where to look.
      const target = new URL(url, location.href).origin;
      reject(
        new Error(
          target === location.origin
            ? pageWords().uploadStopped
            : pageWords().storageRefused.replace("{target}", () => target)
              .replace("{origin}", () => location.origin),
        ),
      );
    };
    xhr.send(file);
  });
}

/** Asks the API for an upload of this file (into an album if given). */
export function startUpload(
  file: File,
  albumId?: string,
): Promise<StartedUploadResponse> {
  return callApi<StartedUploadResponse>("POST", "/api/uploads", {
    filename: file.name,
    content_type: file.type || "application/octet-stream",
    size: file.size,
    ...(albumId ? { album_id: albumId } : {}),
  });
}

/** Sends the bytes of a started upload and completes it. */
export async function sendAndComplete(
  started: StartedUploadResponse,
  file: File,
  onProgress: (fraction: number) => void,
  cancellable?: boolean,
): Promise<CompletedUploadResponse> {
  await putWithProgress(
    started.upload_url,
    started.headers,
    file,
    onProgress,
    cancellable,
  );
  return await callApi<CompletedUploadResponse>(
    "POST",
    `/api/uploads/${started.upload_id}/complete`,
  );
}

/** Starts, sends and completes one upload; returns the completed upload. */
export async function uploadFile(
  file: File,
  options: { albumId?: string; onProgress: (fraction: number) => void },
): Promise<CompletedUploadResponse> {
  const started = await startUpload(file, options.albumId);
  return await sendAndComplete(started, file, options.onProgress, true);
}

/** Copies text; false when the browser refuses the clipboard. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
