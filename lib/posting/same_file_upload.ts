/**
 * Whether an upload just made is a video already posted from another
 * upload (docs/dashboard.md#reused-media): what the compose page's
 * "(already posted)" would say of it after a reload, for the upload card's
 * new video without one. The upload's public JSON carries no digest, so
 * the dashboard asks this instead (routes/dashboard/same_file/[id].ts).
 * @module
 */
import { listUploads } from "../media/upload_list.ts";
import { oldestUploadTime, UPLOADS_LISTED } from "./compose_page_data.ts";
import { POSTED_PAGES, postsSince } from "./post_list.ts";
import type { ListDeps } from "./post_list.ts";
import { samePostedBytes } from "./same_media.ts";

/**
 * True when the upload `uploadId`, one of the composer's videos, has bytes
 * a post of another upload posted, read as the compose page reads them:
 * the posts back to the oldest upload listed. An upload the composer does
 * not list (another account's, gone, or an unknown id) is not one.
 */
export async function postedFromAnotherUpload(
  deps: ListDeps,
  openId: string,
  uploadId: string,
): Promise<boolean> {
  const uploads = await listUploads(deps, openId, UPLOADS_LISTED);
  const upload = uploads.find((u) => u.id === uploadId);
  if (!upload?.sha256) return false;
  // Not null: `upload` is one of them.
  const oldest = oldestUploadTime(uploads)!;
  const { posts } = await postsSince(deps, openId, oldest, POSTED_PAGES);
  return samePostedBytes([upload], posts).length > 0;
}
