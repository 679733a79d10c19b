/**
 * A scheduled post. The job row in KV is the truth
 * (docs/scheduling.md#how-jobs-run): its state moves scheduled → publishing
 * → posted | failed by atomic check-and-set, so no delivery, tick or
 * process posts it twice.
 * @module
 */
import type { DirectPostInput } from "../posting/direct_post_input_record.ts";

/** Every state a job can be in, in the order it moves through them. */
export const JOB_STATES = [
  "scheduled",
  "publishing",
  "posted",
  "failed",
  "cancelled",
] as const;

export type JobState = typeof JOB_STATES[number];

export interface JobRecord {
  id: string;
  openId: string;
  kind: "tiktok";
  state: JobState;
  runAt: number;
  input: DirectPostInput;
  createdAt: number;
  updatedAt: number;
  /** While publishing: when the claim lapses (a crash leaves it lapsed). */
  leaseUntil: number | null;
  publishId: string | null;
  postedAt: number | null;
  error: JobError | null;
}

/** A job as createJob leaves it: waiting for its run time. */
export type ScheduledJob = JobRecord & { state: "scheduled" };

/** The account's scheduled run times, checked atomically against limits. */
export interface JobCalendar {
  entries: {
    jobId: string;
    at: number;
    /**
     * The job's video fingerprint and caption hash, so another job cannot
     * schedule the same (lib/jobs/scheduled_duplicates.ts); absent on
     * entries written before.
     */
    fingerprint?: string;
    captionHash?: string;
    /**
     * The first 16 hex digits of the SHA-256 of the job's video's bytes,
     * or of its photos' (their digests in order), when its uploads have
     * them, so a failed post of the same bytes from other uploads says
     * Scheduled again (lib/posting/same_media.ts); not a duplicate to the
     * API. Not the whole digest: 250 entries must fit KV's 64 KiB value.
     */
    bytesMark?: string;
  }[];
}

/** Why a job failed: its code and message. */
export interface JobError {
  /**
   * The API error code the post met when it ran (lib/errors.ts), or
   * `interrupted` for a run that died mid-post
   * (docs/scheduling.md#how-jobs-run). A string here: records import
   * only records.
   */
  code: string;
  message: string;
  /**
   * TikTok did not answer the post's request in time: the post may be on
   * TikTok, listed with state unknown under `post_id`
   * (docs/posting.md#outcome-unknown).
   */
  outcome?: "unknown";
  post_id?: string;
}
