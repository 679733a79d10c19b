import type { IDataObject, IExecuteFunctions, INode } from "n8n-workflow";
import { NodeOperationError, sleep } from "n8n-workflow";
import { publicPostId } from "../public_post_id";
import { Pm3kApiError, pm3kRequest } from "../transport";

/**
 * TikTok ended the publish FAILED: the node's own code `publish_failed`,
 * as PM3K's refusals carry theirs, so an IF can match it on the error
 * output. The message names TikTok's code and PM3K's sentence for it
 * (`fail_message`, e.g. "TikTok flagged the caption as spam…"), what a
 * "Log error and stop" shows; a server from before `fail_message` gives the
 * code alone. Its `fail_reason` and `fail_message` (and the status answer)
 * come along with On Error → Continue.
 */
export class PublishFailedError extends NodeOperationError {
  readonly code = "publish_failed";
  readonly fields: IDataObject;

  constructor(
    node: INode,
    status: IDataObject,
    publishId: string,
    itemIndex: number,
  ) {
    const reason = status.fail_reason ?? status.status;
    const sentence = typeof status.fail_message === "string" &&
        status.fail_message
      ? status.fail_message
      : null;
    super(
      node,
      sentence
        ? `TikTok publish failed (${reason}): ${sentence}`
        : `TikTok publish failed: ${reason}`,
      {
        itemIndex,
        description: `publish_id ${publishId}, status ${status.status}`,
      },
    );
    this.fields = {
      publish_id: publishId,
      status: status.status,
      fail_reason: status.fail_reason ?? null,
      fail_message: sentence,
    };
  }
}

/**
 * The wait ended with the publish still pending: the node's own code
 * `still_pending`, and with On Error → Continue the `publish_id` and the
 * last status, so that a later Get Status (or a Wait node looping back)
 * can follow the same post (docs/workflows.md#the-native-n8n-node).
 */
export class StillPendingError extends NodeOperationError {
  readonly code = "still_pending";
  readonly fields: IDataObject;

  constructor(
    node: INode,
    opts: {
      publishId: string;
      maxWaitSeconds: number;
      calls: number;
      last: IDataObject | null;
      lastFailure: Error | null;
    },
    itemIndex: number,
  ) {
    const { publishId, maxWaitSeconds, calls, last, lastFailure } = opts;
    super(
      node,
      `Still pending after ${maxWaitSeconds} s (${calls} status checks): ask Get Status later for publish_id ${publishId}`,
      {
        itemIndex,
        description: lastFailure
          ? `The last status check failed: ${lastFailure.message}`
          : `publish_id ${publishId}, status ${last?.status ?? "unknown"}`,
      },
    );
    this.fields = {
      publish_id: publishId,
      status: last?.status ?? null,
      state: "pending",
    };
  }
}

/**
 * A status check that failed in passing: a 5xx, PM3K's own (503
 * `database_busy`, `storage_unavailable`) or a proxy's in front of it (a
 * 502 page while PM3K restarts or is redeployed), or no answer at all (the
 * connection refused or cut while PM3K restarts with no proxy in front).
 * The publish goes on at TikTok meanwhile, so the wait polls again rather
 * than failing a post that may well succeed; a refusal (4xx) still ends it.
 */
function failedInPassing(error: unknown): error is Error {
  if (error instanceof Pm3kApiError) return error.status >= 500;
  // n8n's HTTP helper throws its NodeApiError for a request that got no
  // answer, Node's code of the network error as its `httpCode`
  // (`ECONNREFUSED`); told by that code, not by the class (n8n-workflow
  // may be loaded twice).
  const failed = error as { httpCode?: unknown; cause?: { code?: unknown } };
  return error instanceof Error &&
    [failed.httpCode, failed.cause?.code].some((code) =>
      CONNECTION_FAILURES.has(String(code))
    );
}

/** Node's codes of a connection refused, cut or timed out. */
const CONNECTION_FAILURES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
]);

/**
 * Status checks failing in passing in a row that end the wait anyway (the
 * last one's error is thrown): a Base URL that never answers is not waited
 * on for the whole Maximum Wait.
 */
const MAX_FAILURES_IN_A_ROW = 5;

/** PM3K's /status limits per account (docs/posting.md#status-limits). */
const CALLS_PER_MINUTE = 20;
const CALLS_PER_HOUR = 40;
const MIN_PAUSE_MS = 60_000 / CALLS_PER_MINUTE;

/**
 * The Publish ID, which must be given. An item without one is most often a
 * post's failure passed on by "continue on fail": said so, naming its code,
 * and for an unknown outcome (docs/posting.md#outcome-unknown) what to do,
 * rather than sending an empty ID to PM3K.
 */
function publishIdOf(this: IExecuteFunctions, i: number): string {
  const given = this.getNodeParameter("publishId", i, "") as unknown;
  const publishId = given == null ? "" : String(given).trim();
  if (publishId) return publishId;
  const item = this.getInputData()[i]?.json ?? {};
  const description = item.outcome === "unknown"
    ? `The post's outcome is unknown (post_id ${item.post_id}): TikTok did not answer in time, so there is no publish_id to follow. Look for the post on the TikTok profile; List Posts shows it with state "unknown".`
    : typeof item.job_id === "string"
    ? scheduledPostDescription(item)
    : typeof item.error === "string"
    ? `The input item is a failure (${item.error}${
      typeof item.message === "string" ? `: ${item.message}` : ""
    }), not a post: nothing was published to follow.`
    : typeof item.upload_id === "string"
    ? `The input item is an upload (upload_id ${item.upload_id}, url ${item.url}), not a post: put a PM3K Post Video (or Post Photos) node between Upload Media and this one; its answer has the publish_id.`
    : "Map the publish_id of a Post Video, Post Photos or Get Status answer.";
  throw new NodeOperationError(
    this.getNode(),
    "No Publish ID: the input item has no publish_id",
    { itemIndex: i, description },
  );
}

