import type { IBinaryData, IDataObject, IExecuteFunctions } from "n8n-workflow";
import { NodeOperationError, sleep } from "n8n-workflow";
import {
  GATEWAY_FAILED,
  GATEWAY_TIMED_OUT,
  Pm3kApiError,
  pm3kRequest,
} from "../transport";
import { givenText } from "./given";
import { runIdempotencyKey } from "./idempotency_key";
import { failureJson } from "../failure_json";
import { decodeEncodedWords } from "../encoded_words";

/**
 * Upload Media: a binary file from an earlier node goes as the request body
 * (`POST /api/uploads?filename=`, its media type as Content-Type); a URL is
 * fetched by PM3K (`POST /api/uploads/from_url`). Both answer as a completed
 * upload: `url` is what a post takes (docs/media.md#uploads). Several binary
 * fields (comma-separated: an item holding a post's photos, as a form's or
 * an email's files come) are uploaded one after the other, one output item
 * each, in the order named; with "continue on fail", a file refused gives
 * its failure as its item and the others still go, as does a field
 * misspelt or empty; without it, the error names the uploads made before
 * the failure (withUploadsMade), and a field misspelt or empty stops the
 * item before any file is sent.
 */
export async function upload(
  this: IExecuteFunctions,
  i: number,
): Promise<IDataObject | IDataObject[]> {
  const source = this.getNodeParameter("uploadSource", i) as string;
  const options = this.getNodeParameter("uploadOptions", i, {}) as {
    albumId?: string;
    fileName?: string;
  };
  const albumId = String(options.albumId ?? "").trim() || undefined;
  if (source === "url") {
    const url = givenText.call(
      this,
      i,
      "fileUrl",
      "File URL",
      "give a link that downloads the file, or a Google Drive, Dropbox or OneDrive/SharePoint file share link; an expression mapping it found nothing in the input item",
    );
    return await pm3kRequest.call(this, i, {
      method: "POST",
      path: "/api/uploads/from_url",
      body: albumId ? { url, album_id: albumId } : { url },
      // A copy can outlast a proxy's patience: Retry On Fail then gets the
      // upload made, not a second one (docs/api.md#uploads-from-a-url).
      headers: { "Idempotency-Key": runIdempotencyKey.call(this, i) },
      hints: {
        ...answersFirst(
          albumId
            ? ALBUM_HINTS
            : imageHints(IMAGE_NAME.test(url.split(/[?#]/)[0])),
          "url",
        ),
        proxy_error: unreachableHint,
      },
    });
  }
  const fields = String(this.getNodeParameter("binaryPropertyName", i))
    .split(",").map((f) => f.trim()).filter((f) => f !== "");
  if (fields.length === 0) {
    throw new NodeOperationError(
      this.getNode(),
      "Input Binary Field names no field",
      { itemIndex: i },
    );
  }
  // Several files with "continue on fail": a field misspelt or empty, or a
  // file refused, does not hide the uploads made before it (already in the
  // album, counted), nor stop the rest: its failure takes its place among
  // the output items, as n8n's nodes give a failed item's
  // (docs/workflows.md#one-files-failure-among-several).
  const each = fields.length > 1 && this.continueOnFail();
  // Without it each field is checked before the first is sent: a misspelt
  // name or an empty file uploads none.
  const checked: CheckedFile[] = [];
  if (!each) {
    requireBinaryFields.call(this, i, fields);
    for (const field of fields) {
      checked.push(await checkedFile.call(this, i, field, each));
    }
  }
  const uploads: IDataObject[] = [];
  const made: IDataObject[] = [];
  for (const [k, field] of fields.entries()) {
    let filename: string | undefined;
    try {
      const [, binary, size] = checked[k] ??
        await checkedFile.call(this, i, field, each);
      filename = options.fileName?.trim() ||
        decodeEncodedWords(binary.fileName ?? "") ||
        `upload.${binary.fileExtension ?? "bin"}`;
      const answer = await uploadFile.call(this, i, {
        field,
        binary,
        size,
        filename,
        albumId,
      });
      uploads.push(answer);
      made.push({
        binary_field: field,
        filename: answer.filename ?? filename,
        upload_id: answer.upload_id,
        url: answer.url,
      });
    } catch (error) {
      if (!each) {
        throw made.length === 0 ? error : withUploadsMade.call(
          this,
          i,
          error as Error,
          { field, made, notSent: fields.slice(k + 1) },
        );
      }
      uploads.push(
        failureJson(error as Error, this.getNode(), {
          binary_field: field,
          ...(filename ? { filename } : {}),
        }),
      );
    }
  }
  return uploads.length === 1 ? uploads[0] : uploads;
}

/** A binary field's name, its binary and storedSize's answer. */
type CheckedFile = readonly [string, IBinaryData, number];

/**
 * Binary field `field` of item `i`, held and not empty, or its error;
 * `each` when the item's other files go on without it.
 */
async function checkedFile(
  this: IExecuteFunctions,
  i: number,
  field: string,
  each: boolean,
): Promise<CheckedFile> {
  // Without `each`, every field was found held before, all named at once.
  if (each) requireBinaryFields.call(this, i, [field]);
  const binary = this.helpers.assertBinaryData(i, field);
  const file = [field, binary, await storedSize.call(this, binary)] as const;
  requireBytes.call(this, i, file, each);
  return file;
}

/**
 * Stops an item lacking a named binary field with what it has instead:
 * n8n's own error ("The item has no binary field 'file'") names neither
 * the fields the item holds (an HTTP Request download's `data`, an email's
 * `attachment_0`) nor, for an item with no file at all, where a file
 * comes from (docs/workflows.md#the-native-n8n-node).
 */
function requireBinaryFields(
  this: IExecuteFunctions,
  i: number,
  fields: string[],
): void {
  const held = Object.keys(this.getInputData()[i]?.binary ?? {});
  const absent = fields.filter((field) => !held.includes(field));
  if (absent.length === 0) return;
  const names = absent.map((field) => `'${field}'`).join(", ");
  throw new NodeOperationError(
    this.getNode(),
    held.length > 0
      ? `The item has no binary field ${names}`
      : "The item holds no file (no binary data)",
    {
      itemIndex: i,
      description: held.length > 0
        ? `Its binary ${held.length === 1 ? "field is" : "fields are"} ${
          held.join(", ")
        }: set Input Binary Field to ${
          held.length === 1 ? held[0] : "one of them"
        }, or to {{ Object.keys($binary).join(',') }} for every file of the item.`
        : "Upload Media (Source: Binary File) sends a file an earlier node gives: Read/Write Files from Disk, HTTP Request with Options › Response › Response Format: File, a form's or an email's attachments. For a link, set Source: URL and give it as File URL.",
    },
  );
}

/**
 * Stops an item with a named binary field of 0 bytes before any file is
 * sent: PM3K would refuse it ("The file is empty"), naming neither the
 * field nor what it is, after the files before it were uploaded. Beside
 * other files it is most often a zip's folder, which n8n's Compression
 * node (Decompress) gives as an empty file among the folder's files
 * (docs/workflows.md#videos-in-a-zip); as the item's only file, a download
 * that answered nothing, most often an HTTP Request node's redirect not
 * followed (docs/workflows.md#an-empty-download).
 */
function requireBytes(
  this: IExecuteFunctions,
  i: number,
  [field, binary, size]: CheckedFile,
  each: boolean,
): void {
  if (size > 0) return;
  const held = Object.keys(this.getInputData()[i]?.binary ?? {});
  const alone = held.every((name) => name === field);
  const kept = each
    ? "This file was not uploaded; the item's other files go on"
    : "Nothing was uploaded";
  throw new NodeOperationError(
    this.getNode(),
    `The binary field '${field}' (${
      binary.fileName || "no name"
    }) is empty: 0 bytes, no file to upload`,
    {
      itemIndex: i,
      description: alone
        ? `${EMPTY_DOWNLOAD}. ${kept}`
        : `A zip's folder comes out of n8n's Compression node (Decompress) as an empty file beside the folder's files, and a download that answered nothing as an empty one. ${kept}. Set Input Binary Field to the files to upload: {{ Object.keys($binary).filter(k => /^(video|image)\\//.test($binary[k].mimeType)).join(',') }} names the item's videos and images`,
    },
  );
}
const EMPTY_DOWNLOAD =
  "The node before gave an empty file, as a download that answered nothing does: an HTTP Request node with Options › Redirects › Follow Redirects off keeps a redirect's empty answer (turn it on), and with Options › Response › Never Error on it passes an empty or failed answer on as the file. Open the link in a browser to see that it downloads the file, or give it as File URL with Source: URL (PM3K follows redirects)";

/**
 * The size of a binary kept in n8n's binary store (filesystem or S3
 * mode), read once from its metadata for both the empty-file check and
 * the request's length; in memory mode, the length of its base64 text,
 * which is 0 only for an empty file (the bytes are counted when read).
 */
async function storedSize(
  this: IExecuteFunctions,
  binary: IBinaryData,
): Promise<number> {
  return binary.id
    ? (await this.helpers.getBinaryMetadata(binary.id)).fileSize
    : (binary.data ?? "").length;
}

/**
 * One binary field's file, sent as the body of `POST /api/uploads`. A
 * gateway's 502, 503 or 504 page in its place (a proxy that stopped
 * waiting while PM3K went on) may hide an upload made: the file takes no
 * Idempotency-Key (docs/api.md#uploads-in-one-request), so before failing
 * the node looks for it (findUploadMade), and answers it when found,
 * rather than leaving Retry On Fail to upload the file twice
 * (docs/workflows.md#when-a-proxy-answers-502-503-or-504). The uploads
 * listed before the file is sent are never that one: another
 * execution's upload of the same file is not taken for it.
 */
async function uploadFile(
  this: IExecuteFunctions,
  i: number,
  { field, binary, size, filename, albumId }: {
    field: string;
    binary: IBinaryData;
    /** storedSize's answer. */
    size: number;
    filename: string;
    albumId: string | undefined;
  },
): Promise<IDataObject> {
  const file = await fileBody.call(this, i, field, binary, size);
  // An album's image needs no lookup (PM3K keeps it once in its album).
  const listedBefore = albumId === undefined
    ? await uploadsListed.call(this, i)
    : undefined;
  const before = listedBefore &&
    new Set(listedBefore.map((u) => String(u.upload_id)));
  const sent = Date.now();
  let answer: IDataObject;
  try {
    answer = await sendUpload.call(this, i, {
      file,
      filename,
      albumId,
      binary,
    });
  } catch (error) {
    if (await isDataUrlRefused(error, file)) {
      const { status, body } = error as Pm3kApiError;
      throw new Pm3kApiError(this.getNode(), status, body, i, DATA_URL_HINT);
    }
    const found = before !== undefined && isGatewayPage(error)
      ? await findUploadMade.call(this, i, {
        filename,
        size: file.length,
        sent,
        before,
        patient: GATEWAY_TIMED_OUT.includes((error as Pm3kApiError).status),
      })
      : undefined;
    if (!found) throw error;
    answer = found;
  }
  answeredUploads(this).add(String(answer.upload_id));
  return answer;
}

async function sendUpload(
  this: IExecuteFunctions,
  i: number,
  { file, filename, albumId, binary }: {
    file: Awaited<ReturnType<typeof fileBody>>;
    filename: string;
    albumId: string | undefined;
    binary: IBinaryData;
  },
): Promise<IDataObject> {
  return await pm3kRequest.call(this, i, {
    method: "POST",
    path: "/api/uploads",
    qs: albumId ? { filename, album_id: albumId } : { filename },
    file,
    hints: {
      http_413: PROXY_TOO_LARGE,
      ...answersFirst(
        albumId ? ALBUM_HINTS : imageHints(
          /^image\//i.test(binary.mimeType ?? "") ||
            IMAGE_NAME.test(filename) ||
            IMAGE_NAME.test(`.${binary.fileExtension ?? ""}`),
        ),
        "binary",
      ),
    },
  });
}

type Hint = string | ((body: IDataObject) => string | undefined);

/**
 * Whether PM3K refused the file as no video or image we take, and the
 * file is the text of a data URL (`data:video/mp4;base64,…`) decoded as
 * if it were base64 alone: n8n's Convert to File (Move Base64 String to
 * File) decodes the whole text, dropping only `:`, `;` and `,`, so the
 * bytes start with what `data` + the media type + `base64` decode to
 * (docs/workflows.md#files-given-as-base64-text).
 */
async function isDataUrlRefused(
  error: unknown,
  file: Awaited<ReturnType<typeof fileBody>>,
): Promise<boolean> {
  if (
    !(error instanceof Pm3kApiError) ||
    !["unsupported_file_type", "unsupported_image_type"].includes(error.code)
  ) {
    return false;
  }
  const data = await file.open();
  let start: Buffer;
  if (Buffer.isBuffer(data)) {
    start = data.subarray(0, 48);
  } else {
    start = Buffer.alloc(0);
    for await (const chunk of data) {
      start = Buffer.from(chunk as Buffer).subarray(0, 48);
      break;
    }
    data.destroy();
  }
  return /^data[a-z]+\/[\w.+-]*base64/i.test(start.toString("base64"));
}
const DATA_URL_HINT =
  "In n8n: the file is a data URL's text (data:video/mp4;base64,…) decoded whole, its data:…;base64, start included, which makes every byte after it wrong: give Convert to File (Move Base64 String to File) only the part after the comma, e.g. an Edit Fields (Set) node before it setting the field to {{ $json.video.split(',').pop() }} (your field's name for video)";

/**
 * `hints` with n8n's words first for what PM3K refuses as an answer in
 * the file's place, as a video's `unsupported_file_type` or an album's
 * `unsupported_image_type`: a web page ("…a web page (HTML)…",
 * docs/media.md#web-pages-in-place-of-a-file), most often an HTTP Request
 * node given a share link, which downloads the link's page; or an error
 * reply ("The file is XML text…", `detected_type` application/xml or
 * application/json, docs/media.md#error-answers-in-place-of-a-file), a
 * download that failed (an expired presigned link) passed on as the file.
 * Neither is an image: an image's hints (an album, an Edit Image node to
 * convert it) would mislead for a page named `photo.jpg`, or for a File
 * URL into an album that answered a page
 * (docs/workflows.md#a-web-page-in-place-of-the-file). `source` is the
 * node's Source: a binary file, or a File URL PM3K fetched.
 */
function answersFirst(
  hints: Record<string, Hint>,
  source: "binary" | "url",
): Record<string, Hint> {
  const first = (hint: Hint | undefined) => (body: IDataObject) => {
    const message = String(body.message ?? "");
    if (WEB_PAGE.test(message)) {
      return source === "url" ? URL_WEB_PAGE_HINT : WEB_PAGE_HINT;
    }
    if (/^application\/(xml|json)$/i.test(String(body.detected_type ?? ""))) {
      return source === "url" ? URL_ERROR_REPLY_HINT : ERROR_REPLY_HINT;
    }
    return typeof hint === "function" ? hint(body) : hint;
  };
  return {
    ...hints,
    unsupported_file_type: first(hints.unsupported_file_type),
    unsupported_image_type: first(hints.unsupported_image_type),
  };
}
const WEB_PAGE = /(is|answered) a web page \(HTML\)/;
const WEB_PAGE_HINT =
  "In n8n: the file given is a web page, not the file: an HTTP Request node given a share link (Google Drive, Dropbox, OneDrive/SharePoint) or a link behind a sign-in downloads the link's page. Set Source: URL and give the share link itself as File URL (PM3K fetches the file behind it), or download the file with n8n's Google Drive, Dropbox or Microsoft OneDrive node (Operation: Download) and keep Source: Binary File";
const URL_WEB_PAGE_HINT =
  "In n8n: File URL answered a web page, not the file, so there is no image or video to convert: give File URL the file's own share link, shared with anyone with the link (not a folder's, nor a link behind a sign-in), or a direct download link, as PM3K's words say";
const ERROR_REPLY_HINT =
  "In n8n: the file given is the error reply of the place it was downloaded from, not the file, so there is nothing to convert: the node that downloaded it got an error and passed it on as the file (an HTTP Request node with Options › Response › Never Error on, or a host answering its error as a file). Do what PM3K's words say (a new presigned link when it expired, the right bucket and key), or download the object with n8n's S3 node and the bucket's credentials, then run again";
const URL_ERROR_REPLY_HINT =
  "In n8n: File URL answered its host's error reply, not the file, so there is nothing to convert: do what PM3K's words say (make a new presigned link when it expired, or make the object public; check the bucket and key), then give the new link as File URL";

/**
 * A gateway's 502, 503 or 504 answer (or Cloudflare's 524) that is not
 * PM3K's JSON.
 */
function isGatewayPage(error: unknown): boolean {
  return error instanceof Pm3kApiError && !error.fromPm3k &&
    GATEWAY_FAILED.includes(error.status);
}

/**
 * The uploads this node's run has answered already, by its execution
 * context: never taken for another item's upload made.
 */
const answered = new WeakMap<object, Set<string>>();
function answeredUploads(context: object): Set<string> {
  let ids = answered.get(context);
  if (!ids) answered.set(context, ids = new Set());
  return ids;
}

/** How long before the request an upload made by it may be dated. */
const CLOCK_SLACK_MS = 5 * 60_000;
/** Looks after a 504 or 524, while PM3K may still be storing the file. */
const LOOKS_AFTER_504 = 6;
const LOOK_PAUSE_MS = 5_000;

/**
 * The upload a request that met a gateway's page made after all, if PM3K
 * lists one (`GET /api/uploads`, newest first): of the same size and
 * name (as PM3K keeps a name, docs/media.md#uploads), dated from
 * CLOCK_SLACK_MS before the request on (PM3K's clock and n8n's may
 * differ), not listed before the file was sent (another execution's
 * upload of the same file), and not answered for another item of this
 * run. After a 504 PM3K may still be storing or checking the file, so it
 * looks again every 5 s for half a minute. Answers nothing when none is
 * found, when two are (which one is this request's cannot be told), or
 * when the list cannot be read (PM3K still down): the node then fails
 * with the gateway's error and its hint.
 */
async function findUploadMade(
  this: IExecuteFunctions,
  i: number,
  { filename, size, sent, before, patient }: {
    filename: string;
    size: number;
    sent: number;
    /** The ids PM3K listed before the file was sent. */
    before: Set<string>;
    patient: boolean;
  },
): Promise<IDataObject | undefined> {
  const taken = answeredUploads(this);
  for (let look = 0; look < (patient ? LOOKS_AFTER_504 : 1); look++) {
    if (look > 0) await sleep(LOOK_PAUSE_MS);
    const listed = await uploadsListed.call(this, i);
    const made = (listed ?? []).filter((u) =>
      u.state === "complete" && u.size === size && u.filename === filename &&
      !taken.has(String(u.upload_id)) && !before.has(String(u.upload_id)) &&
      Date.parse(String(u.created_at)) >= sent - CLOCK_SLACK_MS
    );
    // Two new ones: another execution sent the same file meanwhile, and
    // which one is this request's cannot be told, so neither is taken.
    if (made.length > 1) return undefined;
    if (made.length === 1) {
      return { ok: true, ...made[0], already_in_album: false };
    }
  }
  return undefined;
}

/**
 * PM3K's newest uploads (`GET /api/uploads`, a page of 100), or undefined
 * when the list cannot be read (PM3K or its proxy down).
 */
async function uploadsListed(
  this: IExecuteFunctions,
  i: number,
): Promise<IDataObject[] | undefined> {
  try {
    const page = await pm3kRequest.call(this, i, {
      method: "GET",
      path: "/api/uploads",
      qs: { limit: 100 },
    });
    return Array.isArray(page.uploads) ? page.uploads as IDataObject[] : [];
  } catch {
    return undefined;
  }
}

/**
 * n8n's words for a 413 that is not PM3K's (PM3K's own is `file_too_large`,
 * JSON): a reverse proxy in front of PM3K refused the file for its size,
 * nginx's `client_max_body_size` being 1 MB by default
 * (docs/deploy.md#behind-a-reverse-proxy). The node's message names only
 * the page's title.
 */
const PROXY_TOO_LARGE =
  "In n8n: not PM3K but a proxy in front of it (the page's server) refused the file for its size; nginx takes 1 MB by default. Whoever runs the PM3K server lets the plan's file size through for /api/uploads (nginx: client_max_body_size 201m; and proxy_request_buffering off;). Until then, give the file as a public link with Source: URL, which sends only the link";

/**
 * The error of a file that failed after others of the item were uploaded,
 * without "continue on fail": n8n then passes no item on, so the uploads
 * made (in the album, counted for the day) would be seen nowhere. They are
 * named in the description, which the editor and an Error Trigger
 * workflow show, and listed in its context as `uploads_made`
 * (`binary_field`, `filename`, `upload_id`, `url`), with `not_sent` the
 * fields after the failure (docs/workflows.md#the-native-n8n-node).
 */
function withUploadsMade(
  this: IExecuteFunctions,
  i: number,
  error: Error,
  { field, made, notSent }: {
    field: string;
    made: IDataObject[];
    notSent: string[];
  },
): Error {
  // An n8n error is told by its context, not by its class: n8n-workflow
  // may be loaded twice (n8n's copy and the package's).
  const failure: N8nError =
    typeof (error as Partial<N8nError>).context === "object"
      ? error as N8nError
      : new NodeOperationError(this.getNode(), error, { itemIndex: i });
  const listed = made.map((u) =>
    `${u.binary_field} (${u.filename}): upload_id ${u.upload_id}, url ${u.url}`
  ).join("; ");
  const said = `Uploaded before ${field} failed, and kept: ${listed}` +
    (notSent.length > 0 ? `. Not sent: ${notSent.join(", ")}` : "");
  failure.description = failure.description
    ? `${failure.description}. ${said}`
    : said;
  Object.assign(failure.context, {
    binary_field: field,
    uploads_made: made,
    not_sent: notSent,
  });
  return failure;
}

/** What an n8n error (NodeApiError, NodeOperationError) carries. */
type N8nError = Error & { description?: string | null; context: IDataObject };

/**
 * n8n's words for a File URL PM3K cannot fetch at all: PM3K fetches public
 * https links only, from the internet (docs/media.md#server-side-fetches),
 * so a link that only n8n's own network reaches (a presigned link of a
 * MinIO beside n8n, `http://minio:9000/…`; a private address; plain http)
 * is refused before any request, as "Could not fetch the source: The host
 * … does not resolve" or "… points to a private or reserved address". The
 * file is then downloaded in the workflow and sent as binary
 * (docs/workflows.md#videos-in-an-s3-bucket). Other proxy_errors (the
 * host's 403 or 404) have their own words in PM3K's message.
 */
function unreachableHint(body: IDataObject): string | undefined {
  return UNREACHABLE.test(String(body.message ?? ""))
    ? UNREACHABLE_HINT
    : undefined;
}
const UNREACHABLE =
  /^Could not fetch the source: (The host \S+ (does not resolve|points to a (private|loopback))|Only https URLs are fetched)/;
const UNREACHABLE_HINT =
  "In n8n: PM3K fetches File URL itself, from the internet, and only public https links: a file that only n8n's network reaches (an S3-compatible store such as MinIO beside n8n, a host with no public name, a private address, plain http) cannot be fetched. Instead, download it in the workflow (n8n's S3 node for an object in a bucket, HTTP Request with Options › Response › Response Format: File for a link) and set Source: Binary File";

/** A file name or a link's path that names an image. */
const IMAGE_NAME = /\.(jpe?g|webp|png|gif|heic|heif|avif|bmp)$/i;

/**
 * n8n's words for an image uploaded without an album, which PM3K refuses
 * (`unsupported_file_type`: "images go into a photo album"), when the file
 * is one: by its name or media type (`named`), or by its bytes, which PM3K
 * names in the refusal's `detected_type` (docs/media.md#uploads) whatever
 * the file was called or sent as (a download an HTTP Request node got as
 * `application/octet-stream`, a link with no extension).
 */
function imageHints(named: boolean) {
  return {
    unsupported_file_type: (body: IDataObject) => {
      const detected = String(body.detected_type ?? "");
      if (/^image\/(png|gif)$/i.test(detected)) {
        return `${IMAGE_HINT}. This file is ${detected}, which a photo post does not take: ${CONVERT}`;
      }
      return named || /^image\//i.test(detected) ? IMAGE_HINT : undefined;
    },
  };
}
const IMAGE_HINT =
  "In n8n: an image goes into an album. Put a PM3K Create Album node first (Settings › Execute Once), set this node's Options › Album ID to {{ $('Create album').first().json.album_id }}, then post the album with Post Photos (Images From: Album)";

/**
 * n8n's words for an album's image PM3K refuses for its size or format
 * (docs/media.md#photo-mode): at most 1080 px a side and 20 MB, JPEG or
 * WebP. A phone's photo (4000 px, or a PNG screenshot) meets them first;
 * n8n's Edit Image node resizes or converts it before this one.
 */
const CONVERT =
  "convert the image to JPEG before this node, e.g. with an Edit Image node (Options › Format: jpeg; it needs GraphicsMagick, which n8n's Docker image has), or give a JPEG or WebP file";
const RESIZE =
  "In n8n: resize the image before this node, e.g. with an Edit Image node (Operation: Resize, Width and Height 1080, Option: Only if Larger; it needs GraphicsMagick, which n8n's Docker image has)";
const ALBUM_HINTS = {
  image_too_large_px: RESIZE,
  image_too_large: RESIZE,
  unsupported_image_type: `In n8n: ${CONVERT}`,
};

/**
 * The media type a file is sent with: its own when it is a video or image
 * type, else `application/octet-stream`, which PM3K reads as "the bytes
 * tell" (docs/api.md#uploads-in-one-request). A download often carries a
 * type that says nothing of the file (`application/binary`,
 * `application/force-download`, `text/plain` from a misconfigured host),
 * which PM3K would refuse as the body's type (415).
 */
export function uploadContentType(mimeType: string | undefined): string {
  const base = (mimeType ?? "").split(";")[0].trim().toLowerCase();
  return /^(video|image)\/[\w.+-]+$/.test(base)
    ? mimeType!.trim()
    : "application/octet-stream";
}

/**
 * The binary as a request body: streamed from n8n's binary store when it
 * lives there (filesystem or S3 mode), so a large video is not held in
 * memory (docs/workflows.md#large-files-from-n8n); the bytes themselves in
 * the default memory mode. Each `open` reads it from the start.
 */
async function fileBody(
  this: IExecuteFunctions,
  i: number,
  field: string,
  binary: IBinaryData,
  /** storedSize's answer: the stored file's size when `binary.id`. */
  size: number,
) {
  const contentType = uploadContentType(binary.mimeType);
  const { id } = binary;
  if (id) {
    return {
      open: () => this.helpers.getBinaryStream(id),
      contentType,
      length: size,
    };
  }
  const data = await this.helpers.getBinaryDataBuffer(i, field);
  return {
    open: () => Promise.resolve(data),
    contentType,
    length: data.length,
  };
}
