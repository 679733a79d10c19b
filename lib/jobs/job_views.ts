/** Pages of jobs and the publish statuses of posted ones. */
import { keys } from "../kv_keys.ts";
import { getOwnJob, listJobs } from "./jobs.ts";
import type { PublishSnapshot } from "../posting/post_record.ts";
import type { JobRecord, JobState } from "./job_record.ts";
import type { AppDeps } from "../runtime/app_deps.ts";

/** Publish statuses of posted jobs, read in batches of ten. */
export async function publishSnapshots(
  deps: Pick<AppDeps, "kv">,
  jobs: JobRecord[],
): Promise<Map<string, PublishSnapshot>> {
  const { kv } = deps;
  const posted = jobs.filter((j) => j.publishId !== null);
  const out = new Map<string, PublishSnapshot>();
  for (let i = 0; i < posted.length; i += 10) {
    const batch = posted.slice(i, i + 10);
    const entries = await kv.getMany<PublishSnapshot[]>(
      batch.map((j) => keys.postByPublishId(j.publishId!)),
    );
    entries.forEach((e, k) => {
      if (e.value) out.set(batch[k].id, e.value);
    });
  }
  return out;
}

/**
 * A page of the account's jobs (those in `state` when given) with the
 * publish status of each posted one.
 */
export async function jobPage(
  deps: Pick<AppDeps, "kv">,
  openId: string,
  query: { limit: number; cursor?: string; state?: JobState },
): Promise<{
  jobs: JobRecord[];
  cursor: string | null;
  snapshots: Map<string, PublishSnapshot>;
}> {
  const page = await listJobs(deps, openId, query);
  return { ...page, snapshots: await publishSnapshots(deps, page.jobs) };
}

/**
 * One of the account's jobs with the publish status once posted, as
 * `GET /api/jobs/{id}` and MCP's get_scheduled answer it.
 * @throws {AppError} `not_found` for another account's job or none
 */
export async function jobView(
  deps: Pick<AppDeps, "kv">,
  openId: string,
  jobId: string,
): Promise<{ job: JobRecord; snapshot: PublishSnapshot | null }> {
  const job = (await getOwnJob(deps, openId, jobId)).value;
  const snapshots = await publishSnapshots(deps, [job]);
  return { job, snapshot: snapshots.get(job.id) ?? null };
}
