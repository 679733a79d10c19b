import { jsonOk } from "@/lib/http/json_body.ts";
import { jobJson } from "@/lib/http/job_json.ts";
import { cancelJob, getOwnJob } from "@/lib/jobs/jobs.ts";
import { publishSnapshots } from "@/lib/jobs/job_views.ts";
import type { Handlers } from "@/lib/http/app_types.ts";

export const handler: Handlers = {
  async GET(c) {
    const { kv } = c.get("deps");
    const job =
      (await getOwnJob(kv, c.get("apiAccount").openId, c.req.param("id") ?? ""))
        .value;
    const snapshots = await publishSnapshots(kv, [job]);
    return jsonOk(c, jobJson(job, snapshots.get(job.id) ?? null));
  },
  async DELETE(c) {
    const job = await cancelJob(
      c.get("deps"),
      c.get("apiAccount").openId,
      c.req.param("id") ?? "",
    );
    return jsonOk(c, jobJson(job));
  },
};
