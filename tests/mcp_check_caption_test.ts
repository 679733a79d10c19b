/**
 * MCP's check_caption (docs/mcp.md#tools): `POST /api/caption/check` by
 * another door, so an agent writing a caption learns whether the caption
 * rules take it before it posts or schedules, rather than from a refused
 * post. Driven by the official SDK's client over HTTP.
 */
import assert from "node:assert/strict";
import {
  toolError,
  toolOk as ok,
  withMcpPoster,
} from "./_helpers/mcp_client.ts";
import type { ListToolsResult } from "./_helpers/mcp_client.ts";
import { assertJsonOk } from "./_helpers/http_asserts.ts";

Deno.test("MCP check_caption answers what a post with that caption would be refused with, as POST /api/caption/check does, and posts nothing", async () => {
  await withMcpPoster("mcp_caption_check", async ({ client, me }) => {
    const { tools } = await client.listTools() as ListToolsResult;
    const listed = tools.find((t) => t.name === "check_caption");
    assert.ok(listed, "check_caption is listed");
    assert.deepEqual(Object.keys(listed.inputSchema.properties ?? {}), [
      "title",
    ]);
    assert.deepEqual(listed.inputSchema.required, ["title"]);
    assert.equal(listed.annotations?.readOnlyHint, true);
    // The instructions and the posting tools point the agent at it.
    assert.match(String(client.getInstructions()), /check_caption/);
    for (const name of ["post_video", "post_photos", "schedule_post"]) {
      assert.match(
        tools.find((t) => t.name === name)!.description!,
        /check_caption/,
        name,
      );
    }

    const linked = "new clip, more at https://example.com/more";
    const problem = await ok(client, "check_caption", { title: linked });
    assert.deepEqual(
      problem,
      await assertJsonOk(
        await me.call("POST", "/api/caption/check", { title: linked }),
      ),
      "the answer is REST's",
    );
    const { code, message } = problem.problem as Record<string, string>;
    assert.equal(code, "links_forbidden");
    // Exactly what the post itself is refused with.
    const refused = await toolError(client, "post_video", {
      source_url: await me.uploadVideo(),
      title: linked,
      privacy: "SELF_ONLY",
    }, "links_forbidden");
    assert.equal(message, refused.message);

    const stop = await ok(client, "check_caption", {
      title: "best casino tips",
    });
    assert.equal(
      (stop.problem as Record<string, string>).code,
      "forbidden_word",
    );
    assert.deepEqual(
      await ok(client, "check_caption", { title: "a quiet morning walk" }),
      { ok: true, problem: null },
    );
    // An empty caption passes, as a post without one does.
    assert.deepEqual(await ok(client, "check_caption", { title: "" }), {
      ok: true,
      problem: null,
    });

    // Refused as the REST body is: TikTok's name for the caption is
    // answered with "title"; none given names it.
    const renamed = await toolError(client, "check_caption", {
      caption: "hello",
    }, "bad_request");
    // The unknown field's own issue says where it goes (the missing
    // title's issue names "title" too, whatever the hint).
    assert.deepEqual(
      (renamed.issues as { path: string; message: string }[])
        .find((i) => i.path === "caption")?.message,
      'unknown field (the caption goes in "title")',
    );
    const missing = await toolError(
      client,
      "check_caption",
      {},
      "bad_request",
    );
    assert.deepEqual(
      (missing.issues as { path: string }[]).map((i) => i.path),
      ["title"],
    );
    await toolError(client, "check_caption", {
      title: "x".repeat(2201),
    }, "bad_request");

    // Checking counts nothing: the day's posts are all left.
    const limits = await ok(client, "get_limits");
    assert.equal(limits.posts_left_today, 10);
  });
});
