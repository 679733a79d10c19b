/**
 * Deleting media before it expires (docs/media.md#deleting-media): an upload
 * or a whole album, its objects and records, as retention would. Media a
 * scheduled post or a post TikTok is still fetching uses is refused with 409:
 * deleting it would make that post fail.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { AppError } from "../errors.ts";
import type { JobCalendar, JobRecord } from "../jobs/job_record.ts";
import { newestPostRecords } from "../posting/post_list.ts";
import { postMaxDurationMs } from "../posting/post_duration.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { discardUpload, getOwnUpload, requireAlbum } from "./uploads.ts";
import type { UploadRecord } from "./media_record.ts";
import type { PostRecord } from "../posting/post_record.ts";

type DeleteDeps = Pick<
  AppDeps,
  "kv" | "clock" | "storage" | "log" | "config" | "ingestLimits"
>;

/** How many recent posts are looked at for a fetch still running. */
const RECENT_POSTS = 50;

/** The media URLs of a job's post. */
function jobUrls(job: JobRecord): string[] {
  return job.input.kind === "video"
    ? [job.input.sourceUrl]
    : job.input.photoImages ?? [];
}

/**
 * Whether TikTok may be fetching a post's media now: a pending post, or a
 * reserved one (TikTok is being asked; a FILE_UPLOAD's chunks are read
 * from storage) whose request may still be running.
 */
function mayBeFetching(
  deps: Pick<AppDeps, "clock" | "config" | "ingestLimits">,
  post: PostRecord,
): boolean {
  return post.state === "pending" ||
    post.state === "reserved" &&
      post.createdAt > deps.clock.now() - postMaxDurationMs(deps);
}

/**
 * Refuses while a scheduled job or a post in flight uses one of `urls`.
 * @throws {AppError} 409 `conflict` naming the job (`job_id`, `run_at`) or
 *   the post (`post_id`)
 */
async function refuseWhileUsed(
  deps: Pick<AppDeps, "kv" | "clock" | "config" | "ingestLimits">,
  openId: string,
  urls: string[],
): Promise<void> {
  const used = new Set(urls);
  const calendar = (await getTyped(deps.kv, keys.jobCalendar(openId)))
    .value as JobCalendar | null;
  const ids = (calendar?.entries ?? []).map((e) => e.jobId);
  for (let i = 0; i < ids.length; i += 10) {
    const jobs = await deps.kv.getMany<JobRecord[]>(
      ids.slice(i, i + 10).map((id) => keys.job(id)),
    );
    for (const { value: job } of jobs) {
      if (job?.state !== "scheduled" && job?.state !== "publishing") continue;
      if (jobUrls(job).some((u) => used.has(u))) {
        const runAt = new Date(job.runAt).toISOString();
        throw new AppError(
          "conflict",
          `A post scheduled for ${runAt} uses this media: cancel or change it first.`,
          { extra: { job_id: job.id, run_at: runAt } },
        );
      }
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

/**
 * Deletes one upload (a video, or one image of its album).
 * @throws {AppError} 404 for another account's upload, 409 while used
 */
export async function deleteUpload(
  deps: DeleteDeps,
  openId: string,
  id: string,
): Promise<UploadRecord> {
  const record = (await getOwnUpload(deps, openId, id)).value;
  await refuseWhileUsed(deps, openId, [record.url]);
  await discardUpload(deps, record);
  return record;
}

/**
 * Deletes an album and every image in it.
 * @throws {AppError} 404 for another account's album, 409 while used
 */
export async function deleteAlbum(
  deps: DeleteDeps,
  openId: string,
  albumId: string,
): Promise<void> {
  const album = (await requireAlbum(deps, openId, albumId)).value;
  const ids = [...album.imageIds, ...album.pendingIds];
  const images: UploadRecord[] = [];
  for (let i = 0; i < ids.length; i += 10) {
    const batch = await deps.kv.getMany<UploadRecord[]>(
      ids.slice(i, i + 10).map((id) => keys.upload(id)),
    );
    for (const e of batch) if (e.value) images.push(e.value);
  }
  await refuseWhileUsed(deps, openId, images.map((i) => i.url));
  for (const image of images) {
    // The album goes below: no need to update its lists image by image.
    await discardUpload(deps, { ...image, albumId: null });
  }
  await deps.kv.atomic()
    .delete(keys.album(album.id))
    .delete(keys.albumByAccount(openId, album.id))
    .delete(keys.mediaExpiry(album.expiresAt, "album", album.id))
    .commit();
}
