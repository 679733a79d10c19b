/**
 * A query parameter without a name (`?=5`, a template whose name variable
 * came out empty) is 400 `bad_request` saying so
 * (docs/api.md#limits-on-every-request), on `/api` and `/mcp`, rather than
 * dropped without a word as it was; empty pieces (`?&`, a trailing `&`)
 * are no parameters.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { apiClientFor } from "./_helpers/api_client.ts";
import { assertJsonError, assertJsonOk } from "./_helpers/http_asserts.ts";
import { postMcpRaw } from "./_helpers/mcp_client.ts";

Deno.test("a query parameter with no name is 400 on /api and /mcp; empty pieces are none", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "nameless");
    for (const query of ["?=5", "?limit=5&=x", "?="]) {
      const rest = await assertJsonError(
        await me.call("GET", `/api/jobs${query}`),
        400,
        "bad_request",
      );
      assert.match(String(rest.message), /has no name/, query);
      const mcp = await assertJsonError(
        await postMcpRaw(
          server.url,
          me.key,
          '{"jsonrpc":"2.0","id":1,"method":"ping"}',
          query,
        ),
        400,
        "bad_request",
      );
      assert.equal(mcp.message, rest.message, query);
    }
    for (const query of ["?&", "?limit=5&", "?"]) {
      await assertJsonOk(await me.call("GET", `/api/jobs${query}`));
    }
  } finally {
    await server.close();
  }
});
