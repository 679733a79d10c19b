import type { IDataObject, IExecuteFunctions } from "n8n-workflow";
import { NodeOperationError, tryToParseDateTime } from "n8n-workflow";
import { Pm3kApiError, pm3kRequest } from "../transport";
import { givenText, missing } from "./given";
import { runIdempotencyKey } from "./idempotency_key";

type Media = "VIDEO" | "PHOTO";

/**
 * The direct_post payload (docs/posting.md#fields) from the node's fields:
 * a video's `source_url`, or a photo post's images (an album's, or a
 * list), the caption, the chosen privacy (or, for a draft, `post_mode`
 * MEDIA_UPLOAD and no privacy: docs/posting.md#drafts) and the options
 * that were set.
 */
async function postBody(
  this: IExecuteFunctions,
  i: number,
  media: Media,
): Promise<IDataObject> {
  const draft =
    this.getNodeParameter("postMode", i, "DIRECT_POST") === "MEDIA_UPLOAD";
  const privacy = draft ? "" : this.getNodeParameter("privacy", i) as string;
  if (!draft && !privacy) {
    throw new NodeOperationError(
      this.getNode(),
      "Choose a privacy: who can see the post",
      { itemIndex: i },
    );
  }
  const options = {
    ...this.getNodeParameter("postOptions", i, {}) as IDataObject,
  };
  delete options.idempotencyKey;
  const common = {
    title: this.getNodeParameter("title", i) as string,
    ...(draft ? { post_mode: "MEDIA_UPLOAD" } : { privacy }),
    ...options,
  };
  if (media === "VIDEO") {
    return { source_url: sourceUrlOf.call(this, i), ...common };
  }
  return {
    media_type: "PHOTO",
    photo_images: await photoImages.call(this, i),
    ...this.getNodeParameter("photoOptions", i, {}) as IDataObject,
    ...common,
  };
}

/**
 * The Video URL, which must be given. Empty, it is most often an upload's
 * failure passed on by "continue on fail" (the item has no `url`): said so,
 * naming the failure, rather than sending an empty `source_url` for PM3K
 * to refuse as a bad request (as Get Status does for a missing publish_id).
 */
function sourceUrlOf(this: IExecuteFunctions, i: number): string {
  const given = this.getNodeParameter("sourceUrl", i, "") as unknown;
  const url = given == null ? "" : String(given).trim();
  if (url) return url;
  const input = this.getInputData()[i];
  const item = input?.json ?? {};
  const files = Object.entries(input?.binary ?? {});
  const description = typeof item.error === "string"
    ? `The input item is a failure (${item.error}${
      typeof item.message === "string" ? `: ${item.message}` : ""
    }), not an upload: there is no video to post.`
    : files.length > 0
    ? `The input item holds a file (binary field ${files[0][0]}${
      files[0][1].fileName ? `: ${files[0][1].fileName}` : ""
    }), not an upload: TikTok takes a URL, so put a PM3K Upload Media node between the node giving the file and this one; its answer's url is the Video URL ({{ $json.url }}, the default).`
    : "Map the url of an Upload Media answer (the default, {{ $json.url }}), or give the URL of a file on a verified domain.";
  throw new NodeOperationError(
    this.getNode(),
    "No Video URL: the input item has no url",
    { itemIndex: i, description },
  );
}

/** The images of a photo post: an album's, in upload order, or a list. */
async function photoImages(
  this: IExecuteFunctions,
  i: number,
): Promise<string[]> {
  if (this.getNodeParameter("imagesFrom", i) === "album") {
    const albumId = givenText.call(
      this,
      i,
      "albumId",
      "Album ID",
      "map the album_id of a Create Album answer, e.g. {{ $('Create album').first().json.album_id }}; an expression mapping it found nothing",
    );
    const album = await pm3kRequest.call(this, i, {
      method: "GET",
      path: `/api/albums/${encodeURIComponent(albumId)}`,
    });
    return (album.photo_images as string[] | undefined) ?? [];
  }
  const value = this.getNodeParameter("photoImages", i, "") as unknown;
  const list = Array.isArray(value)
    ? value
    : value == null
    ? []
    : String(value).split(/[\n,]/);
  const urls = list.filter((u) => u != null).map((u) => String(u).trim())
    .filter((u) => u !== "");
  if (urls.length > 0) return urls;
  throw missing.call(
    this,
    i,
    "Image URLs",
    "give one URL per line, or an expression giving an array of them; an expression mapping them found nothing",
  );
}

