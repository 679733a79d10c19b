/**
 * The MCP server's media tools (docs/mcp.md#media): uploads (from a URL,
 * or a file on the agent's machine through the signed-URL flow), Photo
 * Mode albums, listing and deleting. Each calls the domain function of its
 * REST route, with the REST route's checks and answers.
 * @module
 */
import { z } from "zod";
import { recordId } from "../http/record_id.ts";
import {
  AlbumListQuery,
  AlbumRetainBody,
  CreateUploadBody,
  FROM_URL_FIELD_HINTS,
  UploadFromUrlBody,
  UploadListQuery,
} from "../http/api_schemas.ts";
import {
  AlbumDeletedResponse,
  AlbumListResponse,
  AlbumResponse,
  CompletedUploadResponse,
  DomainJson,
  StartedUploadResponse,
  UploadDeletedResponse,
  UploadListResponse,
  UploadResponse,
} from "../http/api_responses.ts";
import { validateBody } from "../http/json_body.ts";
import { domainJson } from "../http/domain_json.ts";
import { listDomains, verificationContent } from "../domains/domains.ts";
import { newUploadInput } from "../http/upload_input.ts";
import {
  albumJson,
  completedUploadJson,
  startedUploadJson,
  uploadJson,
} from "../http/media_json.ts";
import { uploadFromUrl } from "../media/upload_from_url.ts";
import { createUpload } from "../media/upload_start.ts";
import { completeUpload } from "../media/upload_completion.ts";
import { uploadPage } from "../media/upload_list.ts";
import { getShownUpload } from "../media/upload_lookup.ts";
import { NEXT_CURSOR, pageArguments } from "./mcp_pages.ts";
import {
  ALBUM_DEFAULT_TTL_MS,
  albumPage,
  createAlbum,
  getAlbumWithImages,
  retainAlbum,
} from "../media/albums.ts";
import { deleteAlbum, deleteUpload } from "../media/media_deletion.ts";
import {
  CHANGES,
  CREATES,
  DESTROYS,
  NoArguments,
  READS,
  tool,
} from "./mcp_tool.ts";
import type { McpTool } from "./mcp_tool.ts";
import { RETRIES } from "./mcp_idempotency.ts";
import { idHints } from "./mcp_id_hints.ts";
import { SERVICE } from "./service_named.ts";
import { PLAN_IDS, PLANS } from "../plans.ts";
import { spokenDuration } from "../site/spoken_duration.ts";
import { HOUR_MS } from "../time_units.ts";

const StartUploadArguments = z.strictObject({
  ...CreateUploadBody.shape,
  filename: CreateUploadBody.shape.filename.describe(
    "The file's name, e.g. clip.mp4",
  ),
  content_type: CreateUploadBody.shape.content_type.describe(
    "video/mp4, video/quicktime or video/webm; with album_id image/jpeg or image/webp",
  ),
  size: CreateUploadBody.shape.size.describe(
    "The file's exact size in bytes (e.g. `wc -c < clip.mp4`)",
  ),
  album_id: CreateUploadBody.shape.album_id.describe(
    "The album (create_album) to add the image to; without one, the file is a video",
  ),
});

const UploadArguments = z.strictObject({
  upload_id: recordId("upload_id").describe(
    "The upload_id start_upload, complete_upload, upload_media_from_url or list_uploads gave",
  ),
});

const AlbumArguments = z.strictObject({
  album_id: AlbumRetainBody.shape.album_id.describe(
    "The album_id create_album or list_albums gave",
  ),
});

const ONCE_PER_ALBUM =
  "An album keeps each file once: the same file (name, size and bytes) sent again answers the image already in it, with already_in_album true, and adds and counts nothing (so a retried image is never posted twice; the same picture under another name is a new image). Tell the user when an image they gave was already in the album.";

/**
 * The largest file an upload takes, by plan (lib/plans.ts): an agent
 * reads the account's plan from get_account (get_limits does not say it).
 */
