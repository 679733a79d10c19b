/**
 * The `issues` of a 400 (docs/api.md#limits-on-every-request): one per
 * problem, so one field failing two checks with one sentence is said once.
 */
import assert from "node:assert/strict";
import { bodyIssues, issuesMessage } from "../lib/http/schema_issues.ts";
import { PostListQuery } from "../lib/http/api_schemas.ts";

Deno.test("a limit past 2^53 (an MCP list_posts argument) is one issue, not the same sentence twice", () => {
  const parsed = PostListQuery.safeParse({ limit: 1e300 });
  assert.equal(parsed.success, false);
  const issues = bodyIssues(parsed.error!);
  assert.deepEqual(issues, [{
    path: "limit",
    message: "Give limit as a whole number from 1 to 100.",
  }]);
  assert.equal(
    issuesMessage(issues),
    "Invalid request: limit: Give limit as a whole number from 1 to 100.",
  );
});
