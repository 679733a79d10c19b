/**
 * What to do with a link given where the API wants an http(s) URL to fetch
 * or post, when it has another scheme or none
 * (docs/media.md#links-that-are-not-https): a bucket URI as a storage
 * console copies it (`s3://`, `gs://`), an FTP or SFTP path, a share link
 * pasted without its `https://`. Each is told the way that works instead,
 * as docs/workflows.md documents it (a presigned link or n8n's S3 node, n8n's
 * FTP node, the link with its scheme), not that it is "a file on your own
 * disk". Anything else gets no hint, and the caller's own words.
 * @module
 */

/** Where the link was given: to be fetched into an upload, or posted. */
export type SchemeHintUse = "upload" | "post";

/** The longest link a hint repeats; past it, a placeholder stands in. */
const ECHO_MAX = 300;

/** After a hint for a post's media: what the post takes instead. */
const THEN_POST = "; then post the upload's url";

/**
 * A file name's extension (`clip.mov`, `holiday.webm`): a last label that
 * looks like a top-level domain but names a file, which gets no "add
 * https://" (it is a file on the caller's disk).
 */
const FILE_EXTENSION =
  /\.(?:mp4|m4v|mov|webm|mkv|avi|jpe?g|webp|png|gif|heic)$/i;

/**
 * A host name (labels with a dot, a letter-only last label), an optional
 * port, then a path, query or the end: `www.dropbox.com/s/abc/clip.mp4`,
 * `drive.google.com/file/d/abc/view`.
 */
const HOST_THEN_PATH =
  /^((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63})(?::\d{1,5})?(?=[/?#]|$)/i;

function echoed(link: string, placeholder: string): string {
  return link.length <= ECHO_MAX ? link : placeholder;
}

function bucketHint(
  scheme: "s3" | "gs",
  link: string,
  use: SchemeHintUse,
): string {
  const uri = echoed(link, `${scheme}://BUCKET/KEY`);
  const sign = scheme === "s3"
    ? `presign it (aws s3 presign ${uri} --expires-in 3600)`
    : `sign it (gcloud storage sign-url ${uri} --duration=1h)`;
  const node = scheme === "s3" ? "S3 node" : "Google Cloud Storage node";
  const sendLink = use === "upload"
    ? "send the https link it prints here"
    : "send the https link it prints to POST /api/uploads/from_url (MCP: upload_media_from_url)";
  return `${scheme}://… is a bucket URI, which cannot be fetched: ${sign} and ${sendLink}, or in n8n download the object with the ${node} and send the binary file to POST /api/uploads${
    use === "post" ? THEN_POST : ""
  }`;
}

/** n8n's FTP node speaks FTP and SFTP (not FTPS, FTP over TLS). */
const FTP_NODE: Record<string, string> = {
  ftp: "the FTP node, Protocol FTP",
  sftp: "the FTP node, Protocol SFTP",
  ftps: "an FTPS client",
};

function ftpHint(scheme: string, use: SchemeHintUse): string {
  return `${scheme}:// links cannot be fetched, only public https ones: download the file (in n8n with ${
    FTP_NODE[scheme]
  }) and send the file itself to POST /api/uploads (MCP: start_upload)${
    use === "post" ? THEN_POST : ""
  }`;
}

/**
 * The hint for `input` (any value a body field held), or undefined when it
 * is none of the links above.
 */
export function sourceSchemeHint(
  input: unknown,
  use: SchemeHintUse,
): string | undefined {
  if (typeof input !== "string") return undefined;
  const link = input.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(link)?.[1].toLowerCase();
  if (scheme === "s3" || scheme === "gs") return bucketHint(scheme, link, use);
  if (scheme && scheme in FTP_NODE) return ftpHint(scheme, use);
  if (/\s/.test(link)) return undefined;
  // `//host/path`, a scheme-relative link as a web page's source holds it.
  if (link.startsWith("//") && HOST_THEN_PATH.test(link.slice(2))) {
    return `a link needs its scheme: add https: (${
      echoed(`https:${link}`, "https://…")
    })`;
  }
  const host = HOST_THEN_PATH.exec(link)?.[1];
  if (host && !FILE_EXTENSION.test(host)) {
    return `a link needs its scheme: add https:// (${
      echoed(`https://${link}`, "https://…")
    })`;
  }
  return undefined;
}
