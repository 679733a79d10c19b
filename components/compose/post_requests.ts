/**
 * The requests the composer makes of its choices: a post now
 * (`POST /api/tiktok/direct_post`) or a job (`POST /api/jobs`), sent, or
 * shown as JSON for automations (docs/dashboard.md#compose).
 * @module
 */
// Types only: the schemas (and zod) stay on the server.
import type {
  DirectPostResponse,
  JobCreatedResponse,
} from "../../lib/http/api_responses.ts";
import { ApiCallError, callApi } from "../api_client.ts";
import { composeBody } from "../compose_rules.ts";
import type { ComposeChoices } from "../compose_rules.ts";
import type { Outcome } from "./post_outcome.ts";
import type { PostWhen } from "./schedule_timing.ts";

/** A job's body: a post's body and when to run it (ISO, UTC). */
function jobBody(
  runAt: string,
  body: Record<string, unknown>,
): Record<string, unknown> {
  return { kind: "tiktok", run_at: runAt, ...body };
}

/**
 * A send that got no answer (the connection cut): its Idempotency-Key and
 * what it sent. The same post sent again goes with the same key, so PM3K
 * answers as it did to the first if that one arrived, and never posts twice
 * (docs/posting.md#idempotency).
 */
export interface UnansweredSend {
  key: string;
  request: string;
}

/**
 * Sends the post now or schedules it at `localRunAt`; the notice for what
 * TikTok or the scheduler took. Throws the API's refusal. `unanswered`
 * holds the last send left without an answer, for the next.
 */
export async function sendPost(
  choices: ComposeChoices,
  when: PostWhen,
  localRunAt: string,
  unanswered: { current: UnansweredSend | null },
): Promise<Outcome> {
  let body = composeBody(choices);
  let path = "/api/tiktok/direct_post";
  if (when === "schedule") {
    // The browser's local time, sent in UTC with its zone.
    const runAt = new Date(localRunAt);
    if (Number.isNaN(runAt.getTime())) {
      throw new ApiCallError("bad_request", "Pick a date and time.");
    }
    body = jobBody(runAt.toISOString(), body);
    path = "/api/jobs";
  }
  const request = path + JSON.stringify(body);
  const key = unanswered.current?.request === request
    ? unanswered.current.key
    : crypto.randomUUID();
  unanswered.current = { key, request };
  let res;
  try {
    res = await callApi<DirectPostResponse & JobCreatedResponse>(
      "POST",
      path,
      body,
      { "Idempotency-Key": key },
    );
  } catch (error) {
    if (!(error instanceof ApiCallError && error.code === "network_error")) {
      unanswered.current = null;
    }
    throw error;
  }
  unanswered.current = null;
  return when === "schedule"
    ? { kind: "scheduled", jobId: res.job_id, runAt: res.run_at }
    : { kind: "ok", publishId: res.publish_id, drafts: choices.toDrafts };
}

/** An hour from now, to the minute: the example job's run time. */
export function inOneHour(): string {
  const d = new Date(Date.now() + 3600_000);
  d.setUTCSeconds(0, 0);
  return d.toISOString();
}

/** Where the album's request for automations goes. */
export type AlbumEndpoint = "direct" | "job";

/**
 * The album's request as composed, for n8n, Make or scripts: direct_post's
 * body, or a job's at `runAt`.
 */
export function albumRequest(
  endpoint: AlbumEndpoint,
  choices: ComposeChoices,
  runAt: string,
): Record<string, unknown> {
  const body = composeBody({ ...choices, mode: "photo" });
  return endpoint === "direct" ? { ...body, brand: "" } : jobBody(runAt, body);
}
