/**
 * From a post to its counts over MCP (docs/mcp.md#tools): post_video
 * answers a publish_id, get_post_status answers the post's post_id, and
 * get_post_stats and mark_not_posted take that post_id. The listing says
 * so in the tools' words, where it named a REST path and list_posts alone,
 * so an agent read an extra list to find an id it already held. Driven by
 * the official SDK's client over HTTP.
 */
import assert from "node:assert/strict";
import { toolOk as ok, withMcpPoster } from "./_helpers/mcp_client.ts";
import type { ListToolsResult } from "./_helpers/mcp_client.ts";
import { followAMinuteLater } from "./_helpers/follow_while.ts";

/** The description of a field of a JSON Schema object. */
function described(schema: unknown, field: string): string {
  const properties = (schema as {
    properties?: Record<string, { description?: string }>;
  }).properties ?? {};
  return properties[field]?.description ?? "";
}

Deno.test("MCP get_post_status' post_id is the one get_post_stats and mark_not_posted take, and the listing says so", async () => {
  await withMcpPoster("mcp_post_ids", async ({ server, me, client }) => {
    const { tools } = await client.listTools() as ListToolsResult;
    const byName = new Map(tools.map((t) => [t.name, t]));
    const status = byName.get("get_post_status")!;
    const answered = described(status.outputSchema, "post_id");
    assert.match(answered, /get_post_stats/);
    assert.match(answered, /mark_not_posted/);
    assert.doesNotMatch(answered, /GET \/api/, "in the tools' words");
    assert.match(status.description!, /post_id/);
    for (const name of ["get_post_stats", "mark_not_posted"]) {
      const t = byName.get(name)!;
      assert.match(
        described(t.inputSchema, "post_id"),
        /get_post_status/,
        name,
      );
    }
    assert.match(byName.get("get_post_stats")!.description!, /get_post_status/);

    // The chain an agent follows, with no list in between.
    const posted = await ok(client, "post_video", {
      source_url: await me.uploadVideo(),
      title: "from publish_id to counts",
      privacy: "PUBLIC_TO_EVERYONE",
    });
    for (let i = 0; i < 5; i++) await followAMinuteLater(server);
    server.clock.advance(20 * 60_000);
    const state = await ok(client, "get_post_status", {
      publish_id: posted.publish_id,
    });
    assert.equal(state.state, "done");
    const stats = await ok(client, "get_post_stats", {
      post_id: state.post_id,
    });
    assert.ok(
      (stats.stats as Record<string, number>).view_count > 0,
      JSON.stringify(stats),
    );
  });
});
