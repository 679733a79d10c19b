/**
 * zod schemas of the API's request bodies (one per input). Bodies are
 * strict objects: a field the API does not know is refused, never ignored
 * (docs/api.md#limits-on-every-request), since a misspelt or foreign name
 * would otherwise fall back silently to a default (a private post going
 * public).
 * @module
 */
import { z } from "zod";
import { PRIVACY_LEVELS } from "../posting/privacy_levels.ts";
import { POST_MODES } from "../posting/post_modes.ts";
import { PHOTO_MAX_IMAGES } from "../media/photo_limits.ts";
import { sourceSchemeHint } from "../media/source_scheme_hint.ts";
import type { SchemeHintUse } from "../media/source_scheme_hint.ts";
import type { UnknownFieldHints } from "./schema_issues.ts";
import { rfc3339DateTime } from "./rfc3339_date_time.ts";
import { wholeNumber } from "./whole_number.ts";
import { WRITTEN_ULID_OR_EMPTY_PATTERN } from "../ulid_ids.ts";
import { recordId } from "./record_id.ts";
import { JOB_STATES } from "../jobs/job_record.ts";
import { SHOWN_PAGE_SCAN } from "../kv_keys.ts";

/**
 * An http(s) URL the API keeps (a post's media, a webhook): at most 4,096
 * characters, as `POST /api/uploads/from_url` takes. A longer one, though
 * it fits the 64 KiB body, would not fit the one KV value its post, job or
 * webhook is stored in (docs/api.md#limits-on-every-request). `notUrl`
 * words the issue for what is not one (a file path, `file://`, `s3://`):
 * what to send instead.
 */
function keptUrl(
  notUrl: (input: unknown) => string = () => "not an http(s) URL",
) {
  return z.url({
    protocol: /^https?$/,
    // Only a string that is no URL: a missing field keeps zod's words.
    error: (issue) =>
      issue.code === "invalid_format" ? notUrl(issue.input) : undefined,
  }).max(4096, {
    message: "a URL is at most 4,096 characters",
  });
}

/**
 * What is no URL PM3K downloads or posts, for `use`: a bucket URI, an FTP
 * path or a link with no scheme is told its way after `lead`
 * (docs/media.md#links-that-are-not-https); anything else, taken for a
 * file path or `file://` URL, gets `otherwise`.
 */
function notUrl(use: SchemeHintUse, lead: string, otherwise: string) {
  return (input: unknown): string => {
    const hint = sourceSchemeHint(input, use);
    return hint ? `${lead}: ${hint}` : otherwise;
  };
}

const fromUrlNotUrl = notUrl(
  "upload",
  "not an http(s) URL that can be downloaded",
  "not an http(s) URL that can be downloaded; a file on your own disk is sent to POST /api/uploads instead (the file as the body, or a form; MCP: start_upload)",
);

const mediaNotUrl = notUrl(
  "post",
  "not an http(s) URL",
  "not an http(s) URL: give the url of an upload (POST /api/uploads or MCP start_upload for a file on your disk, POST /api/uploads/from_url or MCP upload_media_from_url for a link) or a URL on a verified domain",
);

const FILENAME_TOO_LONG =
  "at most 255 characters (UTF-16 units: most emoji count 2)";

/**
 * A file's name as a client gives it: at most 255 UTF-16 units, however
 * it is sent (docs/media.md#uploads); it is shown cut at 200 characters.
 * zod's max() counts code points (an emoji is one), so the refine holds
 * the units; max() stays for the schema's maxLength.
 */
const FilenameUpTo255 = z.string().trim()
  .max(255, { error: FILENAME_TOO_LONG, abort: true })
  .refine((name) => name.length <= 255, FILENAME_TOO_LONG);
const Filename = FilenameUpTo255.min(1);

export const CreateUploadBody = z.strictObject({
  filename: Filename,
  content_type: z.string().trim().min(1).max(100),
  size: wholeNumber(
    "size",
    "the file's size in bytes, a whole number from 1",
    1,
  ),
  album_id: recordId("album_id").optional(),
});

