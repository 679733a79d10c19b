/**
 * The `idempotency_key` argument of MCP's post_video, post_photos,
 * schedule_post and upload_media_from_url, through the official SDK's
 * client: an agent re-calling a tool after a timeout or a lost answer gets
 * the first call's answer back, never a second post, job or upload, with
 * the REST `Idempotency-Key`'s rules (docs/mcp.md#retries-and-idempotency,
 * docs/posting.md#idempotency).
 */
import assert from "node:assert/strict";
import {
  mcpClient,
  toolError,
  toolOk as ok,
  withMcpPoster,
} from "./_helpers/mcp_client.ts";
import type {
  CallToolResult,
  Client,
  ListToolsResult,
} from "./_helpers/mcp_client.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import {
  initsAtTikTok,
  limitsOf,
  posterFor,
} from "./_helpers/posting_setup.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import { postWithKey } from "./_helpers/idempotent_request.ts";
import { waitUntil } from "./_helpers/wait_until.ts";
import { CONCURRENT_WAIT_MS } from "../lib/posting/idempotency.ts";
import { keys, listTyped } from "../lib/kv_keys.ts";

const HOUR = 3600_000;
const REPLAYED_META = "pm3k.org/idempotent_replayed";

/** A call's full result, its text parsed, and whether it says replayed. */
async function called(
  client: Client,
  name: string,
  args: Record<string, unknown>,
) {
  const result = await client.callTool({ name, arguments: args }) as
    & CallToolResult
    & { _meta?: Record<string, unknown> };
  const [first, ...more] = result.content;
  assert.equal(first.type, "text");
  return {
    isError: result.isError === true,
    body: JSON.parse(first.type === "text" ? first.text : "") as Record<
      string,
      unknown
    >,
    structured: result.structuredContent,
    replayed: result._meta?.[REPLAYED_META] === true,
    replayText: more.map((c) => c.type === "text" ? c.text : "").join(" "),
  };
}

Deno.test("MCP post_video called again with the same idempotency_key after a lost answer gets the first publish_id back, and TikTok gets one post", async () => {
  await withMcpPoster("mcp_idem_video", async ({ server, me, client }) => {
    const args = {
      source_url: await me.uploadVideo(),
      title: "posted once however often the agent asks",
      privacy: "SELF_ONLY",
      idempotency_key: "agent-post-7f3a",
    };
    const first = await called(client, "post_video", args);
    assert.equal(first.isError, false, JSON.stringify(first.body));
    assert.equal(first.replayed, false);
    assert.match(String(first.body.publish_id), /^v_pub_url~v2\./);
    // The retry, its arguments in another order: the same request.
    const { idempotency_key, ...rest } = args;
    const again = await called(client, "post_video", {
      idempotency_key,
      ...Object.fromEntries(Object.entries(rest).reverse()),
    });
    assert.equal(again.isError, false, JSON.stringify(again.body));
    assert.deepEqual(again.structured, first.body);
    assert.equal(again.replayed, true, "_meta says it is a replay");
    assert.match(again.replayText, /^Replayed: .*nothing was done again/);
    assert.equal(await initsAtTikTok(server, me), 1);
    const listed = await ok(client, "list_posts") as {
      posts: unknown[];
    };
    assert.equal(listed.posts.length, 1);

    // The same key with other arguments, or on another tool: a conflict,
    // never the first answer.
    const other = await toolError(client, "post_video", {
      ...args,
      title: "another caption",
    }, "idempotency_conflict");
    // In a tool's words: no header, no body.
    assert.match(
      String(other.message),
      /^This idempotency_key was already used with other arguments.*give it a new key\.$/,
    );
    const elsewhere = await toolError(client, "schedule_post", {
      ...args,
      run_at: new Date(server.clock.now() + 3 * HOUR).toISOString(),
    }, "idempotency_conflict");
    assert.equal(
      elsewhere.message,
      "This idempotency_key was already used on MCP tool post_video: give each call its own key.",
    );
    // Nor is the MCP key the REST route's: one key names one request.
    const viaRest = await postWithKey(
      server.url,
      me.key,
      "agent-post-7f3a",
      rest,
    );
    assert.equal(viaRest.status, 409);
    assert.equal((await viaRest.json()).error, "idempotency_conflict");
    assert.equal(await initsAtTikTok(server, me), 1);
  });
});

Deno.test("MCP post_video sent twice at once with one idempotency_key, as a retry racing a slow first call, posts once and both get its publish_id", async () => {
  const server = await startTestServer();
  const me = await posterFor(server, "mcp_idem_race");
  const one = await mcpClient(server, me.key);
  const two = await mcpClient(server, me.key);
  try {
    const args = {
      source_url: await me.uploadVideo(),
      title: "one post for two calls",
      privacy: "SELF_ONLY",
      idempotency_key: "race-1",
    };
    const [a, b] = await Promise.all([
      called(one, "post_video", args),
      called(two, "post_video", args),
    ]);
    assert.equal(a.isError || b.isError, false, JSON.stringify([a, b]));
    assert.equal(a.body.publish_id, b.body.publish_id);
    assert.deepEqual([a.replayed, b.replayed].sort(), [false, true]);
    assert.equal(await initsAtTikTok(server, me), 1);
  } finally {
    await one.close();
    await two.close();
    await server.close();
  }
});

