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
import { getStatus, waitForResult } from "./actions/waitForResult";
import { createAlbum, getLimits, listPosts } from "./actions/account";
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
};

/**
 * The item "continue on fail" passes on: PM3K's code and message as the API
 * gives them (`{ error: "interval_limit", message: "You must wait…" }`), or
 * n8n's usual `{ error }` for a failure of another kind. n8n sends an item
 * shaped so to the error output, merged into its input item. (An item
 * carrying `error` as an object would have its json replaced by n8n with
 * the message alone, losing the code.)
 */
function failureJson(error: Error): IDataObject {
  if (error instanceof Pm3kApiError && error.code) {
    // Some refusals have no message (hourly_limit_status): n8n routes an
    // item to the error output only when both are set.
    const message = error.body.message;
    return {
      error: error.code,
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
          json: failureJson(error as Error),
          pairedItem: { item: i },
        });
      }
    }
    return [out];
  }
}
