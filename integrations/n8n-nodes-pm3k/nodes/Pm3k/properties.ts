import type { INodeProperties } from "n8n-workflow";

/** What the node can do; each maps onto one PM3K endpoint (docs/api.md). */
export type Operation =
  | "upload"
  | "createAlbum"
  | "listUploads"
  | "postVideo"
  | "postPhotos"
  | "schedule"
  | "getStatus"
  | "waitForResult"
  | "getLimits"
  | "getCreatorInfo"
  | "listPosts"
  | "getPostStats"
  | "listScheduled"
  | "cancelScheduled";

const show = (...operation: Operation[]) => ({ show: { operation } });

const operation: INodeProperties = {
  displayName: "Operation",
  name: "operation",
  type: "options",
  noDataExpression: true,
  options: [
    {
      name: "Upload Media",
      value: "upload",
      action: "Upload a video or an image",
      description:
        "Store a file from an earlier node, or from a public URL, in PM3K: its URL is what a post uses",
    },
    {
      name: "Create Album",
      value: "createAlbum",
      action: "Create a photo album",
      description:
        "An album groups the images of one photo post (upload them with its ID)",
    },
    {
      name: "List Uploads",
      value: "listUploads",
      action: "List uploads",
      description:
        "The account's uploads still kept (an album's images go with their album), newest first, one item each: e.g. whether an upload a proxy's 504 hid was made",
    },
    {
      name: "Post Video",
      value: "postVideo",
      action: "Post a video to TikTok",
    },
    {
      name: "Post Photos",
      value: "postPhotos",
      action: "Post a photo carousel to TikTok",
    },
    {
      name: "Schedule Post",
      value: "schedule",
      action: "Schedule a post",
      description: "PM3K posts it at the given time by itself",
    },
    {
      name: "List Scheduled Posts",
      value: "listScheduled",
      action: "List scheduled posts",
      description:
        "The posts Schedule Post gave PM3K that have not run yet (or every one, with its state), one item each",
    },
    {
      name: "Cancel Scheduled Post",
      value: "cancelScheduled",
      action: "Cancel a scheduled post",
      description: "Cancel a post still scheduled, by its job_id",
    },
    {
      name: "Get Status",
      value: "getStatus",
      action: "Get the status of a publish",
    },
    {
      name: "Wait for Result",
      value: "waitForResult",
      action: "Wait until a publish is done or failed",
      description:
        "Polls the status within PM3K's status limits until TikTok is done or failed",
    },
    {
      name: "Get Limits",
      value: "getLimits",
      action: "Get what the account may still do",
      description: "Posts and uploads left today, when a post is next accepted",
    },
    {
      name: "Get Creator Info",
      value: "getCreatorInfo",
      action: "Get who the account is and what it may post",
      description:
        "The privacy levels a post is accepted with now (only Only Me while the PM3K server's TikTok app is not audited: app_audited false), the longest video, and the TikTok account's name",
    },
    {
      name: "List Posts",
      value: "listPosts",
      action: "List recent posts",
      description: "The account's recent posts with their state, one item each",
    },
    {
      name: "Get Post Stats",
      value: "getPostStats",
      action: "Get the views and likes of a post",
      description:
        "Views, likes, comments and shares of a public post on TikTok (kept 10 minutes by PM3K)",
    },
  ],
  default: "postVideo",
};