/** A post's or a schedule's key: the one given in Options, else the run's. */
function postIdempotencyKey(this: IExecuteFunctions, i: number): string {
  const options = this.getNodeParameter("postOptions", i, {}) as IDataObject;
  const given = String(options.idempotencyKey ?? "").trim();
  return given || runIdempotencyKey.call(this, i);
}

/**
 * n8n's words for a media URL PM3K does not take (domain_not_verified):
 * a plain public link pasted as Video URL or an image URL, which PM3K
 * takes only once uploaded; and for a privacy an unaudited TikTok app does
 * not take (privacy_unaudited_app), which PM3K's message names as a JSON
 * field (docs/workflows.md#the-native-n8n-node).
 */
const POST_HINTS = {
  video_duplicate: (body: IDataObject) => duplicateHint("video", body),
  caption_duplicate_account: (body: IDataObject) =>
    duplicateHint("caption", body),
  domain_not_verified:
    "In n8n: put a PM3K Upload Media node before this one, Source: URL, with the link as File URL (a Google Drive, Dropbox or OneDrive/SharePoint share link works too), and keep Video URL at {{ $json.url }}; for photos, upload each image into an album",
  privacy_unaudited_app:
    "In n8n: set Privacy to Only Me, and the TikTok account itself to private in the TikTok app, until the PM3K server's TikTok app is audited; a PM3K Get Creator Info node lists the levels accepted now (privacy_level_options), which a Privacy expression can read",
};

/**
 * n8n's words for a video or caption the account already has
 * (`video_duplicate`, `caption_duplicate_account`), most often an item an
 * earlier execution posted or scheduled: n8n's Retry of a failed
 * execution, or running the workflow again, is a new execution, so the
 * default Idempotency-Key is new and the items that went through before
 * the failure are refused rather than replayed
 * (docs/workflows.md#re-running-a-batch). PM3K's own next step names REST
 * and MCP calls; in n8n it is Cancel Scheduled Post.
 */
function duplicateHint(what: "video" | "caption", body: IDataObject): string {
  const code = what === "video"
    ? "video_duplicate"
    : "caption_duplicate_account";
  const job = typeof body.job_id === "string" ? body.job_id : undefined;
  const holder = job
    ? `a scheduled post of this account (job_id ${job}, run_at ${
      String(body.run_at)
    })`
    : `a post of this account${
      typeof body.post_id === "string" ? ` (post_id ${body.post_id})` : ""
    }`;
  const thing = what === "video"
    ? "this video (the same upload or URL)"
    : "this caption";
  const fix = job
    ? `; to post it anew, cancel that job first with a PM3K Cancel Scheduled Post node (Job ID ${job})${
      what === "caption" ? ", or give this post another caption" : ""
    }`
    : what === "caption"
    ? "; or give this post another caption"
    : "; List Posts shows that post";
  return `In n8n: ${holder} already has ${thing}, often this same item, posted or scheduled by an earlier execution: n8n's Retry of a failed execution, or running the workflow again, is a new execution with new Idempotency-Keys, so what went through before the failure is refused now, not replayed (Retry On Fail, within one execution, replays it). To go on with the rest of a batch, set Settings › On Error to Continue and let an IF skip the items whose error is ${code}${fix}`;
}

/**
 * n8n's words for Post Video given an image's upload (Upload Media into an
 * album, then Post Video, the node's default operation): PM3K refuses it
 * as `unsupported_file_type` in API terms (`"media_type": "PHOTO"`); in
 * n8n, the album is posted with Post Photos.
 */
function imageUploadHint(item: IDataObject): string | undefined {
  if (item.kind !== "image") return undefined;
  const album = typeof item.album_id === "string"
    ? ` (album_id ${item.album_id})`
    : "";
  return `In n8n: the input item is an image uploaded into an album${album}, not a video: post the album with Operation Post Photos (Images From: Album, its Album ID), after all its images are uploaded (Settings › Execute Once)`;
}

