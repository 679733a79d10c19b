/**
 * MCP's get_upload (docs/mcp.md#media): `GET /api/uploads/{id}` by another
 * door. list_uploads shows completed videos only, so an agent holding a
 * start_upload's upload_id (bytes not yet PUT, or not yet completed) or an
 * album image's had no tool telling it that upload's state, url and
 * expiry. Driven by the official SDK's client over HTTP.
 */
import assert from "node:assert/strict";
import {
  mcpClient,
  toolError,
  toolOk as ok,
  withMcpPoster,
} from "./_helpers/mcp_client.ts";
import type { ListToolsResult } from "./_helpers/mcp_client.ts";
import { fixture, putUploadOk } from "./_helpers/api_client.ts";
import { assertJsonOk } from "./_helpers/http_asserts.ts";
import { posterFor } from "./_helpers/posting_setup.ts";

Deno.test("MCP get_upload tells one upload's state, url and expiry, pending or an album's image, as GET /api/uploads/{id} does", async () => {
  await withMcpPoster("mcp_get_upload", async ({ server, client, me }) => {
    const { tools } = await client.listTools() as ListToolsResult;
    const listed = tools.find((t) => t.name === "get_upload");
    assert.ok(listed, "get_upload is listed");
    assert.deepEqual(Object.keys(listed.inputSchema.properties ?? {}), [
      "upload_id",
    ]);
    assert.equal(listed.annotations?.readOnlyHint, true);

    const bytes = await fixture("portrait.mp4");
    const started = await ok(client, "start_upload", {
      filename: "clip.mp4",
      content_type: "video/mp4",
      size: bytes.length,
    });
    const pending = await ok(client, "get_upload", {
      upload_id: started.upload_id,
    });
    assert.equal(pending.state, "pending");
    assert.equal(pending.upload_id, started.upload_id);
    assert.equal(pending.expires_at, started.expires_at);
    // Not in list_uploads, which shows completed videos only.
    const listedUploads = await ok(client, "list_uploads");
    assert.deepEqual(listedUploads.uploads, []);

    // PUT but not completed: still pending, so complete_upload is next.
    await putUploadOk(started, bytes);
    assert.equal(
      (await ok(client, "get_upload", { upload_id: started.upload_id }))
        .state,
      "pending",
    );
    const completed = await ok(client, "complete_upload", {
      upload_id: started.upload_id,
    });
    const done = await ok(client, "get_upload", {
      upload_id: started.upload_id,
    });
    assert.equal(done.state, "complete");
    assert.equal(done.url, completed.url);
    assert.deepEqual(
      done,
      await assertJsonOk(
        await me.call("GET", `/api/uploads/${started.upload_id}`),
      ),
      "the answer is REST's",
    );

    // An album's image, which list_uploads leaves to its album.
    const album = await ok(client, "create_album");
    const photo = await fixture("photo2.jpg");
    const image = await ok(client, "start_upload", {
      filename: "one.jpg",
      content_type: "image/jpeg",
      size: photo.length,
      album_id: album.album_id,
    });
    await putUploadOk(image, photo);
    await ok(client, "complete_upload", { upload_id: image.upload_id });
    const shown = await ok(client, "get_upload", {
      upload_id: image.upload_id,
    });
    assert.equal(shown.kind, "image");
    assert.equal(shown.album_id, album.album_id);
    assert.equal(shown.state, "complete");

    // Another account's upload, or none, is not found; an empty id says so.
    const other = await posterFor(server, "mcp_get_upload_other");
    const otherClient = await mcpClient(server, other.key);
    try {
      await toolError(otherClient, "get_upload", {
        upload_id: started.upload_id,
      }, "not_found");
    } finally {
      await otherClient.close();
    }
    await toolError(client, "get_upload", {
      upload_id: "01KBH8Y5Q0M7W3J2C1X9ZP4R6T",
    }, "not_found");
    await toolError(client, "get_upload", { upload_id: "" }, "bad_request");
    await toolError(client, "get_upload", {}, "bad_request");
  });
});
