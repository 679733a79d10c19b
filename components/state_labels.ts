/**
 * The words the dashboard shows for a job's and a post's state
 * (docs/dashboard.md#words-not-codes): the API's values (`scheduled`,
 * `publishing`, `done`…) are codes for programs, not for people. One
 * mapping, shared by every island that shows a state.
 * @module
 */
import type { JobJson, PostJson } from "../lib/http/api_responses.ts";
import { pageWords } from "./page_words.ts";
import { ApiCallError } from "./api_client.ts";

/** Each job state, as a person reads it. */
export const JOB_STATE_LABELS: Readonly<Record<JobJson["state"], string>> = {
  scheduled: "Scheduled",
  publishing: "Sending to TikTok",
  posted: "Sent to TikTok",
  failed: "Failed",
  cancelled: "Cancelled",
};

/** Each post state (TikTok's processing of it), as a person reads it. */
export const POST_STATE_LABELS: Readonly<Record<PostJson["state"], string>> = {
  pending: "Processing",
  done: "Published",
  failed: "Failed",
  unknown: "Outcome unknown",
};

/**
 * A post's state as the creator sees it: a draft (`MEDIA_UPLOAD`) is done
 * once it is in the TikTok inbox, not published.
 */
export function postStateLabel(
  p: { state: PostJson["state"]; post_mode?: PostJson["post_mode"] },
): string {
  return p.post_mode === "MEDIA_UPLOAD" && p.state === "done"
    ? "In TikTok drafts"
    : POST_STATE_LABELS[p.state];
}

/**
 * Whether a refused post left its outcome unknown: TikTok did not answer
 * its init in time, so the post is kept and listed as `unknown`
 * (docs/posting.md#outcome-unknown). Only that answer carries `outcome`.
 */
export function leftOutcomeUnknown(error: unknown): boolean {
  return error instanceof ApiCallError && error.extra.outcome === "unknown";
}

/**
 * What the dashboard says of a post beyond its state: why it failed, as
 * the API's fail_message says it (a reason TikTok added since included),
 * why its outcome is unknown, or nothing.
 */
export function postStateSentence(
  p: Pick<PostJson, "state" | "fail_message">,
): string | null {
  if (p.fail_message) return p.fail_message;
  return p.state === "unknown" ? pageWords().outcomeUnknown : null;
}
