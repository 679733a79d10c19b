import type { IDataObject, IExecuteFunctions } from "n8n-workflow";
import { NodeOperationError } from "n8n-workflow";
import { pm3kRequest } from "../transport";

/**
 * How many items a list operation outputs: all of them with Return All,
 * else Limit (50 by default).
 */
export function listLimit(this: IExecuteFunctions, i: number): number {
  if (this.getNodeParameter("returnAll", i, false) as boolean) return Infinity;
  const given = this.getNodeParameter("limit", i, 50);
  const limit = Number(given);
  // minValue holds in the editor; an expression can still give 0 or "x".
  if (!Number.isInteger(limit) || limit < 1) {
    throw new NodeOperationError(
      this.getNode(),
      `Limit must be a whole number of at least 1, not ${
        JSON.stringify(given)
      }`,
      { itemIndex: i },
    );
  }
  return limit;
}

export interface PagedList {
  /** The API's list route, e.g. `/api/tiktok/posts`. */
  path: string;
  /** The answer's field holding the page's items. */
  field: string;
  /** How many items to output at most (`listLimit`). */
  limit: number;
  /** The page size to ask for, given how many items are kept so far. */
  pageSize: (kept: number) => number;
  /** Which of a page's items to keep (all unless given). */
  keep?: (item: IDataObject) => boolean;
}

/**
 * Reads `list.path` page after page through each answer's `cursor` (null
 * on the last page) until `list.limit` items are kept or none are left.
 */
export async function readPages(
  this: IExecuteFunctions,
  i: number,
  list: PagedList,
): Promise<IDataObject[]> {
  const items: IDataObject[] = [];
  let cursor: string | null = null;
  do {
    const qs: IDataObject = { limit: list.pageSize(items.length) };
    if (cursor) qs.cursor = cursor;
    const page = await pm3kRequest.call(this, i, {
      method: "GET",
      path: list.path,
      qs,
    });
    const listed = (page[list.field] as IDataObject[] | undefined) ?? [];
    items.push(...(list.keep ? listed.filter(list.keep) : listed));
    cursor = typeof page.cursor === "string" && page.cursor
      ? page.cursor
      : null;
  } while (cursor && items.length < list.limit);
  return items.slice(0, list.limit);
}

/**
 * A list operation over `path`'s `field`: Return All or the first Limit
 * items (`listLimit`), read in pages of at most `pageMax`, each asking for
 * no more than are still wanted (List Posts, List Uploads).
 */
export function listAll(
  path: string,
  field: string,
  pageMax: number,
): (this: IExecuteFunctions, i: number) => Promise<IDataObject[]> {
  return async function (this: IExecuteFunctions, i: number) {
    const limit = listLimit.call(this, i);
    return await readPages.call(this, i, {
      path,
      field,
      limit,
      pageSize: (kept) => Math.min(pageMax, limit - kept),
    });
  };
}
