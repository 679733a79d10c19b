/**
 * Browser clients of `/mcp` (docs/mcp.md#browser-clients): a CORS
 * preflight is answered without a key, the SDK's client sending an Origin
 * is served with `Access-Control-Allow-Origin: *`, its errors readable too,
 * and a browser's call addressed to another host than PM3K's (DNS
 * rebinding) is 403 before anything runs.
 */
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client";
// @ts-types="@modelcontextprotocol/sdk/client/streamableHttp"
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";
import { rawRequest } from "./_helpers/raw_request.ts";

const PAGE = "https://inspector.example";

const PING = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" });

/** Runs `test` with a test server and an account's key on it. */
async function withKey(
  name: string,
  test: (server: TestServer, key: string) => Promise<void>,
) {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, name);
    await test(server, me.key);
  } finally {
    await server.close();
  }
}

Deno.test("MCP CORS: a browser's preflight is answered 204 without a key, allowing MCP's headers", async () => {
  await withKey("mcp_cors_preflight", async (server, key) => {
    const res = await fetch(`${server.url}/mcp`, {
      method: "OPTIONS",
      headers: {
        Origin: PAGE,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers":
          "authorization,content-type,mcp-protocol-version",
      },
    });
    await res.body?.cancel();
    assert.equal(res.status, 204);
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    assert.equal(res.headers.get("access-control-allow-credentials"), null);
    const methods = res.headers.get("access-control-allow-methods") ?? "";
    assert.match(methods, /\bPOST\b/);
    // GET and DELETE answer 405, which the browser must let the client see.
    assert.match(methods, /\bGET\b/);
    assert.match(methods, /\bDELETE\b/);
    const allowed = (res.headers.get("access-control-allow-headers") ?? "")
      .toLowerCase().split(/,\s*/);
    for (
      const header of [
        "authorization",
        "content-type",
        "mcp-protocol-version",
        "mcp-session-id",
        "last-event-id",
      ]
    ) {
      assert.ok(allowed.includes(header), `${header} in ${allowed}`);
    }
    assert.ok(Number(res.headers.get("access-control-max-age")) > 0);
    // An OPTIONS that is no preflight is still the method /mcp does not take.
    const plain = await fetch(`${server.url}/mcp`, {
      method: "OPTIONS",
      headers: { Authorization: `Bearer ${key}` },
    });
    assert.equal(plain.headers.get("allow"), "POST");
    await assertJsonError(plain, 405, "method_not_allowed");
  });
});

Deno.test("MCP CORS: the SDK's client sending an Origin is served, every answer allowing any origin and exposing Mcp-Session-Id", async () => {
  await withKey("mcp_cors_client", async (server, key) => {
    const answers: Response[] = [];
    const client = new Client({ name: "browser-like", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
        requestInit: {
          headers: { Authorization: `Bearer ${key}`, Origin: PAGE },
        },
        fetch: async (url, init) => {
          const res = await fetch(url, init);
          answers.push(res);
          return res;
        },
      }),
    );
    try {
      const account = await client.callTool({
        name: "get_account",
        arguments: {},
      });
      assert.ok(!account.isError, JSON.stringify(account));
      // initialize, initialized, the GET that finds no stream (405), the call.
      assert.ok(answers.length >= 3, `${answers.length} answers`);
      for (const res of answers) {
        assert.equal(
          res.headers.get("access-control-allow-origin"),
          "*",
          `${res.status}`,
        );
        assert.match(
          res.headers.get("access-control-expose-headers") ?? "",
          /Mcp-Session-Id/,
        );
      }
      assert.ok(answers.some((res) => res.status === 405));
    } finally {
      await client.close();
    }
    // A refused key is readable by the page too, its challenge exposed.
    const refused = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: {
        Origin: PAGE,
        "Content-Type": "application/json",
        Accept: "application/json, text/event-stream",
      },
      body: PING,
    });
    assert.equal(refused.headers.get("access-control-allow-origin"), "*");
    assert.match(
      refused.headers.get("access-control-expose-headers") ?? "",
      /WWW-Authenticate/,
    );
    await assertJsonError(refused, 401, "unauthorized");
  });
});

