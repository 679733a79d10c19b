/**
 * Deleting media before it expires (docs/media.md#deleting-media): an upload
 * or a whole album, its records and objects, as retention would. Media a
 * scheduled post or a post TikTok is still fetching uses is refused with 409:
 * deleting it would make that post fail.
 *
 * The check and the deletion are one decision: the account's job calendar
 * and post quota are read before the check, and the commit that deletes the
 * records checks both unchanged (a job or a post made meanwhile writes one of
 * them), else the check runs again. The commit also writes the account's
 * deletion mark, which posts and jobs check (media_hold.ts), so one
 * resolved before the deletion and committed after it is refused too.
 * @module
 */
import { getManyTyped, keys } from "../kv_keys.ts";
import { AppError } from "../errors.ts";
import type { JobCalendar } from "../jobs/job_record.ts";
import { jobsStillToPost, jobUrls } from "../jobs/scheduled_media.ts";
import { newestPostRecords } from "../posting/post_list.ts";
import { postRequestMayRun } from "../posting/post_duration.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { requireAlbum } from "./albums.ts";
import { getShownUpload } from "./upload_lookup.ts";
import {
  deleteUploadObjects,
  deleteUploadRecords,
  leaveAlbum,
} from "./upload_removal.ts";
import type { UploadRecord } from "./media_record.ts";
import type { PostQuota, PostRecord } from "../posting/post_record.ts";

type DeleteDeps = Pick<
  AppDeps,
  "kv" | "clock" | "storage" | "log" | "config" | "ingestLimits"
>;

/** How many recent posts are looked at for a fetch still running. */
const RECENT_POSTS = 50;

/** How often a deletion decides again after a job or post came between. */
const DECIDE_ATTEMPTS = 10;

/**
 * Whether TikTok may be fetching a post's media now: a pending post, or a
 * reserved one (TikTok is being asked; a FILE_UPLOAD's chunks are read
 * from storage) whose request may still be running.
 */
function mayBeFetching(
  deps: Pick<AppDeps, "clock" | "config" | "ingestLimits">,
  post: PostRecord,
): boolean {
  return post.state === "pending" || postRequestMayRun(deps, post);
}

/**
 * What every job and post of the account writes when it is made: its job
 * calendar (a job's creation) and its post quota (a post's reservation).
 * Read before {@link refuseWhileUsed}, checked by the deletion's commit.
 */
async function readUses(
  deps: Pick<AppDeps, "kv">,
  openId: string,
): Promise<[Deno.KvEntryMaybe<JobCalendar>, Deno.KvEntryMaybe<PostQuota>]> {
  return await deps.kv.getMany<[JobCalendar, PostQuota]>([
    keys.jobCalendar(openId),
    keys.postQuota(openId),
  ]);
}

/**
 * Refuses while a scheduled job or a post in flight uses one of `urls`:
 * the jobs of `calendar`, the account's recent posts.
 * @throws {AppError} 409 `conflict` naming the job (`job_id`, `run_at`) or
 *   the post (`post_id`)
 */
async function refuseWhileUsed(
  deps: Pick<AppDeps, "kv" | "clock" | "config" | "ingestLimits">,
  openId: string,
  urls: string[],
  calendar: JobCalendar | null,
): Promise<void> {
  const used = new Set(urls);
  for (const job of await jobsStillToPost(deps, calendar)) {
    if (jobUrls(job).some((u) => used.has(u))) {
      const runAt = new Date(job.runAt).toISOString();
      throw new AppError(
        "conflict",
        // A job's media cannot be changed (PATCH takes run_at and title):
        // only cancelling it frees this (docs/media.md#deleting-media).
        `A post scheduled for ${runAt} (job ${job.id}) uses this media, and a scheduled post's media cannot be changed: cancel that post first (REST DELETE /api/jobs/${job.id}, MCP cancel_scheduled), then delete this.`,
        { extra: { job_id: job.id, run_at: runAt } },
      );
    }
  }
  for (const post of await newestPostRecords(deps, openId, RECENT_POSTS)) {
    if (
      mayBeFetching(deps, post) &&
      [...post.sourceUrls, ...post.mediaUrls].some((u) => used.has(u))
    ) {
      throw new AppError(
        "conflict",
        "TikTok is still fetching this media for a post: delete it once the post is done.",
        { extra: { post_id: post.id } },
      );
    }
  }
}

/** The 409 once jobs or posts kept coming between check and deletion. */
function tooBusy(): AppError {
  return new AppError(
    "conflict",
    "Posts and jobs of this account kept changing while deleting this media; try again.",
  );
}

/**
 * Deletes one upload (a video, or one image of its album). One past its
 * time is `not_found`, as `GET` answers it (getShownUpload), and is left
 * whole to the retention sweep (docs/media.md#deleting-media).
 * @throws {AppError} 404 for another account's or an expired upload, 409
 *   while used
 */
export async function deleteUpload(
  deps: DeleteDeps,
  openId: string,
  id: string,
): Promise<UploadRecord> {
  for (let attempt = 0; attempt < DECIDE_ATTEMPTS; attempt++) {
    const [calendar, quota] = await readUses(deps, openId);
    const entry = await getShownUpload(deps, openId, id);
    const record = entry.value;
    await refuseWhileUsed(deps, openId, [record.url], calendar.value);
    const op = deleteUploadRecords(
      deps.kv.atomic().check(calendar, quota, entry),
      record,
    ).set(keys.mediaDeletedAt(openId), deps.clock.now());
    await leaveAlbum(deps, op, record);
    if ((await op.commit()).ok) {
      await deleteUploadObjects(deps, record);
      return record;
    }
  }
  throw tooBusy();
}

/**
 * Deletes an album and every image in it, in one commit.
 * @throws {AppError} 404 for another account's album, 409 while used
 */
export async function deleteAlbum(
  deps: DeleteDeps,
  openId: string,
  albumId: string,
): Promise<void> {
  for (let attempt = 0; attempt < DECIDE_ATTEMPTS; attempt++) {
    const [calendar, quota] = await readUses(deps, openId);
    const entry = await requireAlbum(deps, openId, albumId);
    const album = entry.value;
    const images = (await getManyTyped(
      deps.kv,
      [...album.imageIds, ...album.pendingIds].map((id) => keys.upload(id)),
    )).filter((image) => image !== null);
    await refuseWhileUsed(
      deps,
      openId,
      images.map((i) => i.url),
      calendar.value,
    );
    // The album's check: an image started or completed meanwhile changes it.
    // At most 35 images of four keys each: within one commit's mutations.
    const op = deps.kv.atomic().check(calendar, quota, entry);
    for (const image of images) deleteUploadRecords(op, image);
    op.delete(keys.album(album.id))
      .delete(keys.albumByAccount(openId, album.id))
      .delete(keys.mediaExpiry(album.expiresAt, "album", album.id))
      .set(keys.mediaDeletedAt(openId), deps.clock.now());
    if ((await op.commit()).ok) {
      for (const image of images) await deleteUploadObjects(deps, image);
      return;
    }
  }
  throw tooBusy();
}