Deno.test("MCP: a refusal under an idempotency_key is replayed as the same tool error; a key that is no key is refused and runs nothing; the fixed call takes a new key", async () => {
  await withMcpPoster("mcp_idem_refused", async ({ server, me, client }) => {
    const args = {
      source_url: await me.uploadVideo(),
      title: "see https://example.com for more",
      privacy: "SELF_ONLY",
      idempotency_key: "refused-1",
    };
    const first = await called(client, "post_video", args);
    assert.equal(first.isError, true);
    const code = first.body.error;
    assert.notEqual(code, "idempotency_conflict");
    const again = await called(client, "post_video", args);
    assert.equal(again.isError, true);
    assert.deepEqual(again.body, first.body);
    assert.equal(again.replayed, true);
    assert.equal(again.structured, undefined, "a tool error has none");

    const bad = await toolError(client, "post_video", {
      ...args,
      title: "a fine caption",
      idempotency_key: "has a space",
    }, "bad_request");
    assert.deepEqual(
      (bad.issues as { path: string }[]).map((i) => i.path),
      ["idempotency_key"],
    );
    await toolError(client, "post_video", {
      ...args,
      title: "a fine caption",
      idempotency_key: 42,
    }, "bad_request");
    assert.equal(await initsAtTikTok(server, me), 0, "nothing ran");

    // The agent fixes the caption: with the same key, a conflict saying
    // to make a new one; with a new key, posted.
    const fixed = { ...args, title: "see our site for more" };
    await toolError(client, "post_video", fixed, "idempotency_conflict");
    const posted = await ok(client, "post_video", {
      ...fixed,
      idempotency_key: "refused-2",
    });
    assert.match(String(posted.publish_id), /^v_pub_url~v2\./);
    assert.equal(await initsAtTikTok(server, me), 1);
  });
});

Deno.test("MCP schedule_post with if_taken next_free, called again with its idempotency_key, answers the moved job, not a second one", async () => {
  await withMcpPoster("mcp_idem_job", async ({ server, me, client }) => {
    const runAt = new Date(server.clock.now() + 3 * HOUR).toISOString();
    await ok(client, "schedule_post", {
      source_url: await me.uploadVideo(),
      title: "the job that takes the time",
      privacy: "SELF_ONLY",
      run_at: runAt,
    });
    const args = {
      source_url: await me.uploadVideo(),
      title: "moved to the next free time",
      privacy: "SELF_ONLY",
      run_at: runAt,
      if_taken: "next_free",
      idempotency_key: "job-2",
    };
    const first = await ok(client, "schedule_post", args);
    assert.equal(first.requested_run_at, runAt);
    assert.notEqual(first.run_at, runAt, "moved to the next free time");
    const again = await called(client, "schedule_post", args);
    assert.deepEqual(again.structured, first);
    assert.equal(again.replayed, true);
    const { jobs } = await ok(client, "list_scheduled") as {
      jobs: unknown[];
    };
    assert.equal(jobs.length, 2);
  });
});

Deno.test("MCP upload_media_from_url called again with its idempotency_key answers the same upload and counts one upload of the day", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  const me = await posterFor(server, "mcp_idem_upload");
  const client = await mcpClient(server, me.key);
  try {
    const before = Number((await limitsOf(me)).uploads_left_today);
    const args = {
      url: `${source.origin}/video.mp4`,
      idempotency_key: "copy-1",
    };
    const first = await ok(client, "upload_media_from_url", args);
    const again = await called(client, "upload_media_from_url", args);
    assert.deepEqual(again.structured, first);
    assert.equal(again.replayed, true);
    assert.equal(
      Number((await limitsOf(me)).uploads_left_today),
      before - 1,
    );
    const { uploads } = await ok(client, "list_uploads") as {
      uploads: unknown[];
    };
    assert.equal(uploads.length, 1);
  } finally {
    await client.close();
    await source.close();
    await server.close();
  }
});

Deno.test("MCP upload_media_from_url retried while its copy still runs answers idempotency_in_progress in a tool's words, then the one upload", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  const me = await posterFor(server, "mcp_idem_busy");
  const one = await mcpClient(server, me.key);
  const two = await mcpClient(server, me.key);
  let first: ReturnType<typeof called> | undefined;
  try {
    const args = {
      url: `${source.origin}/held.mp4`,
      idempotency_key: "held-1",
    };
    source.holding = true;
    first = called(one, "upload_media_from_url", args);
    await waitUntil(
      "the copy to start",
      () => source.hits.includes("/held.mp4"),
    );
    // Past the window in which a call sent twice at once waits.
    await new Promise((r) => setTimeout(r, CONCURRENT_WAIT_MS + 200));
    const busy = await toolError(
      two,
      "upload_media_from_url",
      args,
      "idempotency_in_progress",
    );
    assert.match(String(busy.retry_after_seconds), /^[1-5]$/);
    assert.equal(
      busy.message,
      "The first call with this idempotency_key is still running: wait retry_after_seconds, then call again with the same key and arguments to get its answer.",
    );
    source.holding = false;
    const made = await first;
    assert.equal(made.isError, false, JSON.stringify(made.body));
    const again = await called(two, "upload_media_from_url", args);
    assert.equal(again.replayed, true);
    assert.equal(again.body.upload_id, made.body.upload_id);
    assert.equal(source.hits.filter((h) => h === "/held.mp4").length, 1);
  } finally {
    source.holding = false;
    // A failed assertion leaves the copy's call running: its end, first.
    await first?.catch(() => {});
    await one.close();
    await two.close();
    await source.close();
    await server.close();
  }
});

