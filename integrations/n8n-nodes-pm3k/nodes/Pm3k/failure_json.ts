import type { IDataObject, INode } from "n8n-workflow";
import { PublishFailedError, StillPendingError } from "./actions/waitForResult";
import { Pm3kApiError } from "./transport";

/**
 * The item "continue on fail" passes on: PM3K's code and message as the API
 * gives them (`{ error: "interval_limit", message: "You must wait…" }`),
 * an answer that is not PM3K's JSON alike, as `http_<status>` and what
 * answered (`The Base URL answered HTTP 504 with a web page…`),
 * a failed publish as `publish_failed` with TikTok's reason, a wait that
 * ended first as `still_pending` with the publish_id, or
 * n8n's usual `{ error }` for a failure of another kind. n8n sends an item
 * to the error output only when its json holds `error` and `message` and
 * nothing else (an item carrying an n8n error has its json replaced by the
 * message alone, losing the code), so PM3K's other fields (`retry_after`,
 * `minutes_left`, an upload's `fetched_url`, an unknown outcome's
 * `outcome` and `post_id`…) come along only with On Error → Continue, to
 * the main output, with two more: the error's `description`, the advice
 * the editor shows when the node stops (turn Follow Redirects on, the
 * binary fields the item holds…), and for a PM3K code `code` (as
 * `Pm3kApiError.code`), so the node after can show or match them
 * (docs/workflows.md#what-a-continue-item-holds). n8n's own nodes give
 * `{ error: error.message }`; ours keeps that field and adds to it.
 */
export function failureJson(
  error: Error,
  node: INode,
  /** The item's own fields (an upload's binary_field…), main output only. */
  own: IDataObject = {},
): IDataObject {
  const full = node.onError !== "continueErrorOutput";
  return full
    ? { ...failureFields(error, true), ...advice(error), ...own }
    : failureFields(error, false);
}

/** The error's description and documented code, for the main output. */
function advice(error: Error): IDataObject {
  const description = (error as { description?: unknown }).description;
  const coded = error instanceof Pm3kApiError ||
    error instanceof PublishFailedError || error instanceof StillPendingError;
  return {
    ...(typeof description === "string" && description.trim()
      ? { description }
      : {}),
    ...(coded ? { code: error.code } : {}),
  };
}

function failureFields(error: Error, full: boolean): IDataObject {
  if (
    error instanceof PublishFailedError || error instanceof StillPendingError
  ) {
    return {
      ...(full ? error.fields : {}),
      error: error.code,
      message: error.message,
    };
  }
  if (error instanceof Pm3kApiError) {
    const fields = full
      ? Object.fromEntries(
        Object.entries(error.body).filter(([key]) =>
          !["ok", "error", "message"].includes(key)
        ),
      )
      : {};
    return {
      ...fields,
      // An answer that is not PM3K's JSON (a proxy's 502 or 504 page) has
      // the same two fields, its code `http_<status>`, so an IF matches
      // `http_504` as it matches PM3K's codes
      // (docs/workflows.md#when-a-proxy-answers-502-503-or-504).
      error: error.code,
      // Some refusals have no message (hourly_limit_status).
      message: error.text,
    };
  }
  return { error: error.message };
}