const upload: INodeProperties[] = [
  {
    displayName: "Source",
    name: "uploadSource",
    type: "options",
    noDataExpression: true,
    options: [
      {
        name: "Binary File",
        value: "binary",
        description:
          "A file an earlier node gives as binary: Read/Write Files from Disk, HTTP Request (Response Format: File), S3 or AWS S3, Google Drive, Dropbox, a form…",
      },
      {
        name: "URL",
        value: "url",
        description:
          "A link PM3K itself fetches from the internet (public https): a direct download, an S3 presigned GET link, or a Google Drive, Dropbox or OneDrive/SharePoint file share link",
      },
    ],
    default: "binary",
    displayOptions: show("upload"),
  },
  {
    displayName: "Input Binary Field",
    name: "binaryPropertyName",
    type: "string",
    default: "data",
    required: true,
    hint:
      "The name of the input binary field holding the file; several, comma-separated, upload one file each (one output item per file), e.g. {{ Object.keys($binary).join(',') }} for every file of the item",
    displayOptions: {
      show: { operation: ["upload"], uploadSource: ["binary"] },
    },
  },
  {
    displayName: "File URL",
    name: "fileUrl",
    type: "string",
    default: "",
    required: true,
    placeholder: "https://example.com/video.mp4",
    description:
      "A link, starting https://, that downloads the file (an S3 presigned GET link, whole, still valid when this node runs), or a Google Drive, Dropbox or OneDrive/SharePoint file share link as the Share button gives it (PM3K fetches its direct download form). PM3K fetches it from the internet, not n8n: a file only n8n reaches (a MinIO beside n8n, plain http), an s3:// URI or an FTP/SFTP path goes as Source: Binary File, from the S3 or FTP node. A link to a web page is refused.",
    displayOptions: { show: { operation: ["upload"], uploadSource: ["url"] } },
  },
  {
    displayName: "Options",
    name: "uploadOptions",
    type: "collection",
    placeholder: "Add Option",
    default: {},
    displayOptions: show("upload"),
    options: [
      {
        displayName: "Album ID",
        name: "albumId",
        type: "string",
        default: "",
        description: "Put an image into this album (for a photo post)",
      },
      {
        displayName: "File Name",
        name: "fileName",
        type: "string",
        default: "",
        description:
          "Name to store a binary file under (default: the binary's own name)",
      },
    ],
  },
];

const mediaType: INodeProperties = {
  displayName: "Media Type",
  name: "mediaType",
  type: "options",
  noDataExpression: true,
  options: [
    { name: "Video", value: "VIDEO" },
    { name: "Photos", value: "PHOTO" },
  ],
  default: "VIDEO",
  displayOptions: show("schedule"),
};

/**
 * Video and photo fields show for their own post operation, and for a
 * schedule of that media type: one property per place (n8n allows the
 * same name twice when the two never show together).
 */
function forMedia(
  media: "VIDEO" | "PHOTO",
  property: INodeProperties,
  extra: Record<string, string[]> = {},
): INodeProperties[] {
  const direct: Operation = media === "VIDEO" ? "postVideo" : "postPhotos";
  return [
    {
      ...property,
      displayOptions: { show: { operation: [direct], ...extra } },
    },
    {
      ...property,
      displayOptions: {
        show: { operation: ["schedule"], mediaType: [media], ...extra },
      },
    },
  ];
}
const postOps = show("postVideo", "postPhotos", "schedule");

const postOptions: INodeProperties = {
  displayName: "Options",
  name: "postOptions",
  type: "collection",
  placeholder: "Add Option",
  default: {},
};

/** Who may interact, and the ad disclosure: set here for direct posts only. */
const directPostOptions: INodeProperties[] = [
  {
    displayName: "Disable Comments",
    name: "disable_comment",
    type: "boolean",
    default: false,
    description:
      "Whether viewers may not comment (what the creator turned off in TikTok stays off anyway)",
  },
  {
    displayName: "Disable Duet",
    name: "disable_duet",
    type: "boolean",
    default: false,
    description: "Whether others may not make a duet with the video",
  },
  {
    displayName: "Disable Stitch",
    name: "disable_stitch",
    type: "boolean",
    default: false,
    description: "Whether others may not stitch the video into theirs",
  },
  {
    displayName: "Is Ad",
    name: "is_ad",
    type: "boolean",
    default: false,
    description:
      "Whether the post promotes a brand, product or service (TikTok's commercial content disclosure); needs Your Brand or Branded Content",
  },
  {
    displayName: "Your Brand",
    name: "ad_your_brand",
    type: "boolean",
    default: false,
    description:
      "Whether it promotes your own business or brand (TikTok's brand_organic_toggle)",
  },
  {
    displayName: "Branded Content",
    name: "ad_branded_content",
    type: "boolean",
    default: false,
    description:
      "Whether it promotes another brand in exchange for something (TikTok's brand_content_toggle); not with privacy Only Me",
  },
  {
    displayName: "Brand",
    name: "brand",
    type: "string",
    default: "",
    description:
      "The brand's name, at most 200 characters: kept with the post in PM3K, not sent to TikTok (its API has no such field)",
  },
];

