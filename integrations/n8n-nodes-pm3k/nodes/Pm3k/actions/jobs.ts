import type { IDataObject, IExecuteFunctions } from "n8n-workflow";
import { pm3kRequest } from "../transport";
import { givenText } from "./given";
import { listLimit, readPages } from "./paged_list";

/** The most jobs one page of `GET /api/jobs` holds. */
const JOBS_PAGE_MAX = 100;

/**
 * List Scheduled Posts: `GET /api/jobs`, newest first, one output item per
 * job (docs/scheduling.md#listing-and-cancelling). With Still Scheduled
 * Only (the default) only the jobs not yet run, the ones a Cancel
 * Scheduled Post can still cancel; else every job with its state (posted,
 * failed, cancelled too). Return All or the first Limit, read page after
 * page through the answer's `cursor`.
 */
export async function listScheduled(
  this: IExecuteFunctions,
  i: number,
): Promise<IDataObject[]> {
  const pendingOnly = this.getNodeParameter("scheduledOnly", i, true);
  return await readPages.call(this, i, {
    path: "/api/jobs",
    field: "jobs",
    limit: listLimit.call(this, i),
    // Full pages: the jobs left out by Still Scheduled Only are not counted.
    pageSize: () => JOBS_PAGE_MAX,
    keep: pendingOnly ? (job) => job.state === "scheduled" : undefined,
  });
}

/**
 * n8n's words for a job that can no longer be cancelled (409 `conflict`
 * naming its `state`): it has run, or was cancelled before. The other
 * `conflict`, a schedule changing meanwhile, is retried as it is.
 */
const CANCEL_HINTS = {
  conflict: (body: IDataObject) =>
    typeof body.state === "string"
      ? `In n8n: only a post still scheduled (state scheduled) can be cancelled, and this one is ${body.state}; List Scheduled Posts (Still Scheduled Only, the default) gives those. A post already made is deleted on TikTok itself`
      : undefined,
};

/**
 * Cancel Scheduled Post: `DELETE /api/jobs/{id}`; the output is the job,
 * its state `cancelled` (docs/scheduling.md#listing-and-cancelling).
 */
export async function cancelScheduled(
  this: IExecuteFunctions,
  i: number,
): Promise<IDataObject> {
  const jobId = givenText.call(
    this,
    i,
    "jobId",
    "Job ID",
    "map the job_id of a Schedule Post or List Scheduled Posts item",
  );
  return await pm3kRequest.call(this, i, {
    method: "DELETE",
    path: `/api/jobs/${encodeURIComponent(jobId)}`,
    hints: CANCEL_HINTS,
  });
}
