/**
 * `/mcp` takes no query parameter, as an `/api` operation documenting none
 * takes none (docs/mcp.md, docs/api.md#limits-on-every-request): one is
 * 400 `bad_request` naming it, in the words REST uses, before any tool
 * runs, never ignored.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { apiClientFor } from "./_helpers/api_client.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";
import { postMcpRaw, toolCallBody } from "./_helpers/mcp_client.ts";

Deno.test("/mcp refuses a query parameter as REST does, and runs no tool", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "mcp_query");
    for (const query of ["x=1", "privacy=SELF_ONLY", "x=1&x=2"]) {
      const rest = await assertJsonError(
        await me.call("POST", `/api/albums?${query}`),
        400,
        "bad_request",
      );
      const mcp = await assertJsonError(
        await postMcpRaw(
          `${server.url}`,
          me.key,
          toolCallBody("create_album"),
          `?${query}`,
        ),
        400,
        "bad_request",
      );
      assert.equal(mcp.message, rest.message, query);
      assert.deepEqual(mcp.issues, rest.issues, query);
    }
    const albums = await me.json("GET", "/api/albums");
    assert.deepEqual(albums.body.albums, [], "no album made");
    // Without a query the same call runs.
    const ran = await postMcpRaw(
      server.url,
      me.key,
      toolCallBody("create_album"),
    );
    assert.equal(ran.status, 200, await ran.clone().text());
    assert.equal((await ran.json()).result.isError, undefined);
  } finally {
    await server.close();
  }
});