const idempotencyKeyOption: INodeProperties = {
  displayName: "Idempotency Key",
  name: "idempotencyKey",
  type: "string",
  default: "",
  description:
    "Sent as Idempotency-Key; by default one per n8n instance, execution, node, run of the node (each pass of a loop) and item, so a retried node never posts or schedules twice",
};

const post: INodeProperties[] = [
  mediaType,
  ...forMedia("VIDEO", {
    displayName: "Video URL",
    name: "sourceUrl",
    type: "string",
    default: "={{ $json.url }}",
    required: true,
    description:
      "The URL of an upload of this account (the Upload Media answer's url), or of a verified domain",
  }),
  ...forMedia("PHOTO", {
    displayName: "Images From",
    name: "imagesFrom",
    type: "options",
    noDataExpression: true,
    options: [
      { name: "Album", value: "album", description: "Every image of an album" },
      { name: "URLs", value: "urls", description: "A list of image URLs" },
    ],
    default: "album",
  }),
  ...forMedia("PHOTO", {
    displayName: "Album ID",
    name: "albumId",
    type: "string",
    default: "",
    required: true,
  }, { imagesFrom: ["album"] }),
  ...forMedia("PHOTO", {
    displayName: "Image URLs",
    name: "photoImages",
    type: "string",
    typeOptions: { rows: 3 },
    default: "",
    required: true,
    description:
      "One URL per line (or comma-separated), or an expression giving an array",
  }, { imagesFrom: ["urls"] }),
  {
    displayName: "Caption",
    name: "title",
    type: "string",
    typeOptions: { rows: 4 },
    default: "",
    required: true,
    description: "No links; at most 2200 characters",
    displayOptions: postOps,
  },
  {
    displayName: "Post Mode",
    name: "postMode",
    type: "options",
    options: [
      {
        name: "Direct Post",
        value: "DIRECT_POST",
        description: "Published on TikTok at once",
      },
      {
        name: "Draft (TikTok Inbox)",
        value: "MEDIA_UPLOAD",
        description:
          "Sent to the creator's TikTok inbox, to finish in the TikTok app (caption of a video, privacy, interactions); needs no privacy here",
      },
    ],
    default: "DIRECT_POST",
    displayOptions: postOps,
  },
  {
    displayName: "Privacy",
    name: "privacy",
    type: "options",
    options: [
      { name: "Public to Everyone", value: "PUBLIC_TO_EVERYONE" },
      { name: "Mutual Follow Friends", value: "MUTUAL_FOLLOW_FRIENDS" },
      { name: "Followers of Creator", value: "FOLLOWER_OF_CREATOR" },
      { name: "Only Me", value: "SELF_ONLY" },
    ],
    // No default: who sees the post is chosen, never assumed.
    default: "",
    required: true,
    description:
      "Who can see the post; it must be one the TikTok account offers. Until the PM3K server's TikTok app is audited only Only Me is accepted, to a private TikTok account; Get Creator Info lists the levels accepted now (privacy_level_options).",
    // A draft's privacy is chosen by the creator in TikTok.
    displayOptions: {
      show: { ...postOps.show, postMode: ["DIRECT_POST"] },
    },
  },
  {
    displayName: "Run At",
    name: "runAt",
    type: "dateTime",
    default: "",
    required: true,
    description:
      "When PM3K posts it (within a year). A time without a zone, as the date picker or a sheet gives it (2026-12-05T10:00:00, 12/5/2026 10:00:00, month first), is in the workflow's timezone (Workflow Settings › Timezone, else the n8n instance's)",
    displayOptions: show("schedule"),
  },
  {
    displayName: "If the Time Is Taken",
    name: "whenTaken",
    type: "options",
    options: [
      {
        name: "Fail",
        value: "fail",
        description:
          "Stop with PM3K's refusal, which names the next free time (next_free_at)",
      },
      {
        name: "Use the Next Free Time",
        value: "nextFree",
        description:
          "Schedule it at the first time the account's limits take after Run At (PM3K's next_free_at); the output's run_at is that time and requested_run_at the Run At given",
      },
    ],
    default: "fail",
    description:
      "What to do when the account's posting limits (1 post an hour, 10 a day), TikTok's cooldown or TikTok's daily cap do not take Run At",
    displayOptions: show("schedule"),
  },
  ...forMedia("PHOTO", {
    displayName: "Photo Options",
    name: "photoOptions",
    type: "collection",
    placeholder: "Add Option",
    default: {},
    options: [
      {
        displayName: "Cover Index",
        name: "photo_cover_index",
        type: "number",
        default: 0,
        typeOptions: { minValue: 0 },
        description: "Which image is the cover, counted from 0",
      },
      {
        displayName: "Auto Add Music",
        name: "auto_add_music",
        type: "boolean",
        default: true,
        description: "Whether TikTok adds recommended music to the photos",
      },
    ],
  }),
  // The same "Options" once per post mode (never two shown together): a
  // draft cannot carry the interaction and disclosure settings, which the
  // creator sets in TikTok (PM3K refuses them: docs/posting.md#drafts), so
  // a draft's Options hold only the Idempotency Key. n8n keeps only the
  // options of the one shown, so none set before switching to Draft is sent.
  {
    ...postOptions,
    options: [...directPostOptions, idempotencyKeyOption],
    displayOptions: {
      show: {
        operation: ["postVideo", "postPhotos", "schedule"],
        postMode: ["DIRECT_POST"],
      },
    },
  },
  {
    ...postOptions,
    options: [idempotencyKeyOption],
    displayOptions: {
      show: {
        operation: ["postVideo", "postPhotos", "schedule"],
        postMode: ["MEDIA_UPLOAD"],
      },
    },
  },
];

