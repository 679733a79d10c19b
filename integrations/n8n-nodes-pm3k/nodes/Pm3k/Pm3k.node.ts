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
import {
  createAlbum,
  getCreatorInfo,
  getLimits,
  getPostStats,
  listPosts,
  listUploads,
} from "./actions/account";
import { cancelScheduled, listScheduled } from "./actions/jobs";
import { CREDENTIAL } from "./transport";
import { failureJson } from "./failure_json";

type Action = (
  this: IExecuteFunctions,
  i: number,
) => Promise<IDataObject | IDataObject[]>;

const actions: Record<Operation, Action> = {
  upload,
  createAlbum,
  listUploads,
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
  getCreatorInfo,
  listPosts,
  getPostStats,
  listScheduled,
  cancelScheduled,
};

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
          json: failureJson(error as Error, this.getNode()),
          pairedItem: { item: i },
        });
      }
    }
    return [out];
  }
}
