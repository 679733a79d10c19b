/**
 * Scheduled posts (docs/scheduling.md#creating-a-job; how they run:
 * docs/scheduling.md#how-jobs-run): creation validates like direct_post at
 * once and holds the run time against 1 post/hour and 10 posts/day across
 * the account's other jobs and posts (one atomic step on the account's
 * calendar, checked against the deletion of its media since it was
 * validated); list, get and cancel.
 * @module
 */
import { ulid } from "ulid";
import {
  getManyTyped,
  getTyped,
  keys,
  newestIdsPage,
  newestShownPage,
} from "../kv_keys.ts";
import { expireInUntil } from "../kv_expiry.ts";
import { AppError } from "../errors.ts";
import { notFoundAs } from "../posting/id_kinds.ts";
import type { Account } from "../accounts/account_record.ts";
import { preparePost, privacyUsedBy } from "../posting/direct_post.ts";
import type { DirectPostInput } from "../posting/direct_post_input_record.ts";
import { captionMarkOf, hasCaptionMark } from "../posting/caption_marks.ts";
import { discardCopies } from "../posting/media_resolution.ts";
import type { MediaMemo } from "../posting/media_resolution.ts";
import { confirmMediaLive } from "../posting/media_hold.ts";
import type { MediaHold } from "../posting/media_hold.ts";
import {
  captionDuplicateError,
  DAY_MS,
  liveMark,
  videoDuplicateError,
} from "../posting/post_reservation.ts";
import type { PostQuota, TikTokCooldown } from "../posting/post_record.ts";
import {
  jobSlotConflict,
  liveCalendarEntries,
} from "../posting/posting_calendar.ts";
import type { PreparePostDeps, PrivacyUsed } from "../posting/direct_post.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { logFailure } from "../runtime/logger.ts";
import { pauseAfterLostCommit } from "../kv_contention.ts";
import { keepMedia } from "../media/retention.ts";
import type {
  JobCalendar,
  JobRecord,
  JobState,
  ScheduledJob,
} from "./job_record.ts";
import { scheduledDuplicate } from "../posting/scheduled_duplicates.ts";
import { bytesMarkOf } from "../posting/same_media.ts";
import type { JobMarks } from "../posting/scheduled_duplicates.ts";
import type { OnCopyProgress } from "../media/copy_progress.ts";

/** How far ahead a job may be scheduled. */
export const MAX_SCHEDULE_AHEAD_MS = 365 * DAY_MS;

/**
 * How many jobs an account may hold scheduled at once (a month at 8 a
 * day; docs/scheduling.md#creating-a-job): their run times share one
 * calendar, one KV value (64 KiB), which about 270 entries fill (each
 * with a fingerprint, a caption mark and a bytes mark, job_record.ts).
 */
export const MAX_SCHEDULED_JOBS = 250;

/**
 * A job is kept this long after it settles (posted, failed, cancelled), or
 * after its run time while it waits, then KV collects it
 * (docs/scheduling.md#listing-and-cancelling).
 */
export const JOB_KEPT_MS = 30 * DAY_MS;

/**
 * `expireIn` for a job's record and list entry written at `now`: kept
 * {@link JOB_KEPT_MS} after it settles, or after its run time until then.
 */
export function jobExpiry(
  job: Pick<JobRecord, "state" | "runAt" | "updatedAt">,
  now: number,
): { expireIn: number } {
  const settled = job.state === "posted" || job.state === "failed" ||
    job.state === "cancelled";
  const from = settled ? job.updatedAt : Math.max(job.runAt, job.updatedAt);
  return { expireIn: expireInUntil(from + JOB_KEPT_MS, now) };
}

/** What scheduling uses: preparing the post, then its wake-up message. */
export type CreateJobDeps = PreparePostDeps & Pick<AppDeps, "enqueueJob">;

/**
 * A job due within this long of being made or moved may be due before a
 * run-jobs tick hands it to a runner (each tick takes the minute after it):
 * it gets a queue message at its run_at. Later jobs are left to the ticks,
 * which every process runs, so a minute with thousands of due jobs does
 * not also deliver thousands of queue messages, each a few commits on the
 * KV file (docs/scheduling.md#how-jobs-run).
 */
export const WAKE_MESSAGE_WITHIN_MS = 2 * 60_000;

/**
 * The queue message of a job due soon ({@link WAKE_MESSAGE_WITHIN_MS});
 * without it the ticks still find the job in the due index.
 */
export async function wakeSoonJob(
  deps: Pick<AppDeps, "enqueueJob" | "log">,
  job: Pick<JobRecord, "id" | "openId" | "runAt">,
  now: number,
): Promise<void> {
  const wait = job.runAt - now;
  if (wait > WAKE_MESSAGE_WITHIN_MS) return;
  await deps.enqueueJob?.(job.id, wait).catch(
    logFailure(deps.log, "enqueueing a scheduled job's run", {
      open_id: job.openId,
      job_id: job.id,
    }),
  );
}

