/**
 * An MCP client cancelling `upload_media_from_url` mid-copy
 * (docs/mcp.md#cancelling-a-call): the official SDK's client, given an
 * AbortSignal that is then aborted, sends `notifications/cancelled` in a POST
 * of its own and keeps the call's POST open (SDK 1.32). The copy stops as
 * REST's does for a client gone (docs/media.md#uploads-from-a-url): the
 * slow loopback source is no longer read, the account's one ingest slot is
 * free at once for a second copy (not `ingest_limit`), and nothing of the
 * first is listed or left in storage. The call is logged as cancelled, not
 * kept among the key's refused requests.
 */
import assert from "node:assert/strict";
import {
  mcpClient,
  postMcpRaw,
  toolOk,
  withMcpPoster,
} from "./_helpers/mcp_client.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import { waitUntil } from "./_helpers/wait_until.ts";
import { storedObjects } from "./_helpers/stored_objects.ts";
import { getTyped, keys, listTyped } from "../lib/kv_keys.ts";
import { CALL_CANCELLED } from "../lib/mcp/mcp_server.ts";

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
        // Recorded as cancelled, in the server's log, not as a refusal of
        // the key: the client asked for the stop (docs/mcp.md#cancelling-a-call).
        const cancelledLines = () =>
          server.logs.filter((l) =>
            l.message === CALL_CANCELLED &&
            l.tool === "upload_media_from_url" && l.open_id === me.openId
          );
        const refusals = () =>
          listTyped(server.kv, keys.apiRefusalsPrefix(me.openId));
        await waitUntil(
          "the stopped call recorded",
          async () =>
            cancelledLines().length > 0 || (await refusals()).length > 0,
        );
        assert.deepEqual(
          (await refusals()).map((e) => [e.value.route, e.value.code]),
          [],
          "a cancelled call is no refusal",
        );
        assert.equal(cancelledLines().length, 1);
        assert.equal(cancelledLines()[0].level, "info");

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
      // The marks of the account's calls that may stop, as [id, cancelled].
      const marks = async () =>
        (await listTyped(server.kv, keys.mcpCallsPrefix(me.openId)))
          .map((e) => [JSON.parse(String(e.key.at(-2))), e.value.cancelled]);
      // Sent as a client sends it; the server decides before its 202
      // (docs/mcp.md#cancelling-a-call), so what the marks then hold is
      // all the cancel does: no fixed wait stands in for "not stopped".
      const cancelCall = async (requestId: string | number) => {
        const res = await postMcpRaw(
          server.url,
          me.key,
          JSON.stringify({
            jsonrpc: "2.0",
            method: "notifications/cancelled",
            params: { requestId },
          }),
        );
        assert.equal(res.status, 202, await res.text());
      };
      // Two SDK clients number their requests alike: their first calls
      // share one JSON-RPC id under the same key.
      const first = await mcpClient(server, me.key);
      const second = await mcpClient(server, me.key);
      source.holding = true;
      const calls = [first, second].map((client) =>
        client.callTool(
          {
            name: "upload_media_from_url",
            arguments: { url: `${source.origin}/held.mp4` },
          },
          undefined,
          { timeout: 60_000 },
        )
      );
      await waitUntil(
        "both copies under way, marked",
        async () => source.openBodies() === 2 && (await marks()).length === 2,
      );
      const [[sharedId], [otherId]] = await marks();
      assert.equal(sharedId, otherId, "the two calls share their id");
      await cancelCall(sharedId);
      assert.deepEqual(await marks(), [[sharedId, false], [sharedId, false]]);
      source.holding = false;
      for (const done of await Promise.all(calls)) {
        assert.ok(!done.isError, JSON.stringify(done.content));
      }
      await waitUntil(
        "both copies kept",
        async () =>
          (await listTyped(server.kv, keys.uploadsByAccountPrefix(me.openId)))
            .length === 2,
      );

      // With an idempotency_key, a cancel stops nothing: the retry gets
      // it. Beside it, a copy without one, which the same cancel stops:
      // its end is the positive sign the cancels were seen by then.
      source.holding = true;
      await second.listTools(); // so that the two calls' ids differ
      const keyed = first.callTool(
        {
          name: "upload_media_from_url",
          arguments: {
            url: `${source.origin}/held.mp4`,
            idempotency_key: "k-1",
          },
        },
        undefined,
        { timeout: 60_000 },
      );
      await waitUntil(
        "the keyed copy marked",
        async () => (await marks()).length === 1,
      );
      const [[keyedId]] = await marks();
      const unkeyed = second.callTool(
        {
          name: "upload_media_from_url",
          arguments: { url: `${source.origin}/held.mp4` },
        },
        undefined,
        { timeout: 60_000 },
      ).catch((error) => error);
      await waitUntil(
        "the two copies under way, marked",
        async () => source.openBodies() === 2 && (await marks()).length === 2,
      );
      const [unkeyedId] = (await marks()).map(([id]) => id)
        .filter((id) => id !== keyedId);
      await cancelCall(keyedId);
      await cancelCall(unkeyedId);
      // The keyed call's mark is cancelled, and the call runs on.
      assert.deepEqual(
        (await marks()).filter(([id]) => id === keyedId),
        [[keyedId, true]],
      );
      await waitUntil(
        "the unkeyed copy stopped",
        () => source.openBodies() === 1,
        3_000,
      );
      await unkeyed;
      source.holding = false;
      const kept = await keyed;
      assert.ok(!kept.isError, JSON.stringify(kept.content));
      await waitUntil(
        "the keyed copy kept, alone",
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