const albumId = recordId("album_id");

/**
 * The query of an upload sent as the body itself (docs/api.md#uploads-in-one-request):
 * `POST /api/uploads?filename=clip.mp4` with the media Content-Type.
 */
export const RawUploadQuery = z.strictObject({
  filename: Filename.optional().describe(
    'The file\'s name, with the file as the body only (default "upload")',
  ),
  album_id: albumId.optional().describe(
    "The photo album to add the image to, with the file as the body or a multipart form (which may send it as a field before the file instead)",
  ),
});

/**
 * The `file` part's name in a multipart upload: the same bound as the
 * others; an empty one (or only spaces) is shown as "upload".
 */
export const FormFilename = z.object({ filename: FilenameUpTo255 });

/** The text fields of a multipart upload, sent before its `file` part. */
export const UploadFormFields = z.strictObject({
  album_id: albumId.optional(),
});

export const UploadFromUrlBody = z.strictObject({
  url: keptUrl(fromUrlNotUrl).describe(
    "A public URL that downloads the file (an S3 presigned link, a file on a CDN…), or a Google Drive, Dropbox or OneDrive/SharePoint file share link, which is fetched in its direct download form",
  ),
  album_id: albumId.optional().describe(
    "The photo album to add the image to; without one, the file is a video",
  ),
});

/**
 * Hints for unknown fields of an upload from a URL (REST and MCP): the
 * link goes in `url`, where a post takes it as `source_url`
 * (docs/api.md#uploads-from-a-url).
 */
export const FROM_URL_FIELD_HINTS: UnknownFieldHints = {
  ...Object.fromEntries(
    ["source_url", "video_url", "file_url", "link", "image_url"].map((
      name,
    ) => [name, `the link to fetch goes in "url"`]),
  ),
  // A one-request upload's fields, carried over by a script writer: the
  // copy names and types the file itself (docs/media.md#uploads-from-a-url).
  ...Object.fromEntries(
    ["filename", "content_type"].map((name) => [
      name,
      `a copy takes only "url" and "album_id": the file's name comes from the source's Content-Disposition, else the URL, and its bytes tell its type`,
    ]),
  ),
};

export const AlbumRetainBody = z.strictObject({
  album_id: albumId,
});

export const CreateDomainBody = z.strictObject({
  domain: z.string().trim().min(1).max(253),
});

/**
 * The privacy a client plainly meant by a word TikTok does not use
 * ("PUBLIC", "private", "only me"), read in capitals with `_` for spaces
 * and dashes.
 */
const PRIVACY_MEANT: Readonly<Record<string, typeof PRIVACY_LEVELS[number]>> = {
  PUBLIC: "PUBLIC_TO_EVERYONE",
  EVERYONE: "PUBLIC_TO_EVERYONE",
  PRIVATE: "SELF_ONLY",
  ONLY_ME: "SELF_ONLY",
  SELF: "SELF_ONLY",
  FRIENDS: "MUTUAL_FOLLOW_FRIENDS",
  MUTUAL_FRIENDS: "MUTUAL_FOLLOW_FRIENDS",
  FOLLOWERS: "FOLLOWER_OF_CREATOR",
};

/**
 * A privacy refused: TikTok's four names, where the creator's choices
 * are listed, and the one meant when plain (docs/posting.md#fields). The
 * value given is not repeated (it may be long).
 */
function privacyRefused(input: unknown): string {
  const names = PRIVACY_LEVELS.map((level) => `"${level}"`);
  const said = `privacy is one of ${names.slice(0, -1).join(", ")} or ${
    names.at(-1)
  }, as TikTok names them: pick one of the creator's privacy_level_options (GET /api/tiktok/creator_info; MCP get_creator_info)`;
  if (typeof input !== "string" || input.length > 40) return said;
  const key = input.trim().toUpperCase().replace(/[\s-]+/g, "_");
  const meant = (PRIVACY_LEVELS as readonly string[]).includes(key)
    ? key
    : PRIVACY_MEANT[key];
  return meant === undefined ? said : `${said}; did you mean "${meant}"?`;
}

