/**
 * JSON-RPC batches on `/mcp` (docs/mcp.md#endpoint): a JSON array body is
 * refused whole, 400 with JSON-RPC's -32600, before any message in it runs.
 * Raw fetch sends them: the SDK's client never does.
 */
import assert from "node:assert/strict";
import {
  mcpAnswer,
  mcpClient,
  postMcpRaw,
  toolOk,
} from "./_helpers/mcp_client.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import { limitsOf, posterFor } from "./_helpers/posting_setup.ts";
import { assertJsonOk } from "./_helpers/http_asserts.ts";

const initialize = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: {
    protocolVersion: "2025-03-26",
    capabilities: {},
    clientInfo: { name: "raw", version: "1" },
  },
};
const createAlbum = (id: number) => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params: { name: "create_album", arguments: {} },
});

Deno.test("MCP: a JSON-RPC batch is refused whole with 400 and -32600, and nothing in it runs; the SDK's client still works", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "mcp_batcher");
    const post = (body: unknown) =>
      postMcpRaw(server.url, me.key, JSON.stringify(body));
    const limits = async () => (await limitsOf(me)).uploads_left_today;
    const before = await limits();
    for (
      const batch of [
        // The same id twice: both ran, one answer came back.
        [createAlbum(1), createAlbum(1)],
        [createAlbum(1), createAlbum(2)],
        // One request in an array was answered as a bare object.
        [createAlbum(3)],
        // Answered "Only one initialization request is allowed".
        [initialize, { jsonrpc: "2.0", id: 2, method: "tools/list" }],
        [],
      ]
    ) {
      const res = await post(batch);
      assert.equal(res.status, 400, JSON.stringify(batch));
      assert.equal(res.headers.get("x-content-type-options"), "nosniff");
      assert.deepEqual(await res.json(), {
        jsonrpc: "2.0",
        error: {
          code: -32600,
          message:
            "Invalid Request: JSON-RPC batches (a JSON array) are not supported; send one request per POST.",
        },
        id: null,
      });
    }
    // An album counts as an upload of the day (docs/media.md#photo-mode):
    // the uploads left tell whether one was made.
    assert.equal(await limits(), before, "no album was made");

    // One request per POST, as the SDK's client sends them, still runs.
    const single = await post(createAlbum(4));
    assert.equal(single.status, 200);
    const answer = await single.json();
    assert.equal(answer.id, 4);
    assert.equal(answer.result.structuredContent.ok, true);
    const client = await mcpClient(server, me.key);
    try {
      await toolOk(client, "create_album");
    } finally {
      await client.close();
    }
    assert.equal(await limits(), Number(before) - 2, "two albums were made");
  } finally {
    await server.close();
  }
});

Deno.test("MCP: JSON that is no JSON-RPC 2.0 message is 400 with -32600 Invalid Request, not -32700, and runs nothing; a body not JSON is -32700 saying where and why", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "mcp_not_a_message");
    const post = (body: string) => postMcpRaw(server.url, me.key, body);
    const albums = async () =>
      ((await assertJsonOk(await me.call("GET", "/api/albums")))
        .albums as unknown[]).length;
    for (
      const body of [
        "{}",
        "null",
        '"tools/list"',
        '{"jsonrpc":"1.0","id":1,"method":"tools/list"}',
        '{"jsonrpc":"2.0","id":{"a":1},"method":"tools/list"}',
        JSON.stringify({ ...createAlbum(1), params: ["create_album"] }),
        // MCP's ids are strings or integers; an integer past 2^53 could
        // not be echoed back exactly.
        '{"jsonrpc":"2.0","id":1.5,"method":"tools/list"}',
        '{"jsonrpc":"2.0","id":9007199254740993,"method":"tools/list"}',
      ]
    ) {
      const res = await post(body);
      assert.equal(res.status, 400, body);
      const answer = await res.json();
      assert.equal(answer.error.code, -32600, body);
      assert.match(
        answer.error.message,
        /^Invalid Request: .*"jsonrpc": "2.0"/,
      );
      // The rule the refused id broke is the one the message states.
      assert.match(
        answer.error.message,
        /an "id" that is a string or a whole number \(no fraction, at most 2\^53 - 1 either way\)/,
      );
      assert.equal(answer.id, null);
    }
    assert.equal(await albums(), 0, "nothing ran");
    // Not JSON at all stays a parse error, saying where and why as /api
    // does: here a trailing comma.
    const broken = await post('{"jsonrpc":"2.0","id":1,}');
    assert.equal(broken.status, 400);
    const parse = await broken.json();
    assert.equal(parse.error.code, -32700);
    assert.equal(parse.id, null);
    assert.match(
      parse.error.message,
      /^Parse error: the body is not JSON: at line 1, column 25, "}"; JSON allows no comma before a closing \} or \]/,
    );
    // An arguments value an expression left empty is named, as on /api.
    const empty = await post(
      '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name": }}',
    );
    assert.equal(empty.status, 400);
    assert.equal(
      (await empty.json()).error.message,
      'Parse error: the body is not JSON: at line 1, column 65, "}"; after "name": a value is missing (an expression that came out empty?).',
    );
  } finally {
    await server.close();
  }
});