/**
 * Why a scheduled post (a Schedule Post answer, or a List Scheduled Posts
 * item) has no publish_id, by its state: not yet run, or a job that will
 * never post (cancelled, or failed: docs/scheduling.md#listing-and-cancelling).
 */
function scheduledPostDescription(item: IDataObject): string {
  const job = `job_id ${item.job_id}`;
  if (item.state === "cancelled") {
    return `The input item is a scheduled post that was cancelled (${job}): it was never posted, so there is no publish_id to follow.`;
  }
  if (item.state === "failed") {
    const error = item.error as IDataObject | null | undefined;
    const why = error?.code
      ? `${error.code}${error.message ? `: ${error.message}` : ""}`
      : "see its error";
    return `The input item is a scheduled post that failed (${job}, ${why}): nothing was published to follow.`;
  }
  return `The input item is a scheduled post (${job}, run_at ${item.run_at}): it has no publish_id until PM3K posts it at its run time, after this run. Learn its result from a webhook (post.published, post.failed, job.failed), or later from List Scheduled Posts (Still Scheduled Only off), whose item then has the publish_id, or List Posts.`;
}

/**
 * Get Status: `POST /api/tiktok/status`. Its answer names neither the
 * publish it is about nor the post TikTok made: the output adds the
 * `publish_id` asked about, so that the item says which post it is (a
 * Slack message or a sheet row after Wait for Result), and `public_post_id`,
 * TikTok's post id once the post is public (the first of `raw`'s
 * `publicaly_available_post_id`, exact as a string; null before or for a
 * post that is not public), as List Posts names it
 * (docs/posting.md#creator-info-and-posts).
 */
export async function getStatus(
  this: IExecuteFunctions,
  i: number,
): Promise<IDataObject> {
  const publishId = publishIdOf.call(this, i);
  const status = await pm3kRequest.call(this, i, {
    method: "POST",
    path: "/api/tiktok/status",
    body: { publish_id: publishId },
  });
  return {
    publish_id: publishId,
    ...status,
    // Any value reads safely: a missing or odd `data` gives null.
    public_post_id: publicPostId(status.raw as Record<string, unknown> | null),
  };
}

/**
 * The pause between polls: the one asked for, at least 3 s (20 calls a
 * minute), and long enough that the whole wait makes at most 40 calls (the
 * hourly cap, past which status is refused until the next post).
 */
export function pollPauseMs(pollSeconds: number, maxWaitSeconds: number) {
  return Math.max(
    MIN_PAUSE_MS,
    pollSeconds * 1000,
    Math.ceil((maxWaitSeconds * 1000) / CALLS_PER_HOUR),
  );
}

/**
 * Wait for Result: polls the status until TikTok is done (the status is
 * the output) or failed (an error carrying TikTok's fail_reason and its
 * sentence), or the maximum wait passes (`still_pending`, naming the
 * publish_id). A
 * `rate_limit_status` refusal (other callers used the minute's budget)
 * waits for its `retry_after` and polls again; a check failing in passing
 * (a 5xx, or no answer) is made again at the next poll, the fifth in a
 * row ending the wait with its error; the other
 * refusals end the wait with PM3K's code and message.
 */
export async function waitForResult(
  this: IExecuteFunctions,
  i: number,
): Promise<IDataObject> {
  const publishId = publishIdOf.call(this, i);
  const maxWaitSeconds = this.getNodeParameter("maxWaitSeconds", i) as number;
  const pause = pollPauseMs(
    this.getNodeParameter("pollSeconds", i) as number,
    maxWaitSeconds,
  );
  const deadline = Date.now() + maxWaitSeconds * 1000;
  let calls = 0;
  let last: IDataObject | null = null;
  let lastFailure: Error | null = null;
  let failuresInARow = 0;
  while (true) {
    // The last pause is cut to the time left, so that a Maximum Wait
    // shorter than the pause still checks once; at least 3 s, at most 40
    // calls (the spread above keeps to that but for this last one).
    const left = deadline - Date.now();
    if (left < MIN_PAUSE_MS || calls >= CALLS_PER_HOUR) break;
    await sleep(Math.min(pause, left));
    try {
      calls++;
      const status = await getStatus.call(this, i);
      last = status;
      lastFailure = null;
      failuresInARow = 0;
      if (status.state === "done") return status;
      if (status.state === "failed") {
        throw new PublishFailedError(this.getNode(), status, publishId, i);
      }
    } catch (error) {
      if (
        failedInPassing(error) && ++failuresInARow < MAX_FAILURES_IN_A_ROW
      ) {
        lastFailure = error;
        continue;
      }
      if (
        !(error instanceof Pm3kApiError) || error.code !== "rate_limit_status"
      ) {
        throw error;
      }
      const until = Date.parse(String(error.body.retry_after ?? ""));
      // The next poll waits for the window the refusal names, if later.
      if (Number.isFinite(until)) {
        await sleep(Math.max(0, until - Date.now() - pause));
      }
    }
  }
  throw new StillPendingError(this.getNode(), {
    publishId,
    maxWaitSeconds,
    calls,
    last,
    lastFailure,
  }, i);
}