const privacy = z.enum(PRIVACY_LEVELS, {
  error: (issue) => privacyRefused(issue.input),
});

const MEDIA_TYPE_EXPECTED =
  'expected "VIDEO" or "PHOTO", in capitals (leave it out to post a video)';

/**
 * The refusal of a caption past TikTok's 2200 UTF-16 units, with its own
 * count: a client counting code points (Python's len, Make) sees 1101
 * emoji where TikTok sees 2202 (docs/posting.md#fields).
 */
function titleTooLong(input: unknown): string {
  const units = String(input).length;
  return `title is at most 2200 characters (TikTok's limit, counted in UTF-16 units: most emoji count 2); this one is ${units}: cut ${
    units - 2200
  }`;
}
const TITLE_NOT_UNICODE =
  "title is not valid Unicode: it holds half of a surrogate pair (an emoji cut in two?)";

/** C0 and C1 control characters but tab, line feed and carriage return. */
const CONTROL_CHARACTER =
  // deno-lint-ignore no-control-regex -- matching them is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

function titleControlMessage(title: string): string {
  const at = title.search(CONTROL_CHARACTER);
  const code = title.charCodeAt(at).toString(16).toUpperCase().padStart(4, "0");
  return `title holds a control character (U+${code}, character ${
    at + 1
  }), which TikTok does not show: remove it (line breaks and tabs are fine)`;
}

const postCommon = {
  // TikTok counts UTF-16 units; zod's max() counts code points (an emoji is
  // one code point but two units), so the refine holds TikTok's limit.
  title: z.string().max(2200, {
    error: (issue) => titleTooLong(issue.input),
    abort: true,
  })
    .refine((t) => t.length <= 2200, {
      error: (issue) => titleTooLong(issue.input),
    })
    // A lone surrogate (half an emoji, cut by a client's substring) has no
    // UTF-8 form: TikTok would show U+FFFD instead (docs/posting.md#fields).
    .refine((t) => t.isWellFormed(), TITLE_NOT_UNICODE)
    // A control character (NUL, a stray escape from a template) shows as
    // nothing or a box on TikTok; line breaks and tabs are text.
    .refine((t) => !CONTROL_CHARACTER.test(t), {
      error: (issue) => titleControlMessage(String(issue.input)),
    }).describe(
      "The caption: at most 2200 characters (UTF-16 units, as TikTok counts: most emoji are 2); no link, no stop word, and not a caption this account posted in the last 12 months (an empty caption, or one of only spaces or invisible characters, is never a duplicate)",
    ),
  privacy: privacy.optional().describe(
    "Who can view the post: one of the creator's privacy_level_options (creator_info); left out, the account's default_privacy. Not with post_mode MEDIA_UPLOAD; only SELF_ONLY while the TikTok app is unaudited; branded content cannot be SELF_ONLY",
  ),
  post_mode: z.enum(POST_MODES).default("DIRECT_POST").describe(
    "DIRECT_POST publishes now; MEDIA_UPLOAD sends a draft to the creator's TikTok inbox, to finish in the TikTok app, and takes no privacy, interaction or ad fields (docs/posting.md#drafts)",
  ),
  disable_comment: z.boolean().default(false).describe(
    "Turn comments off for this post (off already when the creator disabled them)",
  ),
  disable_duet: z.boolean().default(false).describe(
    "Turn duets off for this post (videos; off already when the creator disabled them)",
  ),
  disable_stitch: z.boolean().default(false).describe(
    "Turn stitches off for this post (videos; off already when the creator disabled them)",
  ),
  is_ad: z.boolean().default(false).describe(
    "The post promotes a brand, product or service: then set ad_your_brand, ad_branded_content or both",
  ),
  ad_your_brand: z.boolean().default(false).describe(
    "Promotes the creator's own business (TikTok's brand_organic_toggle)",
  ),
  ad_branded_content: z.boolean().default(false).describe(
    "Promotes a third party, a paid partnership (TikTok's brand_content_toggle); not with privacy SELF_ONLY",
  ),
  brand: z.string().max(200).default("").describe(
    "A brand name, kept with the post (TikTok's API has no field for it)",
  ),
};

