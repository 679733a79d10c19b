/**
 * A JSON body naming a field twice in one object is refused with 400
 * `bad_request`, the field named in `issues`, and nothing happens
 * (docs/api.md#limits-on-every-request): `JSON.parse` would keep the last
 * value, so `"privacy": "SELF_ONLY"` followed by `"privacy":
 * "PUBLIC_TO_EVERYONE"` would post publicly. The same on MCP.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { initsAtTikTok, posterFor, postsOf } from "./_helpers/posting_setup.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";
import { jsonShape, MAX_JSON_DEPTH } from "../lib/json_duplicate_keys.ts";

const duplicateKeyPath = (text: string) => jsonShape(text).duplicate;
const jsonDepth = (text: string) => jsonShape(text).depth;

/** POSTs `text` as it is (a JSON body no encoder would write) with the key. */
function postText(
  server: { url: string },
  me: { key: string },
  path: string,
  text: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${me.key}`,
      "Content-Type": "application/json",
      ...headers,
    },
    body: text,
  });
}

Deno.test("jsonShape finds a name given twice in any object, escapes read", () => {
  assert.equal(duplicateKeyPath('{"a":1,"b":2}'), null);
  assert.equal(duplicateKeyPath('{"a":1,"a":2}'), "a");
  assert.equal(duplicateKeyPath('{"a":1,"\\u0061":2}'), "a");
  assert.equal(duplicateKeyPath('{"a":{"b":1},"c":{"b":1}}'), null);
  assert.equal(duplicateKeyPath('{"a":{"b":1,"b":2}}'), "a.b");
  assert.equal(duplicateKeyPath('{"p":[{"u":1},{"u":1,"u":2}]}'), "p.1.u");
  // A value equal to a name, and names inside strings, are not names.
  assert.equal(duplicateKeyPath('{"a":"a","b":"{\\"a\\":1,\\"a\\":2}"}'), null);
  assert.equal(duplicateKeyPath('[{"a":1},{"a":1}]'), null);
  // Not JSON: left to the parse, which refuses it.
  assert.throws(() => duplicateKeyPath('{"a":1,"a'));
  const deepTwice = '{"x":'.repeat(200) + '{"a":1,"a":2}' + "}".repeat(200);
  assert.equal(duplicateKeyPath(deepTwice), "x.".repeat(200) + "a");
});

Deno.test("direct_post naming privacy twice answers 400 naming it, and posts nothing", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "twice_privacy_poster");
    const sourceUrl = await me.uploadVideo();
    const res = await postText(
      server,
      me,
      "/api/tiktok/direct_post",
      `{"source_url": ${
        JSON.stringify(sourceUrl)
      }, "title": "Meant to be private", "privacy": "SELF_ONLY", "privacy": "PUBLIC_TO_EVERYONE"}`,
    );
    const body = await assertJsonError(res, 400, "bad_request");
    assert.deepEqual(body.issues, [{
      path: "privacy",
      message: "field given twice: give it once",
    }]);
    assert.match(String(body.message), /privacy: field given twice/);
    assert.equal(await initsAtTikTok(server, me), 0, "TikTok received nothing");
    assert.deepEqual(await postsOf(me), [], "no post recorded");

    const job = await postText(
      server,
      me,
      "/api/jobs",
      `{"kind": "tiktok", "run_at": "${
        new Date(Date.now() + 3 * 3600_000).toISOString()
      }", "source_url": ${
        JSON.stringify(sourceUrl)
      }, "title": "a", "title": "b"}`,
    );
    const refused = await assertJsonError(job, 400, "bad_request");
    assert.deepEqual(
      (refused.issues as { path: string }[]).map((i) => i.path),
      ["title"],
    );
    const jobs = await me.json("GET", "/api/jobs");
    assert.deepEqual(jobs.body.jobs, [], "no job made");
  } finally {
    await server.close();
  }
});

Deno.test("an MCP call giving an argument twice answers 400 bad_request, and posts nothing", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "twice_mcp_poster");
    const sourceUrl = await me.uploadVideo();
    const res = await postText(
      server,
      me,
      "/mcp",
      `{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "post_video", "arguments": {"source_url": ${
        JSON.stringify(sourceUrl)
      }, "title": "x", "privacy": "SELF_ONLY", "privacy": "PUBLIC_TO_EVERYONE"}}}`,
      { Accept: "application/json, text/event-stream" },
    );
    const body = await assertJsonError(res, 400, "bad_request");
    assert.deepEqual(
      (body.issues as { path: string }[]).map((i) => i.path),
      ["params.arguments.privacy"],
    );
    assert.equal(await initsAtTikTok(server, me), 0, "TikTok received nothing");
  } finally {
    await server.close();
  }
});

Deno.test("jsonShape counts how deep objects and arrays nest, strings aside, at any depth a body may have", () => {
  assert.equal(jsonDepth("1"), 0);
  assert.equal(jsonDepth('{"a":[1,{"b":[]}]}'), 4);
  assert.equal(jsonDepth('{"a":"[[[{{{"}'), 1);
  const deep = "[".repeat(32_000) + "]".repeat(32_000);
  assert.equal(jsonDepth(deep), 32_000);
  // A character JSON has no token for: left to the parse, which refuses it.
  assert.throws(() => jsonDepth("{a: 1}"));
});

Deno.test("a body nesting deeper than the duplicate check reads is 400 naming the depth, so a field given twice beside it cannot pass; on MCP too", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "deep_twice_poster");
    const sourceUrl = await me.uploadVideo();
    const deep = "[".repeat(5_000) + "]".repeat(5_000);
    const post = await postText(
      server,
      me,
      "/api/tiktok/direct_post",
      `{"source_url": ${
        JSON.stringify(sourceUrl)
      }, "title": "x", "privacy": "SELF_ONLY", "privacy": "PUBLIC_TO_EVERYONE", "extra": ${deep}}`,
    );
    const refused = await assertJsonError(post, 400, "bad_request");
    assert.equal(
      refused.message,
      `The request body nests objects and arrays 5001 levels deep; at most ${MAX_JSON_DEPTH} are read.`,
    );
    const mcp = await postText(
      server,
      me,
      "/mcp",
      `{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "post_video", "_meta": {"x": ${deep}}, "arguments": {"source_url": ${
        JSON.stringify(sourceUrl)
      }, "title": "x", "privacy": "SELF_ONLY", "privacy": "PUBLIC_TO_EVERYONE"}}}`,
      { Accept: "application/json, text/event-stream" },
    );
    const mcpRefused = await assertJsonError(mcp, 400, "bad_request");
    assert.match(String(mcpRefused.message), /levels deep/);
    assert.equal(await initsAtTikTok(server, me), 0, "TikTok received nothing");
    // As deep as a body may go, the check still reads it.
    const atLimit = "[".repeat(MAX_JSON_DEPTH - 1) +
      "]".repeat(MAX_JSON_DEPTH - 1);
    const twice = await postText(
      server,
      me,
      "/api/tiktok/direct_post",
      `{"source_url": ${
        JSON.stringify(sourceUrl)
      }, "privacy": "SELF_ONLY", "privacy": "PUBLIC_TO_EVERYONE", "extra": ${atLimit}}`,
    );
    const named = await assertJsonError(twice, 400, "bad_request");
    assert.deepEqual(
      (named.issues as { path: string }[]).map((i) => i.path),
      ["privacy"],
    );
  } finally {
    await server.close();
  }
});