/**
 * Every check a job's post and run time pass before they are stored, for a
 * new job and for a changed one alike (docs/scheduling.md#changing-a-job):
 * run_at, direct_post's checks (caption, media, the creator's rules),
 * duplicates of what was posted or is scheduled, and the plan keeping the
 * media until the run.
 * Returns the hold on the media (media_hold.ts) a commit storing the
 * job checks, the marks its calendar entry keeps (a video or caption
 * already scheduled is refused, scheduled_duplicates.ts), and who can view
 * the post as checked now (a default privacy is the run's default then).
 * @throws {AppError} direct_post's errors, `bad_request` for run_at
 */
export async function checkJobPost(
  deps: CreateJobDeps,
  account: Account,
  input: DirectPostInput,
  runAt: number,
  options: {
    /** The job being changed: its own old time does not count. */
    changing?: string;
    memo?: MediaMemo;
    /** Told the media's copies as they run (docs/mcp.md#long-calls). */
    onProgress?: OnCopyProgress;
  } = {},
): Promise<{ hold: MediaHold; marks: JobMarks; privacy: PrivacyUsed }> {
  const { changing, memo, onProgress } = options;
  const now = deps.clock.now();
  if (!Number.isFinite(runAt) || runAt <= now) {
    // The example is a time ahead (tomorrow at 12:30 UTC): a fixed date
    // would itself be in the past one day, and copied, refused again.
    const example = new Date(now + 86_400_000).toISOString().slice(0, 10) +
      "T12:30:00Z";
    throw new AppError(
      "bad_request",
      `run_at is in the past: give a future time with a zone, e.g. ${example}.`,
    );
  }
  if (runAt > now + MAX_SCHEDULE_AHEAD_MS) {
    // Named to the second, floored, so the time given is itself accepted.
    const latest = new Date(now + MAX_SCHEDULE_AHEAD_MS).toISOString()
      .replace(/\.\d{3}Z$/, "Z");
    throw new AppError(
      "bad_request",
      `run_at is more than a year away: the latest time accepted now is ${latest}.`,
    );
  }
  if (!changing) {
    // Before the post's checks, which may copy media: a full calendar
    // refuses at once. The commit storing the job checks it again.
    const calendar = await getTyped(deps.kv, keys.jobCalendar(account.openId));
    const full = calendarFull(calendar.value, now);
    if (full) throw full;
  }
  const prepared = await preparePost(deps, account, input, {
    scheduledFor: runAt,
    memo,
    onProgress,
  });
  // Only its checks matter now: the job copies its media again when it runs.
  await discardCopies(deps, prepared.media.copies);
  const marks: JobMarks = {
    fingerprint: prepared.media.fingerprint,
    captionHash: await captionMarkOf(prepared.normalisedCaption),
    ...(prepared.media.sha256
      ? { bytesMark: bytesMarkOf(prepared.media.sha256) }
      : {}),
  };
  const fp = await getTyped(
    deps.kv,
    keys.videoFingerprint(account.openId, marks.fingerprint),
  );
  if (liveMark(fp.value, now)) throw videoDuplicateError(fp.value);
  // A post without a caption has no caption mark (docs/posting.md#duplicates).
  if (hasCaptionMark(marks.captionHash)) {
    const cap = await getTyped(
      deps.kv,
      keys.accountCaption(account.openId, marks.captionHash),
    );
    if (liveMark(cap.value, now)) throw captionDuplicateError(cap.value);
  }
  // The limits refuse before the media is kept longer, so a refused job
  // changes nothing (docs/scheduling.md#creating-a-job); the commit that
  // stores the job checks them again.
  const [calendar, quota] = await readPostingCalendar(deps, account.openId);
  const scheduled = scheduledDuplicate(calendar.value, marks, now, changing);
  if (scheduled) throw scheduled;
  const conflict = jobSlotConflict(
    calendar.value,
    quota.value,
    runAt,
    now,
    changing,
  );
  if (conflict) throw conflict;
  const cooldown = jobInCooldown(
    (await getTyped(deps.kv, keys.tiktokCooldown(account.openId))).value,
    runAt,
  );
  if (cooldown) throw cooldown;
  await keepMedia(
    deps,
    account,
    input.kind === "video" ? [input.sourceUrl] : input.photoImages ?? [],
    runAt,
  );
  return {
    hold: prepared.media.hold,
    marks,
    privacy: privacyUsedBy(prepared),
  };
}

