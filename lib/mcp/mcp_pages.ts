/**
 * The page arguments and answered cursor of the MCP tools that list
 * (list_scheduled, list_posts, list_uploads, list_albums), as their REST
 * lists page (docs/api.md#list-cursors).
 * @module
 */
import { z } from "zod";
import type { PostListQuery } from "../http/api_schemas.ts";
import { wholeNumber } from "../http/whole_number.ts";

/**
 * A list's page arguments: the REST query's fields, described for an
 * agent (the REST answer's own words, "?cursor=", name a query string).
 * `limit` is a JSON number, as every whole-number argument is
 * (docs/api.md#whole-numbers): REST's query reads its digits from text,
 * but a tool's `"10"` is a string where the listing says integer.
 */
export function pageArguments(
  query: typeof PostListQuery,
  what: string,
  defaultLimit: number,
) {
  return z.strictObject({
    limit: wholeNumber("limit", "a whole number from 1 to 100", 1, 100)
      .default(defaultLimit).describe(
        `How many ${what} on this page, 1 to 100 (${defaultLimit} when left out)`,
      ),
    cursor: query.shape.cursor.describe(
      `Leave out for the first page (the newest ${what}); for the next page, the cursor the previous answer gave, as it is. An answer's cursor is null only at the end of the list: a shorter page may still carry one, so read on until it is null (a full last page's cursor gives an empty one)`,
    ),
  });
}

/** A list's answered cursor, in a tool's words (REST's names `?cursor=`). */
export const NEXT_CURSOR = z.string().nullable().describe(
  "Give it as the cursor argument for the next page; null only at the end of the list (a shorter page may still carry one)",
);