const status: INodeProperties[] = [
  {
    displayName: "Publish ID",
    name: "publishId",
    type: "string",
    default: "={{ $json.publish_id }}",
    required: true,
    displayOptions: show("getStatus", "waitForResult"),
  },
  {
    displayName: "Poll Every (Seconds)",
    name: "pollSeconds",
    type: "number",
    default: 15,
    typeOptions: { minValue: 3 },
    description:
      "Pause between status calls: at least 3 s (PM3K allows 20 a minute)",
    displayOptions: show("waitForResult"),
  },
  {
    displayName: "Maximum Wait (Seconds)",
    name: "maxWaitSeconds",
    type: "number",
    default: 600,
    typeOptions: { minValue: 3 },
    description:
      "Fail when still pending after this long; the polls are spread so that one wait makes at most 40 status calls (PM3K's hourly cap)",
    displayOptions: show("waitForResult"),
  },
];

/** The operations with n8n's Return All / Limit pair. */
const listOps: Operation[] = ["listPosts", "listScheduled", "listUploads"];

/**
 * n8n's Return All / Limit pair, as its own list operations have it; the
 * node pages through PM3K's cursor for more than one page (100) of posts,
 * jobs or uploads.
 */
const list: INodeProperties[] = [
  {
    displayName: "Return All",
    name: "returnAll",
    type: "boolean",
    default: false,
    description: "Whether to return all results or only up to a given limit",
    displayOptions: show(...listOps),
  },
  {
    displayName: "Limit",
    name: "limit",
    type: "number",
    default: 50,
    typeOptions: { minValue: 1 },
    description: "Max number of results to return",
    displayOptions: {
      show: { operation: listOps, returnAll: [false] },
    },
  },
];

const stats: INodeProperties[] = [
  {
    displayName: "Post ID",
    name: "postId",
    type: "string",
    default: "={{ $json.post_id }}",
    required: true,
    description:
      "The post_id of a post, as List Posts gives it. A post with no counts (private, a draft, not yet published) answers stats empty and unavailable saying why.",
    displayOptions: show("getPostStats"),
  },
];

/** List Scheduled Posts and Cancel Scheduled Post (docs/scheduling.md). */
const jobs: INodeProperties[] = [
  {
    displayName: "Still Scheduled Only",
    name: "scheduledOnly",
    type: "boolean",
    default: true,
    description:
      "Whether to list only the posts not yet run (state scheduled), the ones that can be cancelled; off, every scheduled post of the last 30 days with its state (publishing, posted, failed, cancelled)",
    displayOptions: show("listScheduled"),
  },
  {
    displayName: "Job ID",
    name: "jobId",
    type: "string",
    default: "={{ $json.job_id }}",
    required: true,
    description:
      "The job_id of the scheduled post, as Schedule Post and List Scheduled Posts give it",
    displayOptions: show("cancelScheduled"),
  },
];

export const properties: INodeProperties[] = [
  operation,
  ...upload,
  ...post,
  ...status,
  ...list,
  ...stats,
  ...jobs,
];
