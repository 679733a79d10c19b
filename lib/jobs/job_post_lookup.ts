/**
 * The post a job's run made, found from the job alone: a run that died
 * after the post's commit and before the job's own leaves the publish on
 * the post record (which names its job) and none on the job
 * (docs/scheduling.md#how-jobs-run).
 * @module
 */
import { postRecordsSince } from "../posting/post_list.ts";
import type { PostRecord } from "../posting/post_record.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { JobRecord } from "./job_record.ts";

/**
 * The post recorded for `job` since it was claimed (its `updatedAt`), if
 * any: only the account's posts made since the claim are read, a few at
 * most.
 */
export async function postOfJob(
  deps: Pick<AppDeps, "kv">,
  job: Pick<JobRecord, "id" | "openId" | "updatedAt">,
): Promise<PostRecord | null> {
  const posts = await postRecordsSince(deps, job.openId, job.updatedAt);
  return posts.find((p) => p.jobId === job.id) ?? null;
}
