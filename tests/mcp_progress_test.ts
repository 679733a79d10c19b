/**
 * Long MCP tool calls (docs/mcp.md#long-calls): a client that sends a
 * progressToken is told, while a copy runs, the bytes copied so far, so
 * the official SDK's client, resetting its timeout on progress, waits past
 * its timeout for the answer; a client that sends none gets one JSON body,
 * as before.
 */
import assert from "node:assert/strict";
import { mcpAnswer, mcpClient, postMcpRaw } from "./_helpers/mcp_client.ts";
import type { CallToolResult } from "./_helpers/mcp_client.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor, verifySource } from "./_helpers/posting_setup.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import { waitUntil } from "./_helpers/wait_until.ts";

/** How often the test server tells a call it still runs. */
const PROGRESS_MS = 200;

/** The client's timeout: shorter than the held copy takes. */
const CLIENT_TIMEOUT_MS = 1_000;

Deno.test("MCP: a copy longer than the client's timeout reports progress to a client that asked, which waits for its answer", async () => {
  const server = await startTestServer({
    timing: { mcpProgressMs: PROGRESS_MS },
  });
  const source = await startSourceServer();
  const me = await posterFor(server, "mcp_progress");
  const client = await mcpClient(server, me.key);
  try {
    for (
      const [tool, args] of [
        ["upload_media_from_url", { url: `${source.origin}/held.mp4` }],
        ["post_video", {
          source_url: `${source.origin}/held.mp4`,
          title: "a slow copy through MCP",
          privacy: "SELF_ONLY",
        }],
      ] as const
    ) {
      if (tool === "post_video") await verifySource(me, source);
      source.holding = true;
      const progress: { progress: number; message?: string }[] = [];
      const started = performance.now();
      const call = client.callTool(
        { name: tool, arguments: args },
        undefined,
        {
          timeout: CLIENT_TIMEOUT_MS,
          resetTimeoutOnProgress: true,
          onprogress: (p) => progress.push(p),
        },
      );
      // Whatever happens, the copy is let go after twice the timeout.
      const outcome = call.then(
        (result) => ({ result }),
        (error: Error) => ({ error }),
      );
      await waitUntil(
        `${tool}: progress past the client's timeout`,
        () => performance.now() - started > 2 * CLIENT_TIMEOUT_MS,
      );
      source.holding = false;
      const done = await outcome;
      assert.ok(
        "result" in done,
        `${tool}: answered, not timed out: ${
          "error" in done ? done.error.message : ""
        }`,
      );
      const result = done.result as CallToolResult;
      assert.ok(!result.isError, JSON.stringify(result.content));
      assert.equal((result.structuredContent as { ok: boolean }).ok, true);
      assert.ok(progress.length >= 5, `${tool}: ${progress.length} progress`);
      // Increasing, as MCP requires, each saying the bytes copied so far
      // (tests/mcp_copy_progress_test.ts follows a copy in detail).
      for (let i = 1; i < progress.length; i++) {
        assert.ok(progress[i].progress > progress[i - 1].progress, tool);
      }
      // Bytes where the copy tells them; before (an upload looks at the
      // source's first 512 bytes before it copies), that the source
      // answered and its first bytes are awaited, or that the call runs.
      const host = new URL(source.origin).host.replaceAll(".", "\\.");
      for (const p of progress) {
        assert.match(
          String(p.message),
          new RegExp(
            `^(Copied [\\d.]+ (bytes|kB) of 40\\.9 kB from the link|(Connecting to|Answered by) ${host}|${tool} still running after \\d+ s)`,
          ),
        );
      }
      assert.ok(
        progress.some((p) => p.message?.startsWith("Copied")),
        tool,
      );
      assert.match(
        String(progress.at(-1)!.message),
        /^Copied 40\.9 kB of 40\.9 kB from the link; done/,
      );
    }
  } finally {
    source.holding = false;
    await client.close();
    await source.close();
    await server.close();
  }
});

Deno.test("MCP: a tools/call with a progressToken is answered on an event stream with the API's headers; one without, as one JSON body", async () => {
  const server = await startTestServer();
  const me = await posterFor(server, "mcp_progress_raw");
  try {
    const call = (meta: Record<string, unknown>) =>
      postMcpRaw(
        server.url,
        me.key,
        JSON.stringify({
          jsonrpc: "2.0",
          id: 7,
          method: "tools/call",
          params: { name: "get_limits", arguments: {}, ...meta },
        }),
      );
    const streamed = await call({ _meta: { progressToken: "p-1" } });
    assert.equal(streamed.status, 200);
    assert.equal(streamed.headers.get("content-type"), "text/event-stream");
    // The SDK's own for a stream (no proxy may buffer or rewrite it).
    assert.equal(
      streamed.headers.get("cache-control"),
      "no-cache, no-transform",
    );
    assert.equal(streamed.headers.get("referrer-policy"), "no-referrer");
    const answer = await mcpAnswer(streamed);
    assert.equal(answer.id, 7);
    assert.equal(answer.result.structuredContent.ok, true);
    const plain = await call({});
    assert.equal(plain.headers.get("content-type"), "application/json");
    assert.equal((await plain.json()).result.structuredContent.ok, true);
  } finally {
    await server.close();
  }
});

Deno.test("MCP: a client leaving a progress stream mid-copy does not stop the call; the retry with its idempotency_key gets the upload", async () => {
  const server = await startTestServer({
    timing: { mcpProgressMs: PROGRESS_MS },
  });
  const source = await startSourceServer();
  const me = await posterFor(server, "mcp_progress_left");
  const client = await mcpClient(server, me.key);
  try {
    source.holding = true;
    const args = {
      url: `${source.origin}/held.mp4`,
      idempotency_key: "left-the-stream-1",
    };
    const leaving = new AbortController();
    const res = await fetch(`${server.url}/mcp`, {
      method: "POST",
      signal: leaving.signal,
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json, text/event-stream",
        Authorization: `Bearer ${me.key}`,
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: {
          name: "upload_media_from_url",
          arguments: args,
          _meta: { progressToken: 1 },
        },
      }),
    });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let seen = "";
    while (!seen.includes("notifications/progress")) {
      const { value, done } = await reader.read();
      assert.ok(!done, "a progress notification before the end");
      seen += value;
    }
    leaving.abort();
    await reader.cancel().catch(() => {
      // Already aborted: the client is gone, as intended.
    });
    source.holding = false;
    // The first call ends on its own; its retry then answers its upload.
    let retried: CallToolResult;
    do {
      await new Promise((r) => setTimeout(r, 100));
      retried = await client.callTool({
        name: "upload_media_from_url",
        arguments: args,
      }) as CallToolResult;
    } while (
      retried.isError &&
      JSON.parse((retried.content[0] as { text: string }).text).error ===
        "idempotency_in_progress"
    );
    assert.ok(!retried.isError, JSON.stringify(retried.content));
    assert.equal(retried._meta?.["pm3k.org/idempotent_replayed"], true);
    const upload = retried.structuredContent as { state: string };
    assert.equal(upload.state, "complete");
  } finally {
    source.holding = false;
    await client.close();
    await source.close();
    await server.close();
  }
});