export const VideoPostBody = z.strictObject({
  // "photo" or "Video" lands here too: the answer names both values.
  media_type: z.literal("VIDEO", { error: MEDIA_TYPE_EXPECTED }).optional(),
  source_url: keptUrl(mediaNotUrl).describe(
    "The video (MP4, MOV or WebM, vertical): the url of one of this account's completed uploads, or a URL on a domain it verified",
  ),
  ...postCommon,
});

/**
 * The room a photo post's URLs may take in all: a post keeps them, as
 * sent, in one KV value (64 KiB) beside their copies' URLs and the caption
 * (docs/api.md#limits-on-every-request). 35 URLs of 4,096 characters each
 * would fit neither; 40,000 leaves room for the rest.
 */
export const PHOTO_URLS_MAX_CHARS = 40_000;

/**
 * The room a URL takes in a KV value: a string holding a character past
 * U+00FF is kept at two bytes a character, every one of them.
 */
function storedLength(url: string): number {
  return /[\u0100-\uffff]/.test(url) ? 2 * url.length : url.length;
}

const PHOTO_URLS_TOO_LONG = `photo_images hold at most ${
  PHOTO_URLS_MAX_CHARS.toLocaleString("en-US")
} characters of URLs in all, a URL holding a character beyond U+00FF (such as ж or 中) counting each of its characters twice (a post keeps them in one record): use shorter URLs, e.g. an album's photo_images (POST /api/uploads/from_url copies an image into one)`;

export const PhotoPostBody = z.strictObject({
  media_type: z.literal("PHOTO", { error: MEDIA_TYPE_EXPECTED }),
  // Missing, null or empty is `too_few_images` ("Missing images or empty
  // array", docs/media.md#photo-mode), checked after the schema: null is how
  // n8n and Make send an expression that found no images. More than 35 is
  // `too_many_images`, also after the schema, whatever their length.
  photo_images: z.array(keptUrl(mediaNotUrl)).nullable()
    .refine(
      (images) =>
        !images || images.length > PHOTO_MAX_IMAGES ||
        images.reduce((n, url) => n + storedLength(url), 0) <=
          PHOTO_URLS_MAX_CHARS,
      PHOTO_URLS_TOO_LONG,
    )
    .optional().describe(
      "The images in order, 1 to 35 JPEG or WebP (at most 1080 px a side): an album's photo_images, or URLs on a domain the account verified",
    ),
  // Any whole number: one out of range, however large, is the contract's
  // cover_out_of_range (lib/posting/media_resolution.ts).
  photo_cover_index: wholeNumber(
    "photo_cover_index",
    `a whole number from 0 to ${
      PHOTO_MAX_IMAGES - 1
    }, the cover's index in photo_images (0 for the first)`,
  ).default(0).describe(
    "The cover: the index in photo_images, from 0",
  ),
  auto_add_music: z.boolean().default(true).describe(
    "Let TikTok add music to the photo post",
  ),
  ...postCommon,
});

/**
 * TikTok's names where PM3K's differ (docs/posting.md#mapping-onto-tiktok):
 * a client following TikTok's docs gets told PM3K's name.
 */
const TIKTOK_NAMES: Readonly<Record<string, string>> = {
  privacy_level: "privacy",
  brand_content_toggle: "ad_branded_content",
  brand_organic_toggle: "ad_your_brand",
  video_url: "source_url",
  description: "title",
};

