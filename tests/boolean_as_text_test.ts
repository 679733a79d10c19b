/**
 * A post's flags (`disable_comment`, `is_ad`…) given as text, as an n8n or
 * Make field typed as a string sends them (docs/api.md#limits-on-every-request):
 * still 400 `bad_request` with the field in `issues`, never read as a flag,
 * and the issue says to write the boolean without quotes, in place of
 * zod's "expected boolean, received string". Over loopback HTTP and the MCP
 * SDK client; nothing reaches the simulator.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { mcpClient, toolError } from "./_helpers/mcp_client.ts";

Deno.test('a flag sent as "false" or another non-boolean is refused saying to write true or false without quotes, on REST and MCP', async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "boolean_as_text");
    const post = {
      source_url: await me.uploadVideo(),
      title: "flags as text",
      privacy: "SELF_ONLY",
    };
    const quoted = await me.json("POST", "/api/tiktok/direct_post", {
      ...post,
      disable_comment: "false",
      is_ad: " TRUE",
    });
    assert.equal(quoted.status, 400);
    assert.equal(quoted.body.error, "bad_request");
    assert.deepEqual(quoted.body.issues, [
      {
        path: "disable_comment",
        message:
          'a JSON boolean is written without quotes: send false, not "false" (a workflow field typed as text, or an expression in quotes, sends text)',
      },
      {
        path: "is_ad",
        message:
          'a JSON boolean is written without quotes: send true, not " TRUE" (a workflow field typed as text, or an expression in quotes, sends text)',
      },
    ]);
    const other = await me.json("POST", "/api/tiktok/direct_post", {
      ...post,
      disable_duet: 0,
      disable_stitch: "no",
    });
    assert.equal(other.status, 400);
    assert.deepEqual(other.body.issues, [
      {
        path: "disable_duet",
        message:
          "expected true or false (a JSON boolean, without quotes); this is a number",
      },
      {
        path: "disable_stitch",
        message:
          "expected true or false (a JSON boolean, without quotes); this is a string",
      },
    ]);
    assert.equal(await me.sandboxPosts(), 0, "nothing was posted");

    const client = await mcpClient(server, me.key);
    try {
      const said = await toolError(client, "post_video", {
        ...post,
        disable_comment: "true",
      }, "bad_request");
      assert.match(
        String(said.message),
        /disable_comment: a JSON boolean is written without quotes: send true, not "true"/,
      );
    } finally {
      await client.close();
    }
  } finally {
    await server.close();
  }
});