/** Post Video / Post Photos: `POST /api/tiktok/direct_post`. */
export async function directPost(
  this: IExecuteFunctions,
  i: number,
  media: Media,
): Promise<IDataObject> {
  const item = this.getInputData()[i]?.json ?? {};
  return await pm3kRequest.call(this, i, {
    method: "POST",
    path: "/api/tiktok/direct_post",
    body: await postBody.call(this, i, media),
    headers: { "Idempotency-Key": postIdempotencyKey.call(this, i) },
    hints: media === "VIDEO"
      ? { ...POST_HINTS, unsupported_file_type: () => imageUploadHint(item) }
      : POST_HINTS,
  });
}

/**
 * Run At as an instant. n8n's date picker gives a wall time without a zone
 * ("2026-12-05T10:00:00"), which n8n's own nodes (its Wait node) read in
 * the workflow's timezone (its settings, else the instance's
 * GENERIC_TIMEZONE), not in the zone of the n8n process: so does this one,
 * through n8n's own parser. A value with an offset or `Z`, or an
 * expression's DateTime, keeps its own.
 */
function runAtOf(this: IExecuteFunctions, i: number): Date {
  const value = this.getNodeParameter("runAt", i) as unknown;
  let millis = NaN;
  try {
    millis = tryToParseDateTime(
      wallTimeAsIso(value) ?? value,
      this.getTimezone(),
    ).toMillis();
  } catch {
    // Not a date: said below.
  }
  if (value === "" || value == null || !Number.isFinite(millis)) {
    throw new NodeOperationError(this.getNode(), "Run At is not a date", {
      itemIndex: i,
      description: `Run At is ${JSON.stringify(value)}`,
    });
  }
  return new Date(millis);
}

/**
 * A date written another way than ISO and without a zone, as a sheet
 * gives it (`12/5/2026 10:00:00`, `Dec 5, 2026 10:00 AM`), as the ISO wall
 * time it names (`2026-12-05T10:00:00`), for n8n's parser to read in the
 * workflow's timezone: its own fallback for such text (JavaScript's Date)
 * reads it in the n8n process's zone. Undefined for anything else (ISO
 * text, a value with a zone or offset, a DateTime), which n8n reads right.
 */
export function wallTimeAsIso(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (/^\d{4}-\d\d-\d\d/.test(text)) return undefined;
  if (/(\bZ|[+-]\d\d:?\d\d|\b(GMT|UTC|UT)\b|\b[A-Z]{3,4}T?)$/i.test(text)) {
    return undefined;
  }
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return undefined;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${String(date.getFullYear()).padStart(4, "0")}-${
    pad(date.getMonth() + 1)
  }-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${
    pad(date.getSeconds())
  }`;
}

/** How many times "Use the Next Free Time" moves a schedule at most. */
const MAX_MOVES = 5;

/**
 * Schedule Post: `POST /api/jobs` (docs/scheduling.md#creating-a-job).
 * With "If the Time Is Taken" at "Use the Next Free Time", a run time the
 * account's limits refuse is asked again at the refusal's `next_free_at`
 * (docs/workflows.md#the-native-n8n-node), under a key of its own: PM3K
 * binds a key to its body, and a refused one is not kept.
 */
export async function schedule(
  this: IExecuteFunctions,
  i: number,
): Promise<IDataObject> {
  const media = this.getNodeParameter("mediaType", i) as Media;
  const asked = runAtOf.call(this, i);
  const moveOn = this.getNodeParameter("whenTaken", i, "fail") === "nextFree";
  const body = await postBody.call(this, i, media);
  const key = postIdempotencyKey.call(this, i);
  let runAt = asked.toISOString();
  for (let moves = 0;; moves++) {
    try {
      const job = await pm3kRequest.call(this, i, {
        method: "POST",
        path: "/api/jobs",
        body: { kind: "tiktok", run_at: runAt, ...body },
        headers: {
          "Idempotency-Key": moves === 0
            ? key
            : `${key.slice(0, 200)}@${runAt}`,
        },
        hints: POST_HINTS,
      });
      return moves === 0
        ? job
        : { ...job, requested_run_at: asked.toISOString() };
    } catch (error) {
      // Every refusal of a run time that a later one passes names that
      // time: the account's limits, TikTok's cooldown and its daily caps.
      const next = moveOn && moves < MAX_MOVES &&
          error instanceof Pm3kApiError
        ? error.body.next_free_at
        : undefined;
      if (typeof next !== "string") throw error;
      runAt = next;
    }
  }
}
