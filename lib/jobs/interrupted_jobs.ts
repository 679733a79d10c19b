/**
 * The sweep of interrupted jobs. A job found `publishing` with its lease
 * lapsed and no publish_id (a crash mid-post) becomes `failed` with
 * `interrupted` and is never retried: a double post is worse than a missed
 * one (docs/scheduling.md#how-jobs-run).
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { jobExpiry, leaveCalendar } from "./jobs.ts";
import type { JobRecord } from "./job_record.ts";
import { postOfJob } from "./job_post_lookup.ts";
import { afterWebhookStaged, stageWebhook } from "../webhooks/webhooks.ts";
import type { EmitDeps } from "../webhooks/webhooks.ts";

/**
 * Jobs found publishing with a lapsed lease: one whose post TikTok accepted
 * and PM3K recorded (its run died before settling the job) becomes
 * `posted` with that publish; any other becomes failed/interrupted. Either
 * way its place in the account's calendar goes in the same commit (a
 * posted job counts as its post, in the quota), so no crash can leave a
 * settled job holding its hour; a commit that meets a change leaves the
 * lease for the next round. A failed one sends `job.failed`, staged in
 * that commit, as a job that fails while running does. The lease of a job
 * already settled goes too, with the job's calendar place if it still
 * holds one.
 * @returns how many became failed/interrupted
 */
export async function failInterruptedJobs(deps: EmitDeps): Promise<number> {
  const { kv, clock } = deps;
  const now = clock.now();
  let n = 0;
  for await (
    const lease of kv.list<true>({
      start: keys.jobLeasesPrefix(),
      end: [...keys.jobLeasesPrefix(), now],
    })
  ) {
    const jobId = String(lease.key[2]);
    const entry = await getTyped(kv, keys.job(jobId));
    const job = entry.value;
    const op = kv.atomic().delete(lease.key);
    if (!job || job.state !== "publishing" || job.publishId !== null) {
      // Settled, or put back to scheduled, meanwhile: only the lease is
      // left. A settled job's run may have kept it as the mark of an hour
      // still to free (its calendar kept changing, or it died before
      // freeing it, job_run.ts): the hour goes with it, or both stay for
      // the next round.
      if (job && job.state !== "scheduled" && job.state !== "publishing") {
        leaveCalendar(
          op,
          await getTyped(kv, keys.jobCalendar(job.openId)),
          jobId,
        );
      }
      await op.commit();
      continue;
    }
    const post = await postOfJob(deps, job);
    const settled: JobRecord = post?.publishId
      ? {
        // Its post is made and followed: the job says so, as the posts list.
        ...job,
        state: "posted",
        publishId: post.publishId,
        postedAt: post.createdAt,
        leaseUntil: null,
        updatedAt: now,
      }
      : {
        ...job,
        state: "failed",
        leaseUntil: null,
        updatedAt: now,
        error: {
          code: "interrupted",
          message:
            "The server stopped while this job was being posted; it was not retried so it cannot post twice. Check TikTok, then schedule it again if needed.",
        },
      };
    const kept = jobExpiry(settled, now);
    op.check(entry).set(entry.key, settled, kept)
      .set(keys.jobByAccount(job.openId, jobId), jobId, kept);
    const calendar = await getTyped(kv, keys.jobCalendar(job.openId));
    leaveCalendar(op, calendar, jobId);
    const delivery = settled.state === "failed"
      ? await stageWebhook(deps, op, job.openId, "job.failed", {
        job_id: jobId,
        run_at: new Date(job.runAt).toISOString(),
        error: settled.error,
      })
      : null;
    if (!(await op.commit()).ok) continue;
    if (delivery) await afterWebhookStaged(deps, delivery);
    if (settled.state === "failed") n++;
  }
  return n;
}