const FILE_SIZE =
  `The largest file depends on the account's plan (get_account's plan): ${
    PLAN_IDS.map((id) =>
      `${PLANS[id].maxFileBytes / 1_000_000} MB on ${PLANS[id].name}`
    )
      .join(", ")
  }; a larger one is refused with file_too_large.`;

/** How long an album lives unless retained (lib/media/albums.ts). */
export const ALBUM_LIFE = spokenDuration(ALBUM_DEFAULT_TTL_MS);

/** How long retain_album keeps an album, by plan (lib/plans.ts). */
const KEPT_BY_PLAN = PLAN_IDS.map((id) =>
  `${spokenDuration(PLANS[id].storageTtlHours * HOUR_MS)} on ${PLANS[id].name}`
).join(", ");

const IN_USE =
  "Refused with conflict while a scheduled post uses it (the refusal's job_id: cancel_scheduled it first; change_scheduled does not change a job's media) or a post TikTok is still fetching does. The day's upload count does not go down. Called again after a lost answer, not_found means it is already deleted.";

/**
 * list_domains' domain: REST's without what proves the domain is the
 * account's (`token`, `file_content`, the file's name and address). An
 * agent explains a refusal with it; adding and verifying a domain stay set-up
 * tasks of the dashboard or REST (docs/mcp.md#media).
 */
const ListedDomain = DomainJson.pick({
  domain: true,
  verified: true,
  verified_at: true,
  last_error: true,
  last_checked_at: true,
});

/**
 * A failed check's reason without the token: "does not contain the
 * expected text" quotes the file's content, which holds it.
 */
function withoutToken(reason: string, token: string): string {
  return reason
    .replaceAll(
      ` "${verificationContent(token)}"`,
      " (the dashboard shows the text to put in the file)",
    )
    .replaceAll(token, "…");
}

const DomainListAnswer = z.object({
  ok: z.literal(true),
  domains: z.array(ListedDomain).describe(
    "The account's domains, verified or not, in the order of their names",
  ),
});