/** Hints for unknown fields of a direct_post or job body. */
export const POST_FIELD_HINTS: UnknownFieldHints = {
  ...Object.fromEntries(
    Object.entries(TIKTOK_NAMES).map((
      [theirs, ours],
    ) => [theirs, `TikTok's name; this API's field is "${ours}"`]),
  ),
  post_info:
    `TikTok's wrapper; send its fields at the top level by this API's names ("privacy", "ad_branded_content", "ad_your_brand")`,
  source_info:
    `TikTok's wrapper; send "source_url" (video) or "photo_images" (photo) at the top level`,
  photo_images: `a photo field; send "media_type": "PHOTO" with it`,
  photo_cover_index: `a photo field; send "media_type": "PHOTO" with it`,
  auto_add_music: `a photo field; send "media_type": "PHOTO" with it`,
  source_url: `a video field; leave "media_type" out to post a video`,
  // Names a newcomer guesses from these docs or an upload's answer.
  caption: `the caption goes in "title"`,
  url: `the video goes in "source_url" (an upload's "url")`,
  scheduled_at: `a job's time goes in "run_at" (POST /api/jobs)`,
  // Ids an upload or album answer gives, where the post takes their URLs.
  album_id:
    `an album's images go in "photo_images", in order: its photo_images (GET /api/albums/{id}; MCP get_album)`,
  upload_id:
    `the upload's "url" goes in "source_url" (a video) or "photo_images" (an album's images)`,
};

/** Whether `raw` asks for the photo body (`media_type` PHOTO), else video. */
export function choosesPhotoBody(raw: unknown): boolean {
  return (raw as { media_type?: unknown } | null)?.media_type === "PHOTO";
}

/** Picks the photo or the video schema by `media_type`. */
export function directPostSchema(raw: unknown) {
  return choosesPhotoBody(raw) ? PhotoPostBody : VideoPostBody;
}

/**
 * POST /api/caption/check: a caption alone, with direct_post's limits
 * (docs/posting.md#checking-a-caption).
 */
export const CaptionCheckBody = z.strictObject({
  title: postCommon.title.describe(
    "The caption, as it would be sent as direct_post's title",
  ),
});

/** Hints for unknown fields of a caption check: TikTok's name of `title`. */
export const CAPTION_FIELD_HINTS: UnknownFieldHints = {
  description: POST_FIELD_HINTS.description,
  caption: POST_FIELD_HINTS.caption,
};

/**
 * Hints for unknown fields of a job's change (PATCH /api/jobs/{id}): a
 * field of the post other than its caption (privacy, media, settings) is
 * fixed once scheduled, so the hint says what to do instead
 * (docs/scheduling.md#changing-a-job).
 */
export const JOB_CHANGE_FIELD_HINTS: UnknownFieldHints = {
  ...Object.fromEntries(
    Object.keys({ ...VideoPostBody.shape, ...PhotoPostBody.shape })
      .filter((field) => field !== "title")
      .map((field) => [
        field,
        `a scheduled post's ${field} cannot change: cancel the job and schedule it again`,
      ]),
  ),
  description: POST_FIELD_HINTS.description,
  caption: POST_FIELD_HINTS.caption,
  scheduled_at: `the new time goes in "run_at"`,
};

export const StatusBody = z.strictObject({
  publish_id: recordId("publish_id"),
});

/**
 * Hints for unknown fields of a status call: the one id it takes is the
 * publish_id direct_post answered (docs/api.md#limits-on-every-request).
 */
export const STATUS_FIELD_HINTS: UnknownFieldHints = {
  id: `the id goes in "publish_id"`,
  post_id:
    `status takes the "publish_id" direct_post answered; a post_id is listed by GET /api/tiktok/posts`,
  job_id:
    `status takes a "publish_id": GET /api/jobs/{id} answers a job's once it posted`,
  upload_id:
    `status takes the "publish_id" direct_post answered when it posted the upload's url`,
};

export const jobFields = {
  kind: z.literal("tiktok"),
  run_at: rfc3339DateTime(
    "run_at must be a date and time that exist, in ISO 8601 to the second with a zone, e.g. 2026-12-01T12:30:00Z or 2026-12-01T13:30:00+01:00",
  ).describe(
    "When to post: ISO 8601 with a zone, the poster's UTC offset or Z, e.g. 2026-12-05T09:00:00+01:00 for 9:00 at UTC+1 (2026-12-05T08:00:00Z); answered in UTC",
  ),
  if_taken: z.enum(["fail", "next_free"]).optional().describe(
    "When the account's limits refuse run_at (1 post an hour, 10 a day, TikTok's cooldown or daily caps): fail (the default) answers the refusal with next_free_at; next_free schedules at the first free time after run_at instead, and the answer's requested_run_at keeps the time asked for",
  ),
};

