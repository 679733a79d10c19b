import {
  jobFields,
  JobListQuery,
  jobSchema,
  PhotoPostBody,
  POST_FIELD_HINTS,
  VideoPostBody,
} from "@/lib/http/api_schemas.ts";
import { checkedQuery } from "@/lib/http/api_query.ts";
import { jsonOk, readJsonBody } from "@/lib/http/json_body.ts";
import {
  answerIdempotently,
  IDEMPOTENCY_ERRORS,
  IDEMPOTENCY_KEY_HEADER,
} from "@/lib/http/idempotent_answer.ts";
import { directPostInput } from "@/lib/http/direct_post_input.ts";
import { jobCreatedJson, jobListJson } from "@/lib/http/job_json.ts";
import { createJobAtFreeTime } from "@/lib/jobs/job_free_time.ts";
import { jobPage } from "@/lib/jobs/job_views.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import {
  JobCreatedResponse,
  JobListResponse,
} from "@/lib/http/api_responses.ts";
import type { RouteDocs } from "@/lib/http/openapi/route_docs.ts";
import { POSTING_ERRORS } from "@/lib/http/openapi/posting_errors.ts";

export const handler: Handlers = {
  POST: (c) =>
    answerIdempotently(c, "POST /api/jobs", async () => {
      const b = await readJsonBody(c, jobSchema, {
        hints: POST_FIELD_HINTS,
      });
      const { job, requestedRunAt } = await createJobAtFreeTime(
        c.get("deps"),
        c.get("apiAccount"),
        directPostInput(b),
        Date.parse(b.run_at),
        b.if_taken ?? "fail",
      );
      const body: JobCreatedResponse = {
        ok: true,
        ...jobCreatedJson(job, requestedRunAt),
      };
      return { status: 200, body };
    }),
  async GET(c) {
    const query = checkedQuery(c, JobListQuery);
    const page = await jobPage(
      c.get("deps"),
      c.get("apiAccount").openId,
      query,
    );
    return jsonOk<JobListResponse>(c, jobListJson(page));
  },
};

export const docs: RouteDocs = {
  POST: {
    summary: "Schedule a post (validated like direct_post at once)",
    body: [VideoPostBody.extend(jobFields), PhotoPostBody.extend(jobFields)],
    response: JobCreatedResponse,
    headers: [IDEMPOTENCY_KEY_HEADER],
    errors: [...POSTING_ERRORS, ...IDEMPOTENCY_ERRORS],
  },
  GET: {
    summary: "The account's jobs, newest first, paginated",
    query: JobListQuery,
    response: JobListResponse,
    errors: ["bad_request"],
  },
};
