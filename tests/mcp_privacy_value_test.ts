/**
 * A privacy that is none of TikTok's four names (docs/posting.md#fields):
 * an agent writes "PUBLIC" or "private" where TikTok's name is
 * PUBLIC_TO_EVERYONE or SELF_ONLY. The refusal lists the four, says where
 * the creator's choices come from, and names the one meant when it is
 * plain, where it said zod's "Invalid option" alone. Through the official
 * SDK's client and REST, the same schema refusing both.
 */
import assert from "node:assert/strict";
import { toolError, withMcpPoster } from "./_helpers/mcp_client.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";

Deno.test("MCP and REST: a privacy TikTok does not name is refused listing its names and the one meant", async () => {
  await withMcpPoster("mcp_privacy_value", async ({ client, me }) => {
    const cases: [unknown, string | null][] = [
      ["PUBLIC", "PUBLIC_TO_EVERYONE"],
      ["public", "PUBLIC_TO_EVERYONE"],
      ["Private", "SELF_ONLY"],
      ["only me", "SELF_ONLY"],
      ["friends", "MUTUAL_FOLLOW_FRIENDS"],
      ["followers", "FOLLOWER_OF_CREATOR"],
      ["self_only", "SELF_ONLY"],
      ["EVERYONE", "PUBLIC_TO_EVERYONE"],
      ["somebody", null],
      [3, null],
    ];
    for (const [given, meant] of cases) {
      const args = {
        source_url: "https://files.example/clip.mp4",
        title: "a caption",
        privacy: given,
      };
      const said = await toolError(client, "post_video", args, "bad_request");
      const issue = (said.issues as { path: string; message: string }[])
        .find((i) => i.path === "privacy");
      assert.ok(issue, JSON.stringify(said));
      assert.match(
        issue.message,
        /^privacy is one of "PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR" or "SELF_ONLY", as TikTok names them: pick one of the creator's privacy_level_options \(GET \/api\/tiktok\/creator_info; MCP get_creator_info\)/,
      );
      // The one meant, last, or none.
      assert.equal(
        /; did you mean "([A-Z_]+)"\?$/.exec(issue.message)?.[1] ?? null,
        meant,
        issue.message,
      );
      // REST's answer is the same words.
      const rest = await assertJsonError(
        await me.call("POST", "/api/tiktok/direct_post", args),
        400,
        "bad_request",
      );
      assert.equal(rest.message, said.message);
    }
  });
});