/**
 * A direct_post payload, photo or video as `raw` says, plus `fields`: the
 * one switch between the two bodies for every schema built on them. Each
 * is built once per `fields` (a module's constant), so a refusal's
 * "did you mean" reads a schema it has seen (field_suggestion.ts).
 */
export function postBodyWith<F extends z.ZodRawShape>(raw: unknown, fields: F) {
  let built = EXTENDED.get(fields) as ExtendedBodies<F> | undefined;
  if (!built) {
    built = {
      photo: PhotoPostBody.extend(fields),
      video: VideoPostBody.extend(fields),
    };
    EXTENDED.set(fields, built);
  }
  return choosesPhotoBody(raw) ? built.photo : built.video;
}
interface ExtendedBodies<F extends z.ZodRawShape> {
  photo: ReturnType<typeof PhotoPostBody.extend<F>>;
  video: ReturnType<typeof VideoPostBody.extend<F>>;
}
const EXTENDED = new WeakMap<z.ZodRawShape, unknown>();

/** POST /api/jobs: a direct_post payload plus `kind` and `run_at`. */
export function jobSchema(raw: unknown) {
  return postBodyWith(raw, jobFields);
}

/** PATCH /api/jobs/{id}: a new run time and/or caption. */
export const JobPatchBody = z.strictObject({
  run_at: jobFields.run_at.optional().describe(
    "The new run time, ISO 8601 with a zone",
  ),
  title: postCommon.title.optional().describe("The new caption"),
}).refine((b) => b.run_at !== undefined || b.title !== undefined, {
  message: "Give run_at, title or both.",
});

/**
 * A list's page query. Strict like every body: a misspelt `limt` is a 400
 * naming it, not the default page.
 */
function pageQuery(defaultLimit: number) {
  const limitError = "Give limit as a whole number from 1 to 100.";
  return z.strictObject({
    // Digits only: a coerced "0x10", "1e1" or " 16" would page by a number
    // the client never wrote.
    limit: z.preprocess(
      (v) => typeof v === "string" && /^[0-9]{1,3}$/.test(v) ? Number(v) : v,
      z.int({ error: limitError }).min(1, { error: limitError })
        .max(100, { error: limitError }).default(defaultLimit),
    ),
    // The id of the last entry of the page before (kv_keys.ts
    // newestIdsPage): a cursor no list made is refused, never read as the
    // end of the list.
    cursor: z.string().regex(WRITTEN_ULID_OR_EMPTY_PATTERN, {
      error: "This cursor is not valid: pass the cursor of the page before.",
    }).optional(),
  });
}

const stateError = `Give state as one of ${JOB_STATES.join(", ")}.`;

/**
 * GET /api/jobs's query: a page, and `state` to list only the jobs in that
 * state (docs/scheduling.md#listing-and-cancelling).
 */
export const JobListQuery = pageQuery(20).extend({
  state: z.enum(JOB_STATES, { error: stateError }).optional().describe(
    `Only the jobs in this state (${
      JOB_STATES.join(", ")
    }). A page then reads at most ${SHOWN_PAGE_SCAN} jobs: it may hold fewer than limit and still carry a cursor, so read on until cursor is null. A cursor is a position in the list, good with any state or none`,
  ),
});

/** `GET /api/tiktok/posts`: pages as `GET /api/jobs`, 50 by default. */
export const PostListQuery = pageQuery(50);

/** `GET /api/uploads`: pages as `GET /api/jobs`, 50 by default. */
export const UploadListQuery = pageQuery(50);

/** `GET /api/albums`: pages as `GET /api/jobs`, 20 by default. */
export const AlbumListQuery = pageQuery(20);

export const WebhookBody = z.strictObject({
  url: keptUrl(),
});
