/**
 * MCP tools' id arguments answer an unknown id as REST answers it in a path
 * (docs/mcp.md#answers-and-errors): 404 `not_found` in PM3K's words, however
 * long the id, never a schema message about its length. Through the official
 * SDK's client against the real server.
 */
import assert from "node:assert/strict";
import { toolError, withMcpPoster } from "./_helpers/mcp_client.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";

/** Ids no record has: ULID-like, one past the old 64, and 5,000 long. */
const IDS = [
  "01NOSUCHRECORD",
  "X".repeat(65),
  "Y".repeat(129),
  "Z".repeat(5000),
];

Deno.test("MCP id arguments of any length answer an unknown id as not_found in REST's words", async () => {
  await withMcpPoster("mcp_long_ids", async ({ me, client }) => {
    for (const id of IDS) {
      const cases: [
        string,
        Record<string, unknown>,
        string,
        string,
        unknown?,
      ][] = [
        ["get_scheduled", { job_id: id }, "GET", `/api/jobs/${id}`],
        ["cancel_scheduled", { job_id: id }, "DELETE", `/api/jobs/${id}`],
        [
          "change_scheduled",
          { job_id: id, title: "new caption" },
          "PATCH",
          `/api/jobs/${id}`,
          { title: "new caption" },
        ],
        [
          "get_post_stats",
          { post_id: id },
          "GET",
          `/api/tiktok/posts/${id}/stats`,
        ],
        [
          "mark_not_posted",
          { post_id: id },
          "POST",
          `/api/tiktok/posts/${id}/not_posted`,
        ],
        [
          "complete_upload",
          { upload_id: id },
          "POST",
          `/api/uploads/${id}/complete`,
        ],
        ["delete_upload", { upload_id: id }, "DELETE", `/api/uploads/${id}`],
        ["get_album", { album_id: id }, "GET", `/api/albums/${id}`],
        ["delete_album", { album_id: id }, "DELETE", `/api/albums/${id}`],
        [
          "retain_album",
          { album_id: id },
          "POST",
          "/api/album/retain",
          { album_id: id },
        ],
        [
          "get_post_status",
          { publish_id: id },
          "POST",
          "/api/tiktok/status",
          { publish_id: id },
        ],
      ];
      for (const [name, args, method, path, body] of cases) {
        const said = await toolError(client, name, args, "not_found");
        const rest = await assertJsonError(
          await me.call(method, path, body),
          404,
          "not_found",
        );
        assert.equal(said.message, rest.message, `${name} (${id.length})`);
        assert.doesNotMatch(String(said.message), /Too big|expected string/);
        // The id is echoed cut short, so the answer stays small.
        assert.ok(String(said.message).length < 200, String(said.message));
      }
    }
  });
});

Deno.test("MCP album_id arguments of any length answer an unknown album as not_found, as REST's bodies do", async () => {
  await withMcpPoster("mcp_long_album_ids", async ({ me, client }) => {
    for (const id of IDS) {
      const upload = {
        filename: "a.jpg",
        content_type: "image/jpeg",
        size: 100,
        album_id: id,
      };
      const said = await toolError(client, "start_upload", upload, "not_found");
      const rest = await assertJsonError(
        await me.call("POST", "/api/uploads", upload),
        404,
        "not_found",
      );
      assert.equal(said.message, rest.message, `start_upload (${id.length})`);
    }
  });
});

Deno.test("MCP id arguments still refuse an empty id as bad_request in PM3K's words", async () => {
  await withMcpPoster("mcp_empty_ids", async ({ client }) => {
    const body = await toolError(
      client,
      "get_scheduled",
      { job_id: "" },
      "bad_request",
    );
    assert.deepEqual(body.issues, [{
      path: "job_id",
      message: "job_id is empty: give the id PM3K answered",
    }]);
  });
});
