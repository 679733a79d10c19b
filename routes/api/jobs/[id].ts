import { expectNoBody } from "@/lib/http/no_body.ts";
import { jsonOk, readJsonBody } from "@/lib/http/json_body.ts";
import {
  JOB_CHANGE_FIELD_HINTS,
  JobPatchBody,
} from "@/lib/http/api_schemas.ts";
import { updateJob } from "@/lib/jobs/job_changes.ts";
import { POSTING_ERRORS } from "@/lib/http/openapi/posting_errors.ts";
import { jobJson } from "@/lib/http/job_json.ts";
import { cancelJob } from "@/lib/jobs/jobs.ts";
import { jobView } from "@/lib/jobs/job_views.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import { JobResponse } from "@/lib/http/api_responses.ts";
import type { RouteDocs } from "@/lib/http/openapi/route_docs.ts";

export const handler: Handlers = {
  async GET(c) {
    const { job, snapshot } = await jobView(
      c.get("deps"),
      c.get("apiAccount").openId,
      c.req.param("id") ?? "",
    );
    return jsonOk<JobResponse>(c, jobJson(job, snapshot));
  },
  async PATCH(c) {
    const id = c.req.param("id") ?? "";
    const b = await readJsonBody(c, JobPatchBody, {
      hints: JOB_CHANGE_FIELD_HINTS,
    });
    const job = await updateJob(
      c.get("deps"),
      c.get("apiAccount"),
      id,
      {
        runAt: b.run_at === undefined ? undefined : Date.parse(b.run_at),
        title: b.title,
      },
    );
    return jsonOk<JobResponse>(c, jobJson(job));
  },
  async DELETE(c) {
    await expectNoBody(c);
    const job = await cancelJob(
      c.get("deps"),
      c.get("apiAccount").openId,
      c.req.param("id") ?? "",
    );
    return jsonOk<JobResponse>(c, jobJson(job));
  },
};

export const docs: RouteDocs = {
  GET: { summary: "One job", response: JobResponse },
  PATCH: {
    summary:
      "Change a scheduled job's run_at and/or caption (checked like a new job)",
    body: JobPatchBody,
    response: JobResponse,
    errors: [...POSTING_ERRORS],
  },
  DELETE: {
    summary: "Cancel a job that is still scheduled",
    response: JobResponse,
    errors: ["conflict"],
  },
};
