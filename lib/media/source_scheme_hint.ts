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

/**
 * What a bucket URI repeated in a shell command the caller may copy
 * (`aws s3 presign …`) may hold: nothing a shell reads as more than a word.
 */
const SHELL_WORD = /^[\w.\/:@%+~=,-]+$/;

/** What a repeated link may hold: printable ASCII, nothing invisible. */
const PRINTABLE = /^[\x21-\x7e]+$/;

/**
 * `link` as a hint repeats it, or `placeholder` for a long one or one
 * holding what `allowed` refuses.
 */
function repeatedLink(
  link: string,
  placeholder: string,
  allowed = PRINTABLE,
): string {
  return link.length <= ECHO_MAX && allowed.test(link) ? link : placeholder;
}

function bucketHint(
  scheme: "s3" | "gs",
  link: string,
  use: SchemeHintUse,
): string {
  const uri = repeatedLink(link, `${scheme}://BUCKET/KEY`, SHELL_WORD);
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
  if (scheme && Object.hasOwn(FTP_NODE, scheme)) return ftpHint(scheme, use);
  if (/\s/.test(link)) return undefined;
  // `//host/path`, a scheme-relative link as a web page's source holds it.
  if (link.startsWith("//") && HOST_THEN_PATH.test(link.slice(2))) {
    return `a link needs its scheme: add https: (${
      repeatedLink(`https:${link}`, "https://…")
    })`;
  }
  const host = HOST_THEN_PATH.exec(link)?.[1];
  if (host && !FILE_EXTENSION.test(host)) {
    return `a link needs its scheme: add https:// (${
      repeatedLink(`https://${link}`, "https://…")
    })`;
  }
  return undefined;
}
