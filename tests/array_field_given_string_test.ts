/**
 * A list field given one value (docs/api.md#limits-on-every-request): an
 * agent or a workflow sends `photo_images` as one URL, or as a JSON string
 * holding the list (encoded twice). The refusal says to send a JSON array,
 * even of one item, rather than zod's "expected array, received string",
 * on both doors: the MCP tool (the official SDK's client) and REST.
 */
import assert from "node:assert/strict";
import { toolError, withMcpPoster } from "./_helpers/mcp_client.ts";

const URL_ONE = "https://media.example/a.jpg";

Deno.test("photo_images given one URL as a string is refused saying to send a JSON array, over MCP and REST", async () => {
  await withMcpPoster("list_as_string", async ({ server, me, client }) => {
    const cases: [unknown, RegExp][] = [
      [URL_ONE, /a JSON array, even of one item.*this is a string/],
      [
        JSON.stringify([URL_ONE]),
        /a JSON string holding an array \(encoded twice\): send the array itself/,
      ],
    ];
    for (const [given, said] of cases) {
      const body = await toolError(client, "post_photos", {
        photo_images: given,
        title: "three photos",
      }, "bad_request");
      const issue = (body.issues as { path: string; message: string }[])
        .find((i) => i.path === "photo_images");
      assert.match(String(issue?.message), said, JSON.stringify(body));

      const res = await fetch(`${server.url}/api/tiktok/direct_post`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${me.key}`,
          "Content-Type": "application/json",
        },
        body: JSON.stringify({
          media_type: "PHOTO",
          photo_images: given,
          title: "three photos",
        }),
      });
      const rest = await res.json();
      assert.equal(res.status, 400);
      assert.equal(rest.error, "bad_request");
      assert.match(
        String(
          rest.issues.find((i: { path: string }) => i.path === "photo_images")
            ?.message,
        ),
        said,
      );
    }
  });
});