/** The refusal of a new job when the account's calendar is full, or null. */
function calendarFull(
  calendar: JobCalendar | null,
  now: number,
): AppError | null {
  if (liveCalendarEntries(calendar, now).length < MAX_SCHEDULED_JOBS) {
    return null;
  }
  return new AppError(
    "bad_request",
    `This account has ${MAX_SCHEDULED_JOBS} posts scheduled or just run, the most it can hold (at most ${MAX_SCHEDULED_JOBS} scheduled jobs at once): schedule this one once some have run, or cancel one.`,
  );
}

/**
 * The 429 for a job that would run while TikTok's cooldown of the account
 * lasts (docs/scheduling.md#creating-a-job): it would only fail then.
 */
function jobInCooldown(
  cooldown: TikTokCooldown | null,
  runAt: number,
): AppError | null {
  if (!cooldown || cooldown.until <= runAt) return null;
  const until = new Date(cooldown.until).toISOString();
  return new AppError(
    "tiktok_cooldown",
    `TikTok recently returned HTTP 429 for this account, and posting is paused until ${until}: a post scheduled before then would fail. Schedule it for ${until} or later.`,
    { extra: { next_free_at: until } },
  );
}

/**
 * The account's job calendar and post quota as read now: what a run time
 * is held against, and what the commit storing a job checks.
 */
export function readPostingCalendar(
  deps: Pick<AppDeps, "kv">,
  openId: string,
): Promise<[Deno.KvEntryMaybe<JobCalendar>, Deno.KvEntryMaybe<PostQuota>]> {
  return deps.kv.getMany<[JobCalendar, PostQuota]>([
    keys.jobCalendar(openId),
    keys.postQuota(openId),
  ]);
}

/**
 * Validates and schedules a post; returns the job and who can view its
 * post as checked now.
 * @throws {AppError} direct_post's errors, `interval_limit`/`daily_limit`
 *   against other jobs and posts, `bad_request` for run_at or for an upload
 *   deleted since it was validated
 */
export async function createJob(
  deps: CreateJobDeps,
  account: Account,
  input: DirectPostInput,
  runAt: number,
  options: { memo?: MediaMemo; onProgress?: OnCopyProgress } = {},
): Promise<{ job: ScheduledJob; privacy: PrivacyUsed }> {
  const now = deps.clock.now();
  const { hold, marks, privacy } = await checkJobPost(
    deps,
    account,
    input,
    runAt,
    options,
  );
  const job: ScheduledJob = {
    id: ulid(now),
    openId: account.openId,
    kind: "tiktok",
    state: "scheduled",
    runAt,
    input,
    createdAt: now,
    updatedAt: now,
    leaseUntil: null,
    publishId: null,
    postedAt: null,
    error: null,
  };
  for (let attempt = 0; attempt < 30; attempt++) {
    const [calendar, quota, mark] = await deps.kv.getMany<
      [JobCalendar, PostQuota, number]
    >([
      keys.jobCalendar(account.openId),
      keys.postQuota(account.openId),
      keys.mediaDeletedAt(account.openId),
    ]);
    const entries = liveCalendarEntries(calendar.value, now);
    const full = calendarFull(calendar.value, now);
    if (full) throw full;
    // Checked again against the calendar the commit checks: two jobs with
    // one video made at once cannot both pass.
    const conflict = scheduledDuplicate(calendar.value, marks, now) ??
      jobSlotConflict(calendar.value, quota.value, runAt, now);
    if (conflict) throw conflict;
    const kept = jobExpiry(job, now);
    const mediaLive = await confirmMediaLive(deps, hold, mark);
    const res = await deps.kv.atomic()
      .check(calendar, quota, mediaLive)
      .set(keys.jobCalendar(account.openId), {
        entries: [...entries, { jobId: job.id, at: runAt, ...marks }],
      })
      .set(keys.job(job.id), job, kept)
      .set(keys.jobByAccount(account.openId, job.id), job.id, kept)
      .set(keys.jobDue(runAt, job.id), true)
      .commit();
    if (res.ok) {
      await wakeSoonJob(deps, job, now);
      return { job, privacy };
    }
  }
  throw new AppError(
    "conflict",
    "Too many jobs scheduled at once for this account; try again.",
  );
}

/**
 * A job of this account, or `not_found`, saying what the id is when it is
 * another of the account's ids (a publish_id of a post sent at once…,
 * lib/posting/id_kinds.ts).
 */
export async function getOwnJob(
  deps: Pick<AppDeps, "kv">,
  openId: string,
  jobId: string,
): Promise<Deno.KvEntry<JobRecord>> {
  const entry = await getTyped(deps.kv, keys.job(jobId));
  if (entry.value?.openId === openId) return entry as Deno.KvEntry<JobRecord>;
  throw await notFoundAs(deps.kv, openId, "job_id", jobId, entry.value);
}

/**
 * A job of this account, or null for an unknown id or another account's
 * job: for a page that links to a job and opens without it.
 */
