/**
 * A `Content-Type` given twice (HTTP joins the two with a comma) is 415
 * `unsupported_media_type` saying it is given twice
 * (docs/api.md#limits-on-every-request), on a JSON route, an operation
 * taking no body and `/mcp` alike: not "send it as application/json" to a
 * client that did, nor a charset named `utf-8, application/json`.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { apiClientFor } from "./_helpers/api_client.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";

Deno.test("a Content-Type given twice is 415 naming the repeat, on /api and /mcp", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "two_types");
    const cases: [string, string, string][] = [
      ["POST", "/api/caption/check", '{"title":"hello"}'],
      ["DELETE", "/api/webhook", "{}"],
      ["POST", "/mcp", '{"jsonrpc":"2.0","id":1,"method":"ping"}'],
    ];
    for (const [method, path, body] of cases) {
      for (
        const types of [
          ["application/json", "application/json"],
          ["application/json; charset=utf-8", "application/json"],
        ]
      ) {
        const headers = new Headers({
          Authorization: `Bearer ${me.key}`,
          Accept: "application/json, text/event-stream",
        });
        for (const type of types) headers.append("Content-Type", type);
        const refused = await assertJsonError(
          await fetch(`${server.url}${path}`, { method, headers, body }),
          415,
          "unsupported_media_type",
        );
        assert.match(
          String(refused.message),
          /^The Content-Type header is given 2 times/,
          `${method} ${path} ${types.join(" + ")}`,
        );
      }
    }
    // A comma inside a quoted parameter is not a second header.
    const quoted = await fetch(`${server.url}/api/caption/check`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${me.key}`,
        "Content-Type": 'application/json; note="a, b"',
      },
      body: '{"title":"hello"}',
    });
    assert.equal(quoted.status, 200, await quoted.text());
  } finally {
    await server.close();
  }
});