export const MEDIA_TOOLS: readonly McpTool[] = [
  tool({
    name: "upload_media_from_url",
    title: "Upload media from a URL",
    description:
      `${SERVICE} fetches a public URL into its storage as an upload (POST /api/uploads/from_url) and answers it: its url is the source_url for post_video or schedule_post. The URL must download the file (an S3 presigned link, a file on a CDN…) or be a Google Drive, Dropbox or OneDrive/SharePoint file share link, which ${SERVICE} fetches in its direct download form; a web page in place of the file is refused as unsupported_file_type, saying how to get a download link. For a photo post, create_album first and give its album_id: the file is then a JPEG or WebP image (at most 1080 px a side) of the album. The bytes tell the type. Counts as one upload of the day (an album's images count with their album). ${ONCE_PER_ALBUM} For a file on your own machine, use start_upload. ${FILE_SIZE} A copy can take minutes: give a progressToken (the request's _meta) to get progress notifications while it runs (bytes copied), and keep waiting while they come. ${RETRIES}`,
    input: UploadFromUrlBody,
    output: CompletedUploadResponse,
    hints: FROM_URL_FIELD_HINTS,
    annotations: CREATES,
    idempotent: "MCP tool upload_media_from_url",
    stoppable: true,
    async run({ deps, account, onProgress, signal }, body) {
      return completedUploadJson(
        await uploadFromUrl(deps, account.openId, {
          url: body.url,
          albumId: body.album_id,
          onProgress,
          signal,
        }),
      );
    },
  }),
  tool({
    name: "start_upload",
    title: "Start uploading a local file",
    description:
      `Step 1 of 3 to upload a file on your machine (POST /api/uploads): give its filename, content_type and exact size. Answers upload_id and upload_url, a signed URL valid until expires_at (one hour) that needs no key. Step 2: PUT the file's bytes to upload_url with exactly the answer's headers, e.g. \`curl -sS --fail-with-body -X PUT -H "Content-Type: video/mp4" --upload-file clip.mp4 "<upload_url>"\` (quote the URL). Step 3: complete_upload with the upload_id; its answer's url (named for the type the bytes are, whatever was declared) is then the source_url (or, with album_id, one of photo_images). Counts as one upload of the day (an album's images count with their album). ${FILE_SIZE} ${RETRIES}`,
    input: StartUploadArguments,
    output: StartedUploadResponse,
    annotations: CREATES,
    idempotent: "MCP tool start_upload",
    parse: (args) => validateBody(args, CreateUploadBody),
    async run({ deps, account }, body) {
      return startedUploadJson(
        await createUpload(deps, account, newUploadInput(body)),
      );
    },
  }),
  tool({
    name: "complete_upload",
    title: "Finish uploading a local file",
    description:
      `Step 3 of start_upload, once the bytes were PUT to its upload_url (POST /api/uploads/{id}/complete): checks what arrived (the declared size, the type by its bytes, the plan's limits; a video must be vertical and not longer than the creator may post) and answers the upload with its url, the source_url for post_video or schedule_post (an album image's url is one of the album's photo_images). A refusal (upload_not_received, size_mismatch, unsupported_file_type…) deletes the upload: start again. ${ONCE_PER_ALBUM} Then the answer's upload_id is that image's, and start_upload's upload_id is gone.`,
    input: UploadArguments,
    output: CompletedUploadResponse,
    // Not idempotent: a refusal deletes the upload, so a second call with
    // the same upload_id answers not_found (docs/mcp.md#tools).
    hints: idHints("upload_id"),
    annotations: CREATES,
    async run({ deps, account }, { upload_id }) {
      return completedUploadJson(
        await completeUpload(deps, account, upload_id),
      );
    },
  }),
  tool({
    name: "create_album",
    title: "Create a photo album",
    description:
      `Creates an empty Photo Mode album for a photo carousel (POST /api/albums). Then add 1 to 35 JPEG or WebP images (at most 1080 px a side) with upload_media_from_url or start_upload, giving its album_id, and post the album's photo_images (get_album lists them in order) with post_photos or schedule_post (media_type PHOTO). Counts as one upload of the day. It lives ${ALBUM_LIFE} (longer while a scheduled post uses it); retain_album keeps it longer. ${RETRIES}`,
    input: NoArguments,
    output: AlbumResponse,
    annotations: CREATES,
    idempotent: "MCP tool create_album",
    async run({ deps, account }) {
      return albumJson(await createAlbum(deps, account), []);
    },
  }),
  tool({
    name: "retain_album",
    title: "Keep a photo album longer",
    description:
      `Keeps an album and its images for the plan's full storage time from now (POST /api/album/retain; the dashboard's "Upload only (get link)"): ${KEPT_BY_PLAN} (get_account's plan). An album otherwise lives ${ALBUM_LIFE} from create_album, so retain one whose photo_images are to be posted later (by post_photos, or outside ${SERVICE}) or shared as links; a scheduled post keeps its album by itself. Answers the album, retained true and its new expires_at (UTC), which is also each image's. Called again, it keeps it from now again, never shorter. An album deleted or expired (its expires_at passed) is not_found: create_album again and upload the images again.`,
    input: AlbumArguments,
    output: AlbumResponse,
    hints: idHints("album_id"),
    annotations: { ...CHANGES, idempotentHint: true },
    async run({ deps, account }, { album_id }) {
      const { album, images } = await retainAlbum(deps, account, album_id);
      return albumJson(album, images);
    },
  }),
  tool({
    name: "get_album",
    title: "One photo album",
    description:
      "An album with its completed images (GET /api/albums/{id}): photo_images, in the order their uploads were started, is ready for post_photos; pending_count counts images still uploading.",
    input: AlbumArguments,
    output: AlbumResponse,
    hints: idHints("album_id"),
    annotations: READS,
    async run({ deps, account }, { album_id }) {
      const { album, images } = await getAlbumWithImages(
        deps,
        account.openId,
        album_id,
      );
      return albumJson(album, images);
    },
  }),
  tool({
    name: "get_upload",
    title: "One upload",
    description:
      "One upload by its upload_id (GET /api/uploads/{id}), a video or an album's image, pending or complete, which list_uploads (completed videos only) does not all show: state pending means complete_upload has not accepted it yet (PUT the bytes to start_upload's upload_url if not done, then complete_upload; a pending upload is deleted at its expires_at), complete that its url is ready to post until expires_at (UTC). Answers its url, kind, size, album_id and, once complete, width, height and duration_sec. An upload deleted, expired or refused at completion is not_found.",
    input: UploadArguments,
    output: UploadResponse,
    hints: idHints("upload_id"),
    annotations: READS,
    async run({ deps, account }, { upload_id }) {
      const entry = await getShownUpload(deps, account.openId, upload_id);
      return uploadJson(entry.value);
    },
  }),
  tool({
    name: "list_uploads",
    title: "Uploaded videos",
    description:
      "The account's live uploads (videos; album images are listed with their album by list_albums), newest first, with url and expires_at (GET /api/uploads). Pass the answer's cursor for the next page.",
    input: pageArguments(UploadListQuery, "uploads", 50),
    output: UploadListResponse.safeExtend({ cursor: NEXT_CURSOR }),
    annotations: READS,
    async run({ deps, account }, query) {
      const page = await uploadPage(deps, account.openId, query);
      return { uploads: page.uploads.map(uploadJson), cursor: page.cursor };
    },
  }),
  tool({
    name: "list_albums",
    title: "Photo albums",
    description:
      "The account's live albums, newest first, each with its photo_images (GET /api/albums); an album with no image yet is listed too (image_count 0). Pass the answer's cursor for the next page.",
    input: pageArguments(AlbumListQuery, "albums", 20),
    output: AlbumListResponse.safeExtend({ cursor: NEXT_CURSOR }),
    annotations: READS,
    async run({ deps, account }, query) {
      const page = await albumPage(deps, account.openId, query);
      return {
        albums: page.albums.map(({ album, images }) =>
          albumJson(album, images)
        ),
        cursor: page.cursor,
      };
    },
  }),
  tool({
    name: "delete_upload",
    title: "Delete an upload",
    description:
      `Deletes an upload now, its file and record (DELETE /api/uploads/{id}); an album image leaves its album. ${IN_USE}`,
    input: UploadArguments,
    output: UploadDeletedResponse,
    hints: idHints("upload_id"),
    annotations: DESTROYS,
    async run({ deps, account }, { upload_id }) {
      const record = await deleteUpload(deps, account.openId, upload_id);
      return { deleted: true as const, upload_id: record.id };
    },
  }),
  tool({
    name: "delete_album",
    title: "Delete a photo album",
    description:
      `Deletes an album and all its images now (DELETE /api/albums/{id}). ${IN_USE}`,
    input: AlbumArguments,
    output: AlbumDeletedResponse,
    hints: idHints("album_id"),
    annotations: DESTROYS,
    async run({ deps, account }, { album_id }) {
      await deleteAlbum(deps, account.openId, album_id);
      return { deleted: true as const, album_id };
    },
  }),
  tool({
    name: "list_domains",
    title: "Verified domains",
    description:
      `The domains the account added (GET /api/domains, without the verification token): a post's source_url or photo_images may be a file on one that is verified (verified true; its subdomains too) without uploading it first; any other URL is refused with domain_not_verified. A domain with verified false is not verified yet or failed its check: last_error says why and last_checked_at when. Use it to tell the user why a URL was refused, or to upload the file first with upload_media_from_url; adding and verifying a domain is done by the user in ${SERVICE}'s dashboard settings (or POST /api/domains), not here.`,
    input: NoArguments,
    output: DomainListAnswer,
    annotations: READS,
    async run({ deps, account }) {
      const domains = await listDomains(deps, account.openId);
      return {
        domains: domains.map((d) => {
          const { domain, verified, verified_at, last_error, last_checked_at } =
            domainJson(d, deps.allowLoopback);
          return {
            domain,
            verified,
            verified_at,
            last_error: last_error === null
              ? null
              : withoutToken(last_error, d.token),
            last_checked_at,
          };
        }),
      };
    },
  }),
];