export async function findOwnJob(
  deps: Pick<AppDeps, "kv">,
  openId: string,
  jobId: string,
): Promise<JobRecord | null> {
  const job = (await getTyped(deps.kv, keys.job(jobId))).value;
  return job?.openId === openId ? job : null;
}

/**
 * The account's jobs, newest first, a page at a time; with `state`, only
 * the jobs in it, read past the others as {@link newestShownPage} does
 * (1,000 jobs a page at most), so a page may be short and still carry a cursor
 * (docs/scheduling.md#listing-and-cancelling). The cursor is a job id, a
 * position in the account's list whatever the filter.
 */
export async function listJobs(
  deps: Pick<AppDeps, "kv">,
  openId: string,
  options: { limit: number; cursor?: string; state?: JobState },
): Promise<{ jobs: JobRecord[]; cursor: string | null }> {
  const { state } = options;
  if (state !== undefined) {
    const { records, cursor } = await newestShownPage(
      deps.kv,
      keys.jobsByAccountPrefix(openId),
      options,
      (ids) => getManyTyped(deps.kv, ids.map((id) => keys.job(id))),
      (job) => job.state === state,
    );
    return { jobs: records, cursor };
  }
  const { ids, cursor } = await newestIdsPage(
    deps.kv,
    keys.jobsByAccountPrefix(openId),
    options,
  );
  const jobs = await getManyTyped(deps.kv, ids.map((id) => keys.job(id)));
  return { jobs: jobs.filter((j) => j !== null), cursor };
}

/**
 * Adds to `op` the removal of the job's place from `calendar` (the
 * account's, as read), checked on it, so the commit that settles or
 * cancels a job frees its hour too or fails. Adds nothing, and returns
 * false, when the calendar does not hold the job.
 */
export function leaveCalendar(
  op: Deno.AtomicOperation,
  calendar: Deno.KvEntryMaybe<JobCalendar>,
  jobId: string,
): boolean {
  if (!calendar.value?.entries.some((e) => e.jobId === jobId)) return false;
  op.check(calendar).set(calendar.key, {
    entries: calendar.value.entries.filter((e) => e.jobId !== jobId),
  });
  return true;
}

/**
 * Frees the job's place in the account's calendar, deleting `mark` (the
 * entry that says the place is still to free) in the same commit; false
 * when the calendar kept changing through every attempt (the mark stays,
 * for the interrupted-jobs sweep to finish, docs/scheduling.md#how-jobs-run).
 */
export async function freeCalendarSlot(
  deps: Pick<AppDeps, "kv">,
  openId: string,
  jobId: string,
  mark: Deno.KvKey,
): Promise<boolean> {
  const { kv } = deps;
  for (let attempt = 0; attempt < 20; attempt++) {
    if (attempt > 0) await pauseAfterLostCommit(attempt);
    const op = kv.atomic().delete(mark);
    const cal = await getTyped(kv, keys.jobCalendar(openId));
    leaveCalendar(op, cal, jobId);
    if ((await op.commit()).ok) return true;
  }
  return false;
}

/**
 * Cancels a job that is still scheduled, and frees its place in the
 * account's calendar in the same commit.
 * @throws {AppError} 404 for another account's job, 409 once it runs or ran
 */
export async function cancelJob(
  deps: Pick<AppDeps, "kv" | "clock">,
  openId: string,
  jobId: string,
): Promise<JobRecord> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const entry = await getOwnJob(deps, openId, jobId);
    const job = entry.value;
    if (job.state !== "scheduled") {
      // Cancelled already is 409 too, as the contract says
      // (docs/scheduling.md#listing-and-cancelling), but said as done: a
      // second cancel is most often a retry after a lost answer.
      throw new AppError(
        "conflict",
        job.state === "cancelled"
          ? "This job was already cancelled: it will not be posted, and there is nothing left to cancel (a repeated cancel, such as a retry after a lost answer, is answered so)."
          : `This job is ${job.state} and can no longer be cancelled.`,
        {
          extra: { state: job.state },
        },
      );
    }
    const now = deps.clock.now();
    const next: JobRecord = { ...job, state: "cancelled", updatedAt: now };
    const kept = jobExpiry(next, now);
    // Its calendar place goes in the same commit: a cancelled job holding
    // its hour (a crash between two commits) would refuse posts beside it.
    const calendar = await getTyped(deps.kv, keys.jobCalendar(openId));
    const op = deps.kv.atomic().check(entry)
      .set(entry.key, next, kept)
      .set(keys.jobByAccount(openId, job.id), job.id, kept)
      .delete(keys.jobDue(job.runAt, job.id));
    leaveCalendar(op, calendar, jobId);
    if ((await op.commit()).ok) return next;
  }
  throw new AppError(
    "conflict",
    "The job or this account's schedule kept changing while cancelling it; try again.",
  );
}
