/**
 * The post a job's run made, found from the job alone: a run that died
 * after the post's commit and before the job's own leaves the publish on
 * the post record (which names its job) and none on the job
 * (docs/scheduling.md#how-jobs-run).
 * @module
 */
import { encodeTime } from "ulid";
import { getManyTyped, keys } from "../kv_keys.ts";
import type { PostRecord } from "../posting/post_record.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { JobRecord } from "./job_record.ts";

/**
 * The post recorded for `job` since it was claimed (its `updatedAt`), if
 * any. Post ids are ULIDs of their creation time, so only the account's
 * posts made since the claim are read: a few at most.
 */
export async function postOfJob(
  deps: Pick<AppDeps, "kv">,
  job: Pick<JobRecord, "id" | "openId" | "updatedAt">,
): Promise<PostRecord | null> {
  const prefix = keys.postsByAccountPrefix(job.openId);
  const ids: string[] = [];
  for await (
    const e of deps.kv.list<string>({
      prefix,
      start: [...prefix, encodeTime(job.updatedAt, 10)],
    })
  ) ids.push(String(e.key.at(-1)));
  const posts = await getManyTyped(deps.kv, ids.map((id) => keys.post(id)));
  return posts.find((p) => p?.jobId === job.id) ?? null;
}
