/**
 * Progress of a copy from a URL over MCP (docs/mcp.md#long-calls): a
 * client that sends a progressToken is told the bytes copied so far, with
 * `total` when the source sent a Content-Length (the last notification
 * before the answer then reaching it), and each later stage; one that
 * sends none gets one JSON body, as before. The SDK's own client, against
 * the real server, copying from a loopback source that sends its file over
 * about a second.
 */
import assert from "node:assert/strict";
import { mcpClient, postMcpRaw } from "./_helpers/mcp_client.ts";
import type { CallToolResult, Client } from "./_helpers/mcp_client.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor, verifySource } from "./_helpers/posting_setup.ts";
import {
  SLOW_START_MS,
  startSourceServer,
  STEADY_BYTES,
} from "./_helpers/source_server.ts";
import type { SourceServer } from "./_helpers/source_server.ts";
import { waitUntil } from "./_helpers/wait_until.ts";

/** How often the test server may tell a call how it goes. */
const PROGRESS_MS = 200;

interface Seen {
  progress: number;
  total?: number;
  message?: string;
}

/** Calls `name` with a progressToken; its answer and the progress seen. */
async function followed(
  client: Client,
  name: string,
  args: Record<string, unknown>,
) {
  const seen: Seen[] = [];
  const started = performance.now();
  const result = await client.callTool(
    { name, arguments: args },
    undefined,
    { onprogress: (p) => seen.push(p) },
  ) as CallToolResult;
  assert.ok(!result.isError, JSON.stringify(result.content));
  return { result, seen, ms: performance.now() - started };
}

/** Each progress greater than the one before, as MCP requires. */
function assertIncreasing(seen: Seen[]) {
  for (let i = 1; i < seen.length; i++) {
    assert.ok(
      seen[i].progress > seen[i - 1].progress,
      `progress ${i}: ${JSON.stringify(seen)}`,
    );
  }
}

/**
 * `total` on every notification from the source's answer on (the wait for
 * its first bytes included); none before it, while connecting or before the
 * tool told anything, the size being unknown then.
 */
function assertTotalFromAnswer(seen: Seen[], total: number) {
  for (const p of seen) {
    const beforeAnswer = /^Connecting to |its answer comes on this request/
      .test(p.message ?? "");
    assert.equal(p.total, beforeAnswer ? undefined : total, p.message);
  }
}

/** The messages saying bytes copied, during the copy (no later stage). */
const copying = (seen: Seen[]) =>
  seen.filter((p) => /^Copied [\d.]+ [kM]B[^;]*$/.test(p.message ?? ""));

async function withCopySetUp(
  name: string,
  test: (
    t: {
      client: Client;
      origin: string;
      verify: () => Promise<void>;
      serverUrl: string;
      key: string;
      source: SourceServer;
    },
  ) => Promise<void>,
) {
  const server = await startTestServer({
    timing: { mcpProgressMs: PROGRESS_MS },
  });
  const source = await startSourceServer();
  const me = await posterFor(server, name);
  const client = await mcpClient(server, me.key);
  try {
    await test({
      client,
      origin: source.origin,
      verify: () => verifySource(me, source),
      serverUrl: server.url,
      key: me.key,
      source,
    });
  } finally {
    await client.close();
    await source.close();
    await server.close();
  }
}

Deno.test("MCP progress: upload_media_from_url tells the bytes copied of the Content-Length, increasing, and reaches the total before its answer", async () => {
  await withCopySetUp("mcp_copy_known", async ({ client, origin }) => {
    const { result, seen, ms } = await followed(
      client,
      "upload_media_from_url",
      { url: `${origin}/steady.mp4` },
    );
    assert.equal(
      (result.structuredContent as { size: number }).size,
      STEADY_BYTES,
    );
    assertIncreasing(seen);
    assertTotalFromAnswer(seen, STEADY_BYTES);
    assert.equal(seen.at(-1)!.progress, STEADY_BYTES);
    const bytes = copying(seen);
    assert.ok(bytes.length >= 2, JSON.stringify(seen));
    // MB with one decimal (kB below 0.1 MB).
    for (const p of bytes) {
      assert.match(
        String(p.message),
        /^Copied \d+\.\d [kM]B of 2\.5 MB from the link/,
      );
    }
    // Some part way, in MB with one decimal, as they came.
    assert.ok(
      bytes.some((p) =>
        /^Copied (0\.[1-9]|1\.\d|2\.[0-4]) MB/.test(p.message!)
      ),
      JSON.stringify(bytes),
    );
    // Throttled: the source's 39 parts are not 39 notifications.
    assert.ok(
      bytes.length <= Math.ceil(ms / PROGRESS_MS) + 2,
      `${bytes.length} in ${ms} ms`,
    );
    // The stage after the copy is said.
    assert.ok(
      seen.some((p) => /checking the video/.test(p.message ?? "")),
      JSON.stringify(seen),
    );
  });
});