Deno.test("MCP CORS: a browser's call addressed to another host than PM3K's (DNS rebinding) is 403 csrf_rejected, key or not, and the page can read why", async () => {
  await withKey("mcp_cors_rebinding", async (server, key) => {
    const port = new URL(server.url).port;
    // A page at rebound.example:<port>, its name pointed at PM3K's address:
    // the browser sends the page's own name as Host and as Origin. Raw, as
    // fetch() sends the URL's Host whatever it is given.
    const rebound = `rebound.example:${port}`;
    const call = (headers: Record<string, string>, method = "POST") =>
      rawRequest(server.url, "/mcp", method, {
        headers: {
          "Content-Type": "application/json",
          Accept: "text/event-stream",
          Authorization: `Bearer ${key}`,
          ...headers,
        },
        body: method === "POST" ? PING : undefined,
      });
    const refused = await call({ Host: rebound, Origin: `http://${rebound}` });
    assert.equal(refused.status, 403, refused.body);
    const body = JSON.parse(refused.body);
    assert.equal(body.error, "csrf_rejected");
    assert.match(body.message, /DNS rebinding/);
    assert.ok(body.message.includes(`${server.url}/mcp`), body.message);
    // A page behind a proxy that rewrites Host can read why: the refusal
    // carries CORS, and its preflight, which runs nothing, is answered.
    assert.match(refused.head, /access-control-allow-origin: \*/i);
    const preflight = await rawRequest(server.url, "/mcp", "OPTIONS", {
      headers: {
        Host: rebound,
        Origin: `http://${rebound}`,
        "Access-Control-Request-Method": "POST",
      },
    });
    assert.equal(preflight.status, 204, preflight.body);
    // The same Host without Origin is no browser: served.
    const agent = await call({ Host: rebound });
    assert.equal(agent.status, 200, agent.body);
    assert.equal(JSON.parse(agent.body).id, 1);
    // PM3K's own page (PUBLIC_BASE_URL's origin) passes whatever Host a
    // proxy sent.
    const own = await call({
      Host: `internal.example:${port}`,
      Origin: server.url,
    });
    assert.equal(own.status, 200, own.body);
    // And a page elsewhere calling PM3K by its own name is plain CORS.
    const elsewhere = await call({ Host: `127.0.0.1:${port}`, Origin: PAGE });
    assert.equal(elsewhere.status, 200, elsewhere.body);
    assert.match(elsewhere.head, /access-control-allow-origin: \*/i);
  });
});

Deno.test("MCP CORS: every refusal before the MCP message is read lets the page read it, the body limit's 413 included", async () => {
  await withKey("mcp_cors_refusals", async (server, key) => {
    const call = (
      headers: Record<string, string>,
      body: string,
      method = "POST",
    ) =>
      fetch(`${server.url}/mcp`, {
        method,
        headers: {
          Origin: PAGE,
          Accept: "application/json, text/event-stream",
          Authorization: `Bearer ${key}`,
          ...headers,
        },
        body: method === "POST" ? body : undefined,
      });
    const json = { "Content-Type": "application/json" };
    for (
      const [res, status, code] of [
        [
          await call(json, JSON.stringify({ pad: "x".repeat(70_000) })),
          413,
          "payload_too_large",
        ],
        [
          await call({ "Content-Type": "text/plain" }, PING),
          415,
          "unsupported_media_type",
        ],
        [
          await call({ ...json, Authorization: "Bearer nope" }, PING),
          401,
          "unauthorized",
        ],
        [await call({}, "", "DELETE"), 405, "method_not_allowed"],
      ] as const
    ) {
      assert.equal(res.headers.get("access-control-allow-origin"), "*", code);
      await assertJsonError(res, status, code);
    }
  });
});