Deno.test("MCP lists idempotency_key on the tools that post, schedule, copy or start media, says how to retry, and no other tool takes it", async () => {
  await withMcpPoster("mcp_idem_listed", async ({ client }) => {
    assert.match(
      String(client.getInstructions()),
      /the same one again when you retry a call whose answer you did not get/,
    );
    const { tools } = await client.listTools() as ListToolsResult;
    const taking = tools.filter((t) =>
      t.inputSchema.properties?.idempotency_key
    )
      .map((t) => t.name).sort();
    assert.deepEqual(taking, [
      "create_album",
      "post_photos",
      "post_video",
      "schedule_post",
      "start_upload",
      "upload_media_from_url",
    ]);
    for (const t of tools.filter((t) => taking.includes(t.name))) {
      assert.match(String(t.description), /same idempotency_key/, t.name);
      assert.ok(!t.inputSchema.required?.includes("idempotency_key"));
    }
    await toolError(client, "list_uploads", {
      idempotency_key: "k",
    }, "bad_request");
  });
});

Deno.test("MCP create_album and start_upload called again with their idempotency_key answer the first album and upload, making one of each", async () => {
  await withMcpPoster("mcp_idem_start", async ({ server, me, client }) => {
    const before = Number((await limitsOf(me)).uploads_left_today);
    const album = await ok(client, "create_album", {
      idempotency_key: "album-1",
    });
    const albumAgain = await called(client, "create_album", {
      idempotency_key: "album-1",
    });
    assert.equal(albumAgain.isError, false, JSON.stringify(albumAgain.body));
    assert.deepEqual(albumAgain.structured, album);
    assert.equal(albumAgain.replayed, true);

    const args = {
      filename: "clip.mp4",
      content_type: "video/mp4",
      size: 1000,
      idempotency_key: "start-1",
    };
    const started = await ok(client, "start_upload", args);
    const startedAgain = await called(client, "start_upload", {
      ...args,
      filename: "clip.mp4",
    });
    assert.equal(startedAgain.isError, false);
    assert.deepEqual(startedAgain.structured, started);
    assert.equal(startedAgain.replayed, true);
    // Other arguments under the same key, or the key on another tool.
    await toolError(
      client,
      "start_upload",
      { ...args, size: 2000 },
      "idempotency_conflict",
    );
    await toolError(client, "create_album", {
      idempotency_key: "start-1",
    }, "idempotency_conflict");
    // One album (counted as one upload of the day) and one upload record.
    assert.equal(
      Number((await limitsOf(me)).uploads_left_today),
      before - 1,
    );
    const records = async (prefix: Deno.KvKey) =>
      (await listTyped(server.kv, prefix)).length;
    assert.equal(await records(keys.albumsByAccountPrefix(me.openId)), 1);
    assert.equal(await records(keys.uploadsByAccountPrefix(me.openId)), 1);
  });
});

Deno.test("MCP: a null idempotency_key is refused as REST refuses a null field, its message saying to leave it out, and runs nothing", async () => {
  await withMcpPoster("mcp_idem_null", async ({ me, client }) => {
    const before = Number((await limitsOf(me)).uploads_left_today);
    for (const name of ["create_album", "start_upload"]) {
      const args = name === "create_album" ? {} : {
        filename: "clip.mp4",
        content_type: "video/mp4",
        size: 1000,
      };
      const refused = await toolError(client, name, {
        ...args,
        idempotency_key: null,
      }, "bad_request");
      const issues = refused.issues as { path: string; message: string }[];
      assert.deepEqual(issues.map((i) => i.path), ["idempotency_key"]);
      assert.match(issues[0].message, /leave .*out/, issues[0].message);
      assert.match(String(refused.message), /idempotency_key: .*leave/);
    }
    assert.equal(
      Number((await limitsOf(me)).uploads_left_today),
      before,
      "nothing ran",
    );
    // REST says the same of a null optional field.
    const rest = await me.json("POST", "/api/uploads", {
      filename: "clip.mp4",
      content_type: "video/mp4",
      size: 1000,
      album_id: null,
    });
    assert.equal(rest.status, 400);
    assert.match(JSON.stringify(rest.body.issues), /album_id.*leave .*out/);
  });
});