Deno.test("MCP progress: a source without Content-Length gets byte counts and no total", async () => {
  await withCopySetUp("mcp_copy_unsized", async ({ client, origin }) => {
    const { result, seen } = await followed(
      client,
      "upload_media_from_url",
      { url: `${origin}/steady-unsized.mp4` },
    );
    assert.equal(
      (result.structuredContent as { size: number }).size,
      STEADY_BYTES,
    );
    assertIncreasing(seen);
    for (const p of seen) assert.equal(p.total, undefined, p.message);
    const bytes = copying(seen);
    assert.ok(bytes.length >= 2, JSON.stringify(seen));
    for (const p of bytes) {
      assert.match(String(p.message), /^Copied \d+\.\d [kM]B from the link/);
    }
    // Progress is the bytes copied, up to the last count.
    const last = bytes.at(-1)!;
    assert.ok(
      last.progress > 1_000_000 && last.progress <= STEADY_BYTES,
      JSON.stringify(last),
    );
  });
});

Deno.test("MCP progress: post_video from a verified domain says the bytes, then checking the video, then sending to TikTok", async () => {
  await withCopySetUp(
    "mcp_copy_post",
    async ({ client, origin, verify }) => {
      await verify();
      const { result, seen } = await followed(client, "post_video", {
        source_url: `${origin}/steady.mp4`,
        title: "a steady copy through MCP",
        privacy: "SELF_ONLY",
      });
      assert.ok(
        (result.structuredContent as { publish_id: string }).publish_id,
      );
      assertIncreasing(seen);
      assertTotalFromAnswer(seen, STEADY_BYTES);
      assert.equal(seen.at(-1)!.progress, STEADY_BYTES);
      assert.ok(copying(seen).length >= 2, JSON.stringify(seen));
      const stages = seen.map((p) => p.message ?? "");
      const checking = stages.findIndex((m) => /checking the video/.test(m));
      const sending = stages.findIndex((m) =>
        /sending the post to TikTok/.test(m)
      );
      assert.ok(
        checking >= 0 && sending > checking,
        JSON.stringify(stages),
      );
    },
  );
});

Deno.test("MCP progress: a copy called without a progressToken is answered as one JSON body, with no notification", async () => {
  await withCopySetUp(
    "mcp_copy_untracked",
    async ({ origin, serverUrl, key }) => {
      const res = await postMcpRaw(
        serverUrl,
        key,
        JSON.stringify({
          jsonrpc: "2.0",
          id: 3,
          method: "tools/call",
          params: {
            name: "upload_media_from_url",
            arguments: { url: `${origin}/steady.mp4` },
          },
        }),
      );
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "application/json");
      const text = await res.text();
      assert.ok(!text.includes("notifications/progress"), text);
      const answer = JSON.parse(text);
      assert.equal(answer.id, 3);
      assert.equal(answer.result.structuredContent.size, STEADY_BYTES);
      assert.equal(answer.result.structuredContent.state, "complete");
    },
  );
});

Deno.test("MCP progress: post_photos copying several images names each and gives no total", async () => {
  await withCopySetUp(
    "mcp_copy_photos",
    async ({ client, origin, verify }) => {
      await verify();
      const { seen } = await followed(client, "post_photos", {
        photo_images: [1, 2].map((n) => `${origin}/photos/${n}.jpg`),
        title: "two copied photos through MCP",
        privacy: "SELF_ONLY",
      });
      assertIncreasing(seen);
      // The whole of several copies is not known ahead.
      for (const p of seen) assert.equal(p.total, undefined, p.message);
      const messages = seen.map((p) => p.message ?? "");
      for (const image of ["image 1 of 2", "image 2 of 2"]) {
        assert.ok(
          messages.some((m) =>
            new RegExp(
              `^Copied [\\d.]+ kB of [\\d.]+ kB from the link \\(${image}\\); checking the image\\.`,
            ).test(m)
          ),
          `${image}: ${JSON.stringify(messages)}`,
        );
      }
    },
  );
});

Deno.test("MCP progress: schedule_post copying from a verified domain tells the bytes and reaches the total", async () => {
  await withCopySetUp(
    "mcp_copy_schedule",
    async ({ client, origin, verify }) => {
      await verify();
      const { result, seen } = await followed(client, "schedule_post", {
        source_url: `${origin}/steady.mp4`,
        title: "a scheduled steady copy",
        privacy: "SELF_ONLY",
        run_at: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      });
      assert.ok((result.structuredContent as { job_id: string }).job_id);
      assertIncreasing(seen);
      assertTotalFromAnswer(seen, STEADY_BYTES);
      assert.equal(seen.at(-1)!.progress, STEADY_BYTES);
      assert.ok(copying(seen).length >= 2, JSON.stringify(seen));
      assert.ok(
        seen.some((p) => /checking the video/.test(p.message ?? "")),
        JSON.stringify(seen),
      );
    },
  );
});

