/**
 * The query of a dashboard write (a form's POST, the key's POST and
 * DELETE; docs/accounts.md#sessions-and-csrf): none is taken. The page's
 * own forms post to bare paths, so a query there was added by hand or by
 * a tool, and ignoring it would do the write as if it were not there, as
 * `/dashboard/plan?plan=free` posting the form's own plan. The API
 * refuses a query it does not know (api_query.ts); the dashboard's writes
 * refuse every one, with the same code and words a person can act on.
 * @module
 */
import { AppError, echoed } from "../errors.ts";
import type { AppContext } from "./app_types.ts";
import { someNames } from "./schema_issues.ts";

/** Methods that only read: their query is the page's (`?saved=`, `?post=`). */
const READS = new Set(["GET", "HEAD"]);

/**
 * @throws {AppError} 400 `bad_request` naming the query's parameters, for
 *   a write sent with a query
 */
export function refuseWriteQuery(c: AppContext): void {
  if (READS.has(c.req.method)) return;
  const names = [...new URL(c.req.url).searchParams.keys()];
  if (names.length === 0) return;
  // At most 20 names, then a count (someNames): a long query must not
  // make the answer as long as itself.
  const named = [...new Set(names)].map((n) =>
    n === "" ? "(no name)" : echoed(n, 100)
  );
  throw new AppError(
    "bad_request",
    `This address takes no query (?${
      someNames(named)
    }): send the form from its dashboard page, with its fields in the body.`,
  );
}
