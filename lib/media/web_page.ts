/**
 * Telling a web page from a file (docs/media.md#share-links): a URL meant
 * to download a file answers an HTML page when it is a share page, a
 * sign-in page, or Google Drive's virus scan warning. An upload from a URL
 * refuses it saying so, rather than as a file of the wrong type.
 * @module
 */
import { AppError } from "../errors.ts";

/**
 * A web page in place of a file, refused with the code of the file's
 * place, saying `why`: an album image is `unsupported_image_type`, after
 * the contract's "Only JPEG/WebP allowed."; a video `unsupported_file_type`.
 */
export function webPageInPlaceOf(image: boolean, why: string): AppError {
  return image
    ? new AppError("unsupported_image_type", `Only JPEG/WebP allowed. ${why}`)
    : new AppError("unsupported_file_type", why);
}

/**
 * The refusal of a web page sent as the file or answered by a verified
 * domain's `source_url` (`from`): most often a share link's or a sign-in
 * page downloaded by the automation in the file's place (an n8n HTTP
 * Request given a Google Drive share link). Said so, with what to send
 * instead (docs/media.md#web-pages-in-place-of-a-file), rather than only
 * which types an upload takes.
 */
export function webPageSent(
  kind: "image" | "video",
  from: "file" | "source" = "file",
): AppError {
  const what = kind === "image" ? "an image" : "a video";
  const message = from === "source"
    ? `The source is a web page (HTML), not ${what}: source_url answers a page (a sign-in page, a share page) in place of the file. ` +
      "Give source_url a link that downloads the file itself, or upload the file first (POST /api/uploads/from_url also takes " +
      "Google Drive, Dropbox and OneDrive/SharePoint share links) and post the upload's url."
    : `The file is a web page (HTML), not ${what}: a share link or a sign-in page downloaded in place of the file answers its page. ` +
      "Send the link itself to POST /api/uploads/from_url, which fetches the file behind a " +
      "Google Drive, Dropbox or OneDrive/SharePoint share link or any direct download link, or download the file itself.";
  return webPageInPlaceOf(kind === "image", message);
}

/** Declared as a web page (`text/html`, `application/xhtml+xml`). */
export function declaredHtml(contentType: string): boolean {
  const base = contentType.split(";")[0].trim().toLowerCase();
  return base === "text/html" || base === "application/xhtml+xml";
}

/**
 * The tags the WHATWG MIME Sniffing standard takes for the start of an
 * HTML document ("identifying a resource with an unknown MIME type"),
 * each followed by a space or `>`.
 */
const HTML_STARTS = [
  "<!doctype html",
  "<html",
  "<head",
  "<script",
  "<iframe",
  "<h1",
  "<div",
  "<font",
  "<table",
  "<a",
  "<style",
  "<title",
  "<b",
  "<body",
  "<br",
  "<p",
  "<!--",
];

/** Whether the first bytes look like an HTML document, whatever is declared. */
export function looksLikeHtml(head: Uint8Array): boolean {
  let i = 0;
  // A UTF-8 byte order mark, then whitespace (tab, LF, FF, CR, space).
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
  while (i < head.length && [0x09, 0x0a, 0x0c, 0x0d, 0x20].includes(head[i])) {
    i++;
  }
  const start = String.fromCharCode(...head.subarray(i, i + 16))
    .toLowerCase();
  return HTML_STARTS.some((tag) => {
    if (!start.startsWith(tag)) return false;
    const next = start[tag.length];
    return next === " " || next === ">";
  });
}

/** Google Drive's hosts: its share pages, and the content host it redirects to. */
export const DRIVE_HOSTS = [
  "drive.google.com",
  "drive.usercontent.google.com",
  "docs.google.com",
];

/**
 * Whether a page from `url` is Google Drive's virus scan warning: Drive
 * answers it, instead of the file, to a direct download of a file too large
 * for it to scan, and waits for a person to confirm. The page's wording is
 * Drive's ("Google Drive - Virus scan warning", "Google Drive can't scan
 * this file for viruses"), matched as it is published: never fetched from
 * the real Drive here, only simulated by the tests.
 */
export function isDriveVirusScanPage(url: URL, page: string): boolean {
  if (!DRIVE_HOSTS.includes(url.hostname)) return false;
  return /virus scan warning|scan this file for viruses/i.test(page);
}
