/**
 * What the compose page shows of an account (docs/dashboard.md#compose):
 * its uploads (the composer's videos), its posts and jobs, which uploads
 * were posted and which media its jobs still to post will use, read in one
 * place so the page's route only turns them into JSON.
 * @module
 */
import { listJobs } from "../jobs/jobs.ts";
import type { JobCalendar, JobRecord } from "../jobs/job_record.ts";
import { publishSnapshots } from "../jobs/job_views.ts";
import {
  accountCalendar,
  scheduledMediaUrls,
} from "../jobs/scheduled_media.ts";
import type { UploadRecord } from "../media/media_record.ts";
import { listUploads } from "../media/upload_list.ts";
import { firstPostIdBelow, newestAndSince, POSTED_PAGES } from "./post_list.ts";
import type { ListDeps } from "./post_list.ts";
import type { ListedPost, PublishSnapshot } from "./post_record.ts";
import { recentPublishTime } from "./publish_time.ts";
import type { PublishTime } from "./publish_time.ts";

/** The uploads read: the composer's videos, whose newest the card lists. */
export const UPLOADS_LISTED = 20;

/**
 * The posts and jobs listed: the 50 newest, as the posts page and the
 * lists' own refresh read them (GET /api/tiktok/posts' default page).
 */
const LISTED = 50;

/**
 * When the oldest of `uploads` was made, or null when there are none: a
 * post made before it cannot have used any of them, so the posts that say
 * which were posted are read back to it.
 */
export function oldestUploadTime(uploads: UploadRecord[]): number | null {
  if (uploads.length === 0) return null;
  return Math.min(...uploads.map((u) => u.createdAt));
}

/** The compose page's records of one account. */
export interface ComposePageData {
  uploads: UploadRecord[];
  /**
   * The posts back to the oldest upload listed (and perhaps a few older),
   * which say which uploads were posted; `complete` is false when they do
   * not reach back that far.
   */
  postsSinceUploads: { posts: ListedPost[]; complete: boolean };
  /** Media the account's jobs still to post will use (scheduled_media.ts). */
  scheduledVideos: string[];
  /** The newest posts. */
  posts: ListedPost[];
  /** The newest post below those listed, where "Older posts" opens; or null. */
  olderPost: string | null;
  /** How long the account's newest published posts took (publish_time.ts). */
  publishTime: PublishTime | null;
  /** The newest jobs, each with its post's publish snapshot when it has one. */
  jobs: JobRecord[];
  snapshots: Map<string, PublishSnapshot>;
  /**
   * The account's job calendar, read once for the media its jobs still to
   * post will use and for what posted a failed post again
   * (lib/posting/posted_again.ts, with `posts`).
   */
  calendar: JobCalendar | null;
}

/** Reads the compose page's records of `openId`. */
export async function composePageData(
  deps: ListDeps,
  openId: string,
): Promise<ComposePageData> {
  const uploads = await listUploads(deps, openId, UPLOADS_LISTED);
  const { jobs } = await listJobs(deps, openId, { limit: LISTED });
  const snapshots = await publishSnapshots(deps, jobs);
  // Only a post made after an upload can have used it: the posts back to
  // the oldest upload listed say which of them were posted. One read
  // gives both them and the newest posts (docs/dashboard.md#freshness).
  const { newest, since } = await newestAndSince(
    deps,
    openId,
    LISTED,
    oldestUploadTime(uploads),
    POSTED_PAGES,
  );
  const calendar = await accountCalendar(deps, openId);
  return {
    uploads,
    postsSinceUploads: since,
    scheduledVideos: [...await scheduledMediaUrls(deps, calendar, jobs)],
    posts: newest.posts,
    olderPost: newest.cursor
      ? await firstPostIdBelow(deps, openId, newest.cursor)
      : null,
    publishTime: recentPublishTime(newest.posts),
    jobs,
    snapshots,
    calendar,
  };
}