Deno.test("MCP progress: a source slow to start is named while waited for: connecting to its host, then answered and waiting for the first bytes", async () => {
  await withCopySetUp(
    "mcp_copy_slow_start",
    async ({ client, origin, verify }) => {
      const host = new URL(origin).host;
      /** The messages of a call copying /slow-start.mp4, checked in order. */
      const assertNamed = (seen: Seen[], size: number) => {
        assertIncreasing(seen);
        // The size is told from the answer on, the wait included.
        assertTotalFromAnswer(seen, size);
        const messages = seen.map((p) => p.message ?? "");
        const connecting = messages.indexOf(`Connecting to ${host}.`);
        const answered = messages.indexOf(
          `Answered by ${host}; waiting for the first bytes.`,
        );
        const copied = messages.findIndex((m) => m.startsWith("Copied "));
        assert.ok(
          connecting >= 0 && answered > connecting &&
            (copied === -1 || copied > answered),
          JSON.stringify(messages),
        );
        // Repeated while the wait lasts, saying how long the call has run.
        assert.ok(
          messages.some((m) =>
            m.startsWith(`Connecting to ${host}. `) &&
            /still running after \d+ s\.$/.test(m)
          ),
          JSON.stringify(messages),
        );
        // Nothing copied yet: a client showing progress / total shows the
        // wait near 0, not half way.
        for (const p of seen) {
          if (p.message?.startsWith(`Answered by ${host}; waiting`)) {
            assert.ok(p.progress < 0.01 * size, JSON.stringify(p));
          }
        }
        // Never the bare "still running" of a tool that told nothing.
        assert.ok(
          !messages.some((m) => /its answer comes on this request/.test(m)),
          JSON.stringify(messages),
        );
      };
      const upload = await followed(client, "upload_media_from_url", {
        url: `${origin}/slow-start.mp4`,
      });
      assert.ok(upload.ms >= 2 * SLOW_START_MS, `${upload.ms} ms`);
      const { size } = upload.result.structuredContent as { size: number };
      assertNamed(upload.seen, size);
      // A post copying from a verified domain says the same.
      await verify();
      const post = await followed(client, "post_video", {
        source_url: `${origin}/slow-start.mp4`,
        title: "a slow source through MCP",
        privacy: "SELF_ONLY",
      });
      assertNamed(post.seen, size);
    },
  );
});

Deno.test("MCP progress: a source trickling its first bytes is told as copying from its first byte, no longer as waiting for the first bytes", async () => {
  await withCopySetUp(
    "mcp_copy_first_bytes",
    async ({ client, origin, source }) => {
      const host = new URL(origin).host;
      // /held.mp4 sends a byte every 100 ms while held: its first 512
      // bytes (what is looked at before storing) take 50 s.
      source.holding = true;
      const seen: Seen[] = [];
      const call = client.callTool(
        {
          name: "upload_media_from_url",
          arguments: { url: `${origin}/held.mp4` },
        },
        undefined,
        { onprogress: (p) => seen.push(p) },
      ) as Promise<CallToolResult>;
      // The call is awaited whatever the wait found, so a failure is
      // this test's assertion, not a call left running.
      const told = await waitUntil(
        "a notification telling the bytes received",
        () => seen.some((p) => /^Copied \d+ bytes of /.test(p.message ?? "")),
        5_000,
      ).then(() => null, (error: Error) => error);
      source.holding = false;
      const result = await call;
      assert.ok(!result.isError, JSON.stringify(result.content));
      const messages = seen.map((p) => p.message ?? "");
      assert.equal(told, null, JSON.stringify(messages));
      assertIncreasing(seen);
      const first = messages.findIndex((m) => m.startsWith("Copied "));
      // Fewer than 512 bytes in: once a byte came, never "waiting" again.
      assert.match(
        messages[first],
        /^Copied \d{1,3} bytes of [\d.]+ kB from the link\./,
      );
      assert.ok(
        !messages.slice(first).some((m) =>
          m.startsWith(`Answered by ${host}; waiting for the first bytes.`)
        ),
        JSON.stringify(messages),
      );
    },
  );
});

Deno.test("MCP progress: a small file's copy, all copied before any count is sent, is told near its total while checked, not half way", async () => {
  await withCopySetUp("mcp_copy_small", async ({ client, origin }) => {
    const { result, seen } = await followed(
      client,
      "upload_media_from_url",
      { url: `${origin}/video.mp4` },
    );
    const { size } = result.structuredContent as { size: number };
    assertIncreasing(seen);
    assertTotalFromAnswer(seen, size);
    const checking = seen.find((p) =>
      /checking the video\.$/.test(p.message ?? "")
    );
    assert.ok(checking, JSON.stringify(seen));
    // It says every byte is copied: a client showing progress / total
    // shows it at least 99%, not the 50% a jump half way from 0 gave.
    assert.match(
      String(checking.message),
      /^Copied ([\d.]+ kB) of \1 from the link; checking the video\.$/,
    );
    assert.ok(
      checking.progress >= 0.99 * size && checking.progress < size,
      JSON.stringify(checking),
    );
    assert.equal(seen.at(-1)!.progress, size);
    assert.match(String(seen.at(-1)!.message), /done, the answer follows\.$/);
  });
});
