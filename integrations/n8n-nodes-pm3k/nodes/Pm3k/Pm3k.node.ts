import type {
  IDataObject,
  IExecuteFunctions,
  INodeExecutionData,
  INodeType,
  INodeTypeDescription,
} from "n8n-workflow";
import { NodeConnectionTypes } from "n8n-workflow";
import { properties } from "./properties";
import type { Operation } from "./properties";
import { upload } from "./actions/upload";
import { directPost, schedule } from "./actions/post";
import {
  getStatus,
  PublishFailedError,
  StillPendingError,
  waitForResult,
} from "./actions/waitForResult";
import {
  createAlbum,
  getLimits,
  getPostStats,
  listPosts,
} from "./actions/account";
import { CREDENTIAL, Pm3kApiError } from "./transport";

type Action = (
  this: IExecuteFunctions,
  i: number,
) => Promise<IDataObject | IDataObject[]>;

const actions: Record<Operation, Action> = {
  upload,
  createAlbum,
  postVideo(i) {
    return directPost.call(this, i, "VIDEO");
  },
  postPhotos(i) {
    return directPost.call(this, i, "PHOTO");
  },
  schedule,
  getStatus,
  waitForResult,
  getLimits,
  listPosts,
  getPostStats,
};

/**
 * The item "continue on fail" passes on: PM3K's code and message as the API
 * gives them (`{ error: "interval_limit", message: "You must wait…" }`),
 * a failed publish as `publish_failed` with TikTok's reason, a wait that
 * ended first as `still_pending` with the publish_id, or
 * n8n's usual `{ error }` for a failure of another kind. n8n sends an item
 * to the error output only when its json holds `error` and `message` and
 * nothing else (an item carrying an n8n error has its json replaced by the
 * message alone, losing the code), so PM3K's other fields (`retry_after`,
 * `minutes_left`, an upload's `fetched_url`, an unknown outcome's
 * `outcome` and `post_id`…) come along only with On Error → Continue, to
 * the main output (`full`).
 */
function failureJson(error: Error, full: boolean): IDataObject {
  if (
    error instanceof PublishFailedError || error instanceof StillPendingError
  ) {
    return {
      ...(full ? error.fields : {}),
      error: error.code,
      message: error.message,
    };
  }
  if (error instanceof Pm3kApiError && error.code) {
    const fields = full
      ? Object.fromEntries(
        Object.entries(error.body).filter(([key]) =>
          !["ok", "error", "message"].includes(key)
        ),
      )
      : {};
    const message = error.body.message;
    return {
      ...fields,
      error: error.code,
      // Some refusals have no message (hourly_limit_status).
      message: typeof message === "string" && message ? message : error.message,
    };
  }
  return { error: error.message };
}

/**
 * PM3K: upload media, post it to TikTok, schedule, follow the result. One
 * call (or one polling wait) per input item.
 */
export class Pm3k implements INodeType {
  description: INodeTypeDescription = {
    displayName: "PM3K",
    name: "pm3k",
    icon: "file:../../icons/pm3k.svg",
    group: ["output"],
    version: 1,
    subtitle: '={{$parameter["operation"]}}',
    description: "Upload media and post it to TikTok through PM3K",
    defaults: { name: "PM3K" },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: CREDENTIAL, required: true }],
    properties,
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const items = this.getInputData();
    const out: INodeExecutionData[] = [];
    for (let i = 0; i < items.length; i++) {
      const operation = this.getNodeParameter("operation", i) as Operation;
      try {
        const result = await actions[operation].call(this, i);
        out.push(
          ...this.helpers.constructExecutionMetaData(
            this.helpers.returnJsonArray(result),
            { itemData: { item: i } },
          ),
        );
      } catch (error) {
        if (!this.continueOnFail()) throw error;
        out.push({
          json: failureJson(
            error as Error,
            this.getNode().onError !== "continueErrorOutput",
          ),
          pairedItem: { item: i },
        });
      }
    }
    return [out];
  }
}