Deno.test("MCP: a request sent without an id (a tools/call posting a video) is 400 -32600 saying nothing ran, not 202; notifications stay 202", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "mcp_no_id");
    const post = (body: unknown) =>
      postMcpRaw(server.url, me.key, JSON.stringify(body));
    const source = await me.uploadVideo();
    for (
      const [method, params] of [
        ["tools/call", {
          name: "post_video",
          arguments: {
            source_url: source,
            title: "no id",
            privacy: "SELF_ONLY",
          },
        }],
        ["tools/call", { name: "create_album", arguments: {} }],
        ["tools/list", {}],
        ["ping", undefined],
      ] as const
    ) {
      const res = await post({ jsonrpc: "2.0", method, params });
      assert.equal(res.status, 400, method);
      assert.deepEqual(await res.json(), {
        jsonrpc: "2.0",
        error: {
          code: -32600,
          message:
            `Invalid Request: "${method}" is a request, not a notification, and came without an "id": nothing was run; send it with an "id" (a string or a whole number) to get its answer.`,
        },
        id: null,
      });
    }
    assert.equal(await me.sandboxPosts(), 0, "nothing posted");
    assert.equal((await limitsOf(me)).posts_left_today, 10);
    // MCP's notifications, and a response, are still taken as they are.
    for (
      const message of [
        { jsonrpc: "2.0", method: "notifications/initialized" },
        {
          jsonrpc: "2.0",
          method: "notifications/cancelled",
          params: { requestId: 1 },
        },
        { jsonrpc: "2.0", id: 7, result: {} },
      ]
    ) {
      const res = await post(message);
      assert.equal(res.status, 202, JSON.stringify(message));
      await res.body?.cancel();
    }
  } finally {
    await server.close();
  }
});

Deno.test("MCP: a request whose params._meta MCP refuses (a progressToken object) is InvalidParams to its id, naming _meta, and runs nothing", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "mcp_bad_meta");
    const before = (await limitsOf(me)).uploads_left_today;
    for (const _meta of [{ progressToken: {} }, 5, [1]]) {
      const res = await postMcpRaw(
        server.url,
        me.key,
        JSON.stringify({
          ...createAlbum(12),
          params: { name: "create_album", arguments: {}, _meta },
        }),
      );
      assert.equal(res.status, 200, JSON.stringify(_meta));
      assert.deepEqual(await res.json(), {
        jsonrpc: "2.0",
        id: 12,
        error: {
          code: -32602,
          message:
            "The params of tools/call are not valid: params._meta must be an object, and its progressToken a string or a number.",
        },
      });
    }
    assert.equal((await limitsOf(me)).uploads_left_today, before, "no album");
    // A well-formed progressToken still runs the tool.
    const ok = await postMcpRaw(
      server.url,
      me.key,
      JSON.stringify({
        ...createAlbum(13),
        params: {
          name: "create_album",
          arguments: {},
          _meta: { progressToken: "p1" },
        },
      }),
    );
    // On an event stream, as a call asking for progress is answered.
    assert.equal((await mcpAnswer(ok)).result.structuredContent.ok, true);
  } finally {
    await server.close();
  }
});

Deno.test("MCP: a POST whose Accept does not name both application/json and text/event-stream is 406, as the transport requires, and runs nothing", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "mcp_accept");
    const uploadsLeft = async () =>
      (await assertJsonOk(await me.call("GET", "/api/limits")))
        .uploads_left_today;
    const before = await uploadsLeft();
    for (
      const accept of [null, "*/*", "application/json", "text/event-stream"]
    ) {
      const res = await fetch(`${server.url}/mcp`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Authorization: `Bearer ${me.key}`,
          ...(accept === null ? {} : { Accept: accept }),
        },
        body: JSON.stringify(createAlbum(1)),
      });
      assert.equal(res.status, 406, String(accept));
      assert.equal(res.headers.get("x-content-type-options"), "nosniff");
      const answer = await res.json();
      assert.equal(answer.error.code, -32000);
      assert.match(
        answer.error.message,
        /^Not Acceptable: .*application\/json and text\/event-stream/,
      );
    }
    // An album counts as an upload of the day: none was made.
    assert.equal(await uploadsLeft(), before);
  } finally {
    await server.close();
  }
});
