/**
 * MCP's retain_album (docs/mcp.md#media): `POST /api/album/retain` by
 * another door, the same domain function (lib/media/albums.ts). An album
 * lives 24 hours unless retained, and an agent preparing a carousel to
 * post later had no tool to keep it: the album and its images were
 * deleted under it. Driven by the official SDK's client over HTTP.
 */
import assert from "node:assert/strict";
import {
  mcpClient,
  toolError,
  toolOk as ok,
  withMcpPoster,
} from "./_helpers/mcp_client.ts";
import type { ListToolsResult } from "./_helpers/mcp_client.ts";
import { fixture, uploadBytes } from "./_helpers/api_client.ts";
import { assertJsonOk } from "./_helpers/http_asserts.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { PLANS } from "../lib/plans.ts";

const HOUR = 3600_000;

Deno.test("MCP retain_album keeps an album and its images for the plan's storage time, as POST /api/album/retain does", async () => {
  await withMcpPoster("mcp_retain", async ({ server, client, me }) => {
    const { tools } = await client.listTools() as ListToolsResult;
    const listed = tools.find((t) => t.name === "retain_album");
    assert.ok(listed, "retain_album is listed");
    assert.deepEqual(Object.keys(listed.inputSchema.properties ?? {}), [
      "album_id",
    ]);
    assert.equal(listed.annotations?.readOnlyHint, false);
    assert.equal(listed.annotations?.destructiveHint, false);
    assert.equal(listed.annotations?.idempotentHint, true);
    // It says how long each plan keeps it, and the 24 hours otherwise.
    assert.match(
      String(listed.description),
      /48 hours on Free, 7 days on Monthly, 30 days on Annual/,
    );
    assert.match(String(listed.description), /lives 24 hours/);
    // create_album's description points to it.
    assert.match(
      String(tools.find((t) => t.name === "create_album")?.description),
      /retain_album keeps it longer/,
    );

    const album = await ok(client, "create_album");
    assert.equal(album.retained, false);
    assert.equal(
      Date.parse(String(album.expires_at)),
      server.clock.now() + 24 * HOUR,
    );
    const image = await uploadBytes(me, await fixture("photo3.webp"), {
      filename: "x.webp",
      contentType: "image/webp",
      albumId: String(album.album_id),
    });
    assert.equal(image.status, 200);

    server.clock.advance(HOUR);
    const kept = await ok(client, "retain_album", {
      album_id: album.album_id,
    });
    const until = server.clock.now() + PLANS.monthly.storageTtlHours * HOUR;
    assert.equal(kept.retained, true);
    assert.equal(Date.parse(String(kept.expires_at)), until);
    assert.deepEqual(kept.photo_images, [image.body.url]);
    // Its image is kept as long, and the answer is REST's album.
    const shown = await ok(client, "get_upload", {
      upload_id: image.body.upload_id,
    });
    assert.equal(Date.parse(String(shown.expires_at)), until);
    assert.deepEqual(
      kept,
      await assertJsonOk(
        await me.call("GET", `/api/albums/${album.album_id}`),
      ),
    );
    // Past the 24 hours it would have lived, it is still there.
    server.clock.advance(30 * HOUR);
    assert.equal(
      (await ok(client, "get_album", { album_id: album.album_id })).album_id,
      album.album_id,
    );

    // An album left to expire is not_found, as on REST.
    const brief = await ok(client, "create_album");
    server.clock.advance(25 * HOUR);
    await toolError(client, "retain_album", {
      album_id: brief.album_id,
    }, "not_found");

    // Another account's album is not_found; a bad call is bad_request.
    const other = await posterFor(server, "mcp_retain_other");
    const otherClient = await mcpClient(server, other.key);
    try {
      await toolError(otherClient, "retain_album", {
        album_id: album.album_id,
      }, "not_found");
    } finally {
      await otherClient.close();
    }
    await toolError(client, "retain_album", { album_id: "" }, "bad_request");
    await toolError(client, "retain_album", {}, "bad_request");
    await toolError(client, "retain_album", {
      album_id: album.album_id,
      hours: 48,
    }, "bad_request");
  });
});
