/**
 * An MCP client that goes away mid-copy of `upload_media_from_url`
 * (docs/mcp.md#long-calls), the official SDK's client closed while the call
 * runs: the copy stops as REST's does for a client gone
 * (docs/media.md#uploads-from-a-url): the source is no longer read, the
 * account's ingest slot is given back and nothing is kept. A call with an
 * idempotency_key goes on, so its retry gets the upload.
 */
import assert from "node:assert/strict";
import { mcpClient, withMcpPoster } from "./_helpers/mcp_client.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import { waitUntil } from "./_helpers/wait_until.ts";
import { getTyped, keys, listTyped } from "../lib/kv_keys.ts";
import type { TestServer } from "./_helpers/test_server.ts";

/** Whether the account's ingest slot is taken. */
async function slotTaken(server: TestServer, openId: string) {
  return (await getTyped(server.kv, keys.ingestSlots(openId))).value !== null;
}

Deno.test("MCP upload_media_from_url whose client goes away stops the copy and keeps nothing; with an idempotency_key it goes on", async () => {
  const source = await startSourceServer();
  try {
    await withMcpPoster("mcp_copy_gone", async ({ server, me }) => {
      const client = await mcpClient(server, me.key);
      const call = client.callTool(
        {
          name: "upload_media_from_url",
          // Endless, 1.3 MB/s: a big file being copied.
          arguments: { url: `${source.origin}/paced.mp4` },
        },
        undefined,
        { timeout: 60_000 },
      );
      await waitUntil(
        "the copy is under way",
        async () =>
          source.openBodies() === 1 && await slotTaken(server, me.openId),
      );
      await client.close();
      await assert.rejects(call);
      await waitUntil(
        "the source no longer read, the slot given back, nothing kept",
        async () =>
          source.openBodies() === 0 &&
          !(await slotTaken(server, me.openId)) &&
          (await listTyped(server.kv, keys.uploadsByAccountPrefix(me.openId)))
              .length === 0,
        3_000,
      );

      source.holding = true;
      const keyedClient = await mcpClient(server, me.key);
      const again = keyedClient.callTool(
        {
          name: "upload_media_from_url",
          arguments: {
            url: `${source.origin}/held.mp4`,
            idempotency_key: "copy-once",
          },
        },
        undefined,
        { timeout: 60_000 },
      );
      await waitUntil(
        "the keyed copy is under way",
        () => source.openBodies() === 1,
      );
      await keyedClient.close();
      await assert.rejects(again);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(source.openBodies(), 1, "the keyed copy is still read");
      source.holding = false;
      await waitUntil(
        "the keyed copy done",
        async () => !(await slotTaken(server, me.openId)),
      );
      assert.equal(
        (await listTyped(server.kv, keys.uploadsByAccountPrefix(me.openId)))
          .length,
        1,
        "the keyed copy's upload",
      );
    });
  } finally {
    await source.close();
  }
});
