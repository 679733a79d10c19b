/**
 * An id argument a tool does not take (docs/mcp.md#answers-and-errors):
 * an agent holding a publish_id gives it to get_post_stats, which takes a
 * post_id, or a job_id to get_post_status. The refusal's issue for the
 * unknown field says which id the tool takes and which tool turns the
 * one given into it, where it said "unknown field" alone. Through the
 * official SDK's client against the real server.
 */
import assert from "node:assert/strict";
import { toolError, withMcpPoster } from "./_helpers/mcp_client.ts";

/** The issue the refusal gives for `field`. */
function issueOf(body: Record<string, unknown>, field: string): string {
  const issues = body.issues as { path: string; message: string }[];
  const issue = issues.find((i) => i.path === field);
  assert.ok(issue, JSON.stringify(body));
  return issue.message;
}

Deno.test("MCP: an id a tool does not take is refused saying which id it takes and where to get it", async () => {
  await withMcpPoster("mcp_id_hints", async ({ client }) => {
    const cases: [string, Record<string, unknown>, string, RegExp][] = [
      [
        "get_post_stats",
        { publish_id: "v_pub_1" },
        "publish_id",
        /takes the post's "post_id": get_post_status answers it for a publish_id/,
      ],
      [
        "mark_not_posted",
        { job_id: "01J" },
        "job_id",
        /"post_id": get_scheduled answers a posted job's publish_id, then get_post_status its post_id/,
      ],
      [
        "get_post_status",
        { job_id: "01J" },
        "job_id",
        /takes a "publish_id": get_scheduled answers a job's once it posted/,
      ],
      [
        "get_post_status",
        { post_id: "01P" },
        "post_id",
        /takes the "publish_id" post_video or post_photos answered/,
      ],
      [
        "get_scheduled",
        { publish_id: "v_pub_1" },
        "publish_id",
        /takes the "job_id" schedule_post answered; .* get_post_status/,
      ],
      [
        "cancel_scheduled",
        { id: "01J" },
        "id",
        /the id goes in "job_id"/,
      ],
      [
        "change_scheduled",
        { publish_id: "v_pub_1", title: "new" },
        "publish_id",
        /takes the "job_id" schedule_post answered/,
      ],
      [
        "delete_upload",
        { url: "https://files.example/u/clip.mp4" },
        "url",
        /takes the upload's "upload_id", which list_uploads gives/,
      ],
      [
        "get_upload",
        { album_id: "01A" },
        "album_id",
        /an album goes to get_album, retain_album or delete_album/,
      ],
      [
        "retain_album",
        { upload_id: "01U" },
        "upload_id",
        /takes an "album_id"; an upload goes to get_upload or delete_upload/,
      ],
      ["get_album", { id: "01A" }, "id", /the id goes in "album_id"/],
    ];
    for (const [tool, args, field, hint] of cases) {
      const body = await toolError(client, tool, args, "bad_request");
      const said = issueOf(body, field);
      assert.match(said, /^unknown field \(/, `${tool}: ${said}`);
      assert.match(said, hint, `${tool}: ${said}`);
      // The message carries it too, after the missing id's own issue.
      assert.match(String(body.message), hint, tool);
    }
  });
});
