/**
 * An MCP client cancelling `upload_media_from_url` mid-copy
 * (docs/mcp.md#cancelling-a-call): the official SDK's client, given an
 * AbortSignal that is then aborted, sends `notifications/cancelled` in a POST
 * of its own and keeps the call's POST open (SDK 1.32). The copy stops as
 * REST's does for a client gone (docs/media.md#uploads-from-a-url): the
 * slow loopback source is no longer read, the account's one ingest slot is
 * free at once for a second copy (not `ingest_limit`), and nothing of the
 * first is listed or left in storage.
 */
import assert from "node:assert/strict";
import { mcpClient, toolOk, withMcpPoster } from "./_helpers/mcp_client.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import { waitUntil } from "./_helpers/wait_until.ts";
import { storedObjects } from "./_helpers/stored_objects.ts";
import { getTyped, keys, listTyped } from "../lib/kv_keys.ts";

Deno.test("MCP upload_media_from_url cancelled by its client stops the copy, frees its slot at once and keeps nothing", async () => {
  const source = await startSourceServer();
  try {
    await withMcpPoster(
      "mcp_copy_cancelled",
      // One slot: a second copy while the first runs is ingest_limit.
      { ingestLimits: { maxConcurrentPerAccount: 1 } },
      async ({ server, me, client }) => {
        const slotTaken = async () =>
          (await getTyped(server.kv, keys.ingestSlots(me.openId))).value !==
            null;
        const cancel = new AbortController();
        const call = client.callTool(
          {
            name: "upload_media_from_url",
            // Endless, 1.3 MB/s: a big file being copied.
            arguments: { url: `${source.origin}/paced.mp4` },
          },
          undefined,
          { signal: cancel.signal, timeout: 60_000 },
        );
        await waitUntil(
          "the copy is under way",
          async () => source.openBodies() === 1 && await slotTaken(),
        );
        cancel.abort("the user changed their mind");
        await assert.rejects(call);
        await waitUntil(
          "the source no longer read, the slot given back",
          async () => source.openBodies() === 0 && !(await slotTaken()),
          3_000,
        );

        const second = await toolOk(client, "upload_media_from_url", {
          url: `${source.origin}/video.mp4`,
        });
        const listed = await toolOk(client, "list_uploads");
        assert.deepEqual(
          (listed.uploads as { upload_id: string }[]).map((u) => u.upload_id),
          [second.upload_id],
          "only the second copy is listed",
        );
        assert.equal(
          (await listTyped(server.kv, keys.uploadsByAccountPrefix(me.openId)))
            .length,
          1,
        );
        const objects = await storedObjects(server);
        assert.equal(objects.length, 1, `left in storage: ${objects}`);
      },
    );
  } finally {
    await source.close();
  }
});

Deno.test("MCP cancel naming an id two clients of one key run under stops neither; a keyed copy runs on", async () => {
  const source = await startSourceServer();
  try {
    await withMcpPoster("mcp_cancel_two", async ({ server, me }) => {
      // Two SDK clients number their requests alike: their first calls
      // share one JSON-RPC id under the same key.
      const first = await mcpClient(server, me.key);
      const second = await mcpClient(server, me.key);
      const cancel = new AbortController();
      source.holding = true;
      const calls = [
        first.callTool(
          {
            name: "upload_media_from_url",
            arguments: { url: `${source.origin}/held.mp4` },
          },
          undefined,
          { signal: cancel.signal, timeout: 60_000 },
        ).catch((error) => error),
        second.callTool(
          {
            name: "upload_media_from_url",
            arguments: { url: `${source.origin}/held.mp4` },
          },
          undefined,
          { timeout: 60_000 },
        ),
      ];
      await waitUntil("both copies under way", () => source.openBodies() === 2);
      cancel.abort();
      await calls[0];
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(source.openBodies(), 2, "neither copy stopped");
      source.holding = false;
      const done = await calls[1];
      assert.ok(!done.isError, JSON.stringify(done.content));
      await waitUntil(
        "both copies kept",
        async () =>
          (await listTyped(server.kv, keys.uploadsByAccountPrefix(me.openId)))
            .length === 2,
      );

      // With an idempotency_key, a cancel stops nothing: the retry gets it.
      source.holding = true;
      const keyed = new AbortController();
      const call = first.callTool(
        {
          name: "upload_media_from_url",
          arguments: {
            url: `${source.origin}/held.mp4`,
            idempotency_key: "k-1",
          },
        },
        undefined,
        { signal: keyed.signal, timeout: 60_000 },
      );
      await waitUntil(
        "the keyed copy under way",
        () => source.openBodies() === 1,
      );
      keyed.abort();
      await assert.rejects(call);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(source.openBodies(), 1, "the keyed copy is still read");
      source.holding = false;
      await waitUntil(
        "the keyed copy kept",
        async () =>
          (await listTyped(server.kv, keys.uploadsByAccountPrefix(me.openId)))
            .length === 3,
      );
      await first.close();
      await second.close();
    });
  } finally {
    source.holding = false;
    await source.close();
  }
});
