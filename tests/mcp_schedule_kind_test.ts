/**
 * Arguments an agent carries over from elsewhere
 * (docs/mcp.md#answers-and-errors): REST's POST /api/jobs `kind` to
 * schedule_post (the tool is the kind), list_scheduled's `state` to
 * list_posts. Each is still unknown (bad_request, nothing done), and its
 * issue says what to do, where it said "unknown field" alone. Driven by
 * the official SDK's client over HTTP.
 */
import assert from "node:assert/strict";
import { toolError, toolOk, withMcpPoster } from "./_helpers/mcp_client.ts";

Deno.test("MCP schedule_post given REST's kind says to leave it out, and schedules nothing", async () => {
  await withMcpPoster("mcp_schedule_kind", async ({ server, me, client }) => {
    const args = {
      source_url: await me.uploadVideo(),
      title: "kind from the REST docs",
      privacy: "SELF_ONLY",
      run_at: new Date(server.clock.now() + 2 * 86_400_000).toISOString(),
    };
    const said = await toolError(client, "schedule_post", {
      kind: "tiktok",
      ...args,
    }, "bad_request");
    assert.deepEqual(said.issues, [{
      path: "kind",
      message:
        `unknown field (schedule_post takes no kind: leave it out (REST's POST /api/jobs takes "kind": "tiktok"; this tool always schedules a TikTok post))`,
    }]);
    const listed = await toolOk(client, "list_scheduled");
    assert.deepEqual(listed.jobs, [], "nothing was scheduled");
    // Without it, the same arguments schedule.
    const job = await toolOk(client, "schedule_post", args);
    assert.equal(job.state, "scheduled");
  });
});

Deno.test("MCP list_posts given list_scheduled's state says it takes none and where a state filter is", async () => {
  await withMcpPoster("mcp_posts_state", async ({ client }) => {
    const said = await toolError(client, "list_posts", {
      state: "failed",
    }, "bad_request");
    assert.deepEqual(said.issues, [{
      path: "state",
      message:
        "unknown field (list_posts takes no state: each post's state is in its answer; list_scheduled takes a state for scheduled posts)",
    }]);
    assert.deepEqual((await toolOk(client, "list_posts")).posts, []);
  });
});
